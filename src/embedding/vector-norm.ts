/** Euclidean norm. A zero vector has no direction: cosine similarity with it is undefined (NaN). */
export function vectorNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Scales to unit length in place (a zero vector stays zero) and returns it. */
export function l2Normalize(v: Float32Array): Float32Array {
  const norm = vectorNorm(v);
  const inv = norm > 0 ? 1 / norm : 0;
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

export function hasDirection(v: ArrayLike<number>): boolean {
  const n = vectorNorm(v);
  return Number.isFinite(n) && n > 1e-6;
}
