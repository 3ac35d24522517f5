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

/**
 * Unit vector `v` (already unit length) moved away from `centre` and renormalised: the text tower's
 * query centring (model.json `text.centre`). Ranking by (q − μ)·a is ranking by q·a − μ·a, so each
 * track loses its similarity to a generic caption — a hubness correction measured in
 * docs/model-levers.md. Returns a new vector; `v` is left as it was.
 */
export function centreAndNormalize(v: Float32Array, centre: ArrayLike<number>): Float32Array {
  if (centre.length !== v.length) throw new Error(`text centre has ${centre.length} values, the vector ${v.length}`);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] - centre[i];
  return l2Normalize(out);
}

/** Cosine of the angle between two vectors; 0 when either has no direction (a zero vector). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export function hasDirection(v: ArrayLike<number>): boolean {
  const n = vectorNorm(v);
  return Number.isFinite(n) && n > 1e-6;
}
