/**
 * Zero-shot mood scores in the shared space, calibrated as a centred logistic:
 *
 *   score(track, word) = σ( (cos(a, w) − mean_{v ∈ V} cos(a, v)) / T )
 *
 * where `a` is the track's audio embedding, `w` the text-tower vector of the word (or of its label
 * cluster's centroid), V the default mood vocabulary and T a temperature. Subtracting the mean
 * over the vocabulary removes what every mood word shares with the track (a track that is close
 * to all of them is not "more wistful"); 0.5 means "as close to this word as to the average mood
 * word". Because `a` is unit length, cos(a, w) − mean cos(a, v) = a·(w − v̄) = |q|·cos(a, q) with
 * q = w − v̄: one cosine with a fixed query vector, so SQL can rank and filter by it with
 * pgvector's `<=>` (and the HNSW index) — see moodQuery().
 */

/** Spread of centred cosines on tunelens-default: ±0.1 around the vocabulary mean maps to ≈0.1–0.9. */
export const MOOD_TEMPERATURE = 0.05;

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Mean of unit vectors (not re-normalised: a·v̄ is then the mean cosine). */
export function vocabularyMean(vectors: readonly Float32Array[], dimensions: number): Float32Array {
  const out = new Float32Array(dimensions);
  for (const v of vectors) {
    const n = norm(v) || 1;
    for (let i = 0; i < dimensions; i++) out[i] += v[i] / n / vectors.length;
  }
  return out;
}

/** The query of one word: unit direction q̂ and length |q| of q = ŵ − v̄. */
export interface MoodQuery {
  direction: Float32Array;
  length: number;
  temperature: number;
}

export function moodQuery(word: Float32Array, mean: Float32Array, temperature = MOOD_TEMPERATURE): MoodQuery {
  const n = norm(word) || 1;
  const q = new Float32Array(word.length);
  for (let i = 0; i < q.length; i++) q[i] = word[i] / n - mean[i];
  const length = norm(q);
  const direction = new Float32Array(q.length);
  if (length > 0) for (let i = 0; i < q.length; i++) direction[i] = q[i] / length;
  return { direction, length, temperature };
}

/** Calibrated score of a unit audio vector. */
export function moodScore(audio: Float32Array, q: MoodQuery): number {
  return sigmoid((q.length * dot(audio, q.direction)) / (norm(audio) || 1) / q.temperature);
}

/** The cosine with q̂ a track needs for score ≥ minScore (SQL filters on the cosine). */
export function cosineForScore(minScore: number, q: MoodQuery): number {
  if (q.length === 0) return minScore <= 0.5 ? -2 : 2;
  return (q.temperature * logit(minScore)) / q.length;
}
