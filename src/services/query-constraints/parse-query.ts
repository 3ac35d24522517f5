/**
 * Explicit tempo and key in a search text ("house at 124 bpm in A minor", "The tempo of this song
 * is 128.0 beats per minute. The key of this song is G minor."). The text tower reads words, not
 * numbers or key names, so these are lifted out here and matched against the catalog's BPM and
 * key instead (query-constraint-rerank.ts).
 *
 * Deliberately conservative: a wrong reading re-orders results the user did not ask to re-order,
 * while a missed one only leaves the embedding ranking as it was. Hence:
 * - a tempo needs a number with a tempo word next to it ("124 bpm", "90 BPM", "128.0 beats per
 *   minute", "tempo of 92", "BPM: 120"); "mid-tempo 90s hip hop" and "4/4" are not tempos;
 * - a key needs a tonic letter and an explicit "major"/"minor" ("in Bb major", "key is F# minor",
 *   "E flat major"); chord symbols ("Gm, A7, Eb") and bare letters are not keys;
 * - "a"/"A" is also an article, so "A minor"/"A major" count only after "in"/"key of"/"key is" or
 *   when nothing but punctuation follows ("A major hit", "in a minor key" are not keys);
 * - modes (dorian, mixolydian, …) are not read: the key estimator knows only major and minor.
 */
import { accidentalOffset, makeKey, type Mode, type MusicalKey } from "./musical-key.ts";

export const MIN_QUERY_BPM = 30;
export const MAX_QUERY_BPM = 300;

export interface QueryConstraints {
  /** asked-for tempo in beats per minute (a range's geometric middle), or null */
  bpm: number | null;
  key: MusicalKey | null;
  /** the key as the query spelled it, normalised ("Gb major", "F# minor"); null without a key */
  keyName: string | null;
}

const NUMBER = String.raw`(\d{2,3}(?:\.\d+)?)`;

/** "124 bpm", "128.0 beats per minute", "120-130 BPM", "90bpm", "100 b.p.m." */
const TEMPO_SUFFIX = new RegExp(
  String.raw`(?<![\d.,])${NUMBER}(?:\s*(?:-|–|to)\s*${NUMBER})?\s*-?\s*(?:bpm|b\.p\.m\b\.?|beats?\s+(?:per|a|each)\s+min(?:ute)?|beats?\s*\/\s*min(?:ute)?)(?![a-z])`,
  "gi",
);

/**
 * "tempo of 92", "tempo is 75", "The tempo of this song is 92.", "BPM: 120", "tempo ~ 128".
 * "tempo" glued to a word ("mid-tempo", "uptempo") is a feel, not a number; the number must end
 * the clause or be followed by a word, so "tempo 90s" and "tempo 4/4" are not read.
 */
const TEMPO_PREFIX = new RegExp(
  String.raw`(?<![-\w])(?:bpm|tempo)(?:\s+(?:of|is|was|at|around|about|approximately|roughly|near|this|the|song|track|piece|tune|music|should|be|set|to))*\s*[:=~≈]?\s*(?:around|about|approximately|roughly|~|≈)?\s*${NUMBER}(?=\s*$|\s*[.,;:!?)\]]|\s+[a-z])`,
  "gi",
);

/**
 * Tonic letter, accidental, mode. Letter case is checked afterwards (lowercase only in a
 * "key of …" context). The "b" accidental must be followed by the separator ("Bb major"), so
 * "A blues" never reads as A-flat.
 */
const KEY =
  /(?<![\p{L}\p{N}])([A-Ga-g])((?:\s?[#♯♭])|b(?=[\s-])|[-\s](?:sharp|flat)(?=[\s-]))?[\s-]*((?:(?:harmonic|melodic|natural)\s+)?(?:major|minor)|maj|min|aeolian|ionian)(?![\p{L}\p{N}])/giu;

/** "key of ", "key is ", "The key of this song is ", "key: " just before the key */
const KEY_CONTEXT = /\bkey\b[^.;!?\n]{0,40}?(?:\bof|\bis|\bwas|\bin|:|=)\s*$/i;
const IN_CONTEXT = /\bin\s+$/i;
/** after a bare "A minor": the clause ends, or it is plainly about the key */
const KEY_TAIL = /^\s*(?:$|[.,;:!?)\]—–-]|(?:key|scale|tonality|at|with|and|or)\b)/i;

function inRange(bpm: number): boolean {
  return Number.isFinite(bpm) && bpm >= MIN_QUERY_BPM && bpm <= MAX_QUERY_BPM;
}

/** The first explicit tempo in `text`, or null. */
export function parseTempo(text: string): number | null {
  type Hit = { at: number; bpm: number };
  const hits: Hit[] = [];
  for (const m of text.matchAll(TEMPO_SUFFIX)) {
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : null;
    if (b !== null) {
      if (inRange(a) && inRange(b) && b >= a) hits.push({ at: m.index!, bpm: Math.sqrt(a * b) });
    } else if (inRange(a)) hits.push({ at: m.index!, bpm: a });
  }
  for (const m of text.matchAll(TEMPO_PREFIX)) {
    const a = Number(m[1]);
    if (inRange(a)) hits.push({ at: m.index!, bpm: a });
  }
  if (!hits.length) return null;
  hits.sort((x, y) => x.at - y.at);
  return Math.round(hits[0].bpm * 10) / 10;
}

function modeOf(word: string): Mode {
  const w = word.toLowerCase();
  return w.startsWith("maj") || w === "ionian" ? "major" : "minor";
}

/** The first explicit major/minor key in `text` and its normalised spelling, or null. */
export function parseKey(text: string): { key: MusicalKey; name: string } | null {
  for (const m of text.matchAll(KEY)) {
    const [whole, letter, accidental = "", modeWord] = m;
    const before = text.slice(0, m.index);
    const after = text.slice(m.index! + whole.length);
    const keyContext = KEY_CONTEXT.test(before);
    const anyContext = keyContext || IN_CONTEXT.test(before);
    // lowercase letters are words far more often than keys ("a minor", "be minor")
    if (letter !== letter.toUpperCase() && !keyContext) continue;
    // "maj"/"min" abbreviate many things; only trusted where a key is expected
    if (/^(maj|min)$/i.test(modeWord) && !anyContext) continue;
    // "A" is also the article: "A major hit", "A minor-key ballad"
    if (letter.toUpperCase() === "A" && !accidental && !anyContext && !KEY_TAIL.test(after)) continue;
    if (/^-/.test(after) && !anyContext) continue;
    const mode = modeOf(modeWord.split(/\s+/).at(-1)!);
    const key = makeKey(letter, accidental.trim(), mode);
    const offset = accidentalOffset(accidental.trim());
    if (key) return { key, name: `${letter.toUpperCase()}${offset === 1 ? "#" : offset === -1 ? "b" : ""} ${mode}` };
  }
  return null;
}

/** Tempo and key stated in `text`; null when it states neither. */
export function parseQueryConstraints(text: string): QueryConstraints | null {
  const bpm = parseTempo(text);
  const key = parseKey(text);
  return bpm === null && key === null ? null : { bpm, key: key?.key ?? null, keyName: key?.name ?? null };
}
