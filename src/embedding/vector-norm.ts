/** Euclidean norm. A zero vector has no direction: cosine similarity with it is undefined (NaN). */
export function vectorNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

export function hasDirection(v: ArrayLike<number>): boolean {
  const n = vectorNorm(v);
  return Number.isFinite(n) && n > 1e-6;
}
