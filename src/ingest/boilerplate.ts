/**
 * Text that says nothing about the music: what encoders, rippers and taggers write into file tags
 * ("Processed by SoX", "Lavf58.76.100", iTunes normalisation blocks) and catalog ids (AllMusic
 * MW0000123456 / P 12345, MusicBrainz or other UUIDs, bare URLs and numbers). Kept out of the
 * descriptions a track is embedded from and out of what the LLM is told (issue #19): such a
 * sentence would pull unrelated tracks together in the text space and invite the LLM to guess.
 */
const JUNK: readonly RegExp[] = [
  /\bprocessed by sox\b/i,
  /^\s*(encoded|ripped|created|converted|generated|made|tagged)\s+(by|with|using)\b/i,
  /\b(lavf|lavc|lame|libvorbis|libopus|xiph\.org|aoTuV|itunnorm|itunsmpb|itunpgap|exact audio copy|\bEAC\b|foobar2000|audacity|mediamonkey|mp3tag)\b/i,
  /\ballmusic\b|\bamg\s*(id|#)|\b[MPRWT]\s?\d{6,}\b|\bMW\d{10}\b|\bmn\d{10}\b/i,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
  /^\s*(https?:\/\/|www\.)\S+\s*$/i,
  // no letter in any script: numbers, punctuation, symbols
  /^[\s\p{N}\p{P}\p{S}]*$/u,
  /^\s*(track|cd|disc|side)\s*\d+\s*$/i,
  /^\s*([0-9A-F]{8}\s+){3,}[0-9A-F]{8}\s*$/i,
];

export function isBoilerplate(text: string): boolean {
  return JUNK.some((re) => re.test(text));
}

/** The texts worth keeping, trimmed, in order, without boilerplate. */
export function meaningfulTexts(texts: readonly string[]): string[] {
  return texts.map((t) => t.trim()).filter((t) => t.length > 0 && !isBoilerplate(t));
}
