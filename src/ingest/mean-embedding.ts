import { l2Normalize } from "../embedding/vector-norm.ts";

/** L2-normalised mean of unit vectors: the fused embedding of a track's descriptions. */
export function meanEmbedding(vectors: readonly Float32Array[]): Float32Array {
  if (vectors.length === 0) throw new Error("meanEmbedding of no vectors");
  const sum = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < sum.length; i++) sum[i] += v[i];
  // the mean's direction: dividing by the count first would not change it
  return l2Normalize(sum);
}
