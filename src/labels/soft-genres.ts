/**
 * Soft genre labels: a distribution over the genre vocabulary per track, mixed from four sources
 * that each give a distribution (or nothing):
 *   (a) catalog / file-tag genres and catalog tags,   (b) genre words in descriptions,
 *   (c) the tag genres of the nearest tracks by audio, (d) zero-shot genre scores of the audio.
 * A source that says nothing drops out and the others' weights are renormalised, so the result
 * always sums to 1 when any source speaks.
 */

/** Tags are what a catalog or the file itself asserts: the most direct evidence. */
export const WEIGHT_TAGS = 0.4;
/** Descriptions (web pages, LLM, users) name genres too, but also mention them in passing ("not jazz"). */
export const WEIGHT_DESCRIPTIONS = 0.25;
/** Neighbours carry what similar-sounding tracks are labelled: good for unlabelled tracks, blurry at borders. */
export const WEIGHT_NEIGHBOURS = 0.2;
/** Zero-shot scores always exist but are the weakest evidence (a text tower trained on synthetic captions). */
export const WEIGHT_ZERO_SHOT = 0.15;

/** Labels below this share are dropped (then the rest renormalised): a long tail of 0.2 % says nothing. */
export const MIN_GENRE_SHARE = 0.02;
/** Zero-shot softmax temperature over cosine similarities (cosines of one track span ~0.2). */
export const GENRE_TEMPERATURE = 0.05;

export type Distribution = Map<string, number>;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "&" as "and", hyphens as spaces ("trip-hop" = "trip hop", "doo wop" = "doo-wop"), one space between words. */
const spell = (s: string) => s.toLowerCase().replace(/&/g, " and ").replace(/-/g, " ").replace(/\s+/g, " ").trim();

/** Vocabulary labels named in `text` as whole words ("deep house" names house; "housework" does not). */
export function labelsIn(text: string, vocabulary: readonly string[]): string[] {
  const t = spell(text);
  return vocabulary.filter((label) => new RegExp(`(^|[^\\p{L}\\p{N}])${escape(spell(label))}($|[^\\p{L}\\p{N}])`, "u").test(t));
}

/** Equal shares over the labels found (counting repeats), or null when none is. */
export function votes(labels: readonly string[]): Distribution | null {
  if (!labels.length) return null;
  const d: Distribution = new Map();
  for (const l of labels) d.set(l, (d.get(l) ?? 0) + 1 / labels.length);
  return d;
}

/** Genre strings a track's metadata asserts: `genre`, file-tag `genre`, catalog `tags`. */
export function metadataGenreStrings(metadata: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === "string") out.push(...v.split(/\s*[,;/]\s*/));
    else if (Array.isArray(v)) v.forEach(add);
  };
  add(metadata.genre);
  add((metadata.fileTags as Record<string, unknown> | undefined)?.genre);
  add(metadata.tags);
  return out.filter((s) => s.trim().length > 0);
}

export function tagDistribution(metadata: Record<string, unknown>, vocabulary: readonly string[]): Distribution | null {
  return votes(metadataGenreStrings(metadata).flatMap((s) => labelsIn(s, vocabulary)));
}

export function descriptionDistribution(texts: readonly string[], vocabulary: readonly string[]): Distribution | null {
  return votes(texts.flatMap((t) => labelsIn(t, vocabulary)));
}

/** Similarity-weighted vote of the neighbours' tag distributions. */
export function neighbourDistribution(neighbours: ReadonlyArray<{ similarity: number; tags: Distribution | null }>): Distribution | null {
  const d: Distribution = new Map();
  let total = 0;
  for (const n of neighbours) {
    if (!n.tags) continue;
    const w = Math.max(0, n.similarity);
    for (const [l, s] of n.tags) d.set(l, (d.get(l) ?? 0) + w * s);
    total += w;
  }
  if (total === 0) return null;
  for (const [l, s] of d) d.set(l, s / total);
  return d;
}

/** Softmax over the vocabulary of cosine / temperature. */
export function zeroShotDistribution(cosines: ReadonlyMap<string, number>, temperature = GENRE_TEMPERATURE): Distribution | null {
  if (!cosines.size) return null;
  const max = Math.max(...cosines.values());
  const d: Distribution = new Map();
  let z = 0;
  for (const [l, c] of cosines) {
    const e = Math.exp((c - max) / temperature);
    d.set(l, e);
    z += e;
  }
  for (const [l, e] of d) d.set(l, e / z);
  return d;
}

/**
 * Weighted mixture of the sources present, tail below MIN_GENRE_SHARE dropped, renormalised to
 * sum to 1; best first. Empty when no source speaks.
 */
export function mixGenres(sources: ReadonlyArray<{ weight: number; distribution: Distribution | null }>): Array<{ label: string; score: number }> {
  const present = sources.filter((s) => s.distribution && s.distribution.size > 0 && s.weight > 0);
  const totalWeight = present.reduce((a, s) => a + s.weight, 0);
  if (totalWeight === 0) return [];
  const mixed: Distribution = new Map();
  for (const s of present) for (const [l, p] of s.distribution!) mixed.set(l, (mixed.get(l) ?? 0) + (s.weight / totalWeight) * p);
  let kept = [...mixed].filter(([, p]) => p >= MIN_GENRE_SHARE);
  if (!kept.length) kept = [[...mixed].sort((a, b) => b[1] - a[1])[0]];
  const z = kept.reduce((a, [, p]) => a + p, 0);
  return kept.map(([label, p]) => ({ label, score: p / z })).sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
}
