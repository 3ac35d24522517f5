/**
 * Index recall@k of one approximate answer: the share of the exact top k it contains. This
 * measures an ANN index against brute force, not retrieval quality (that is "found at k" in
 * src/eval/retrieval-metrics.ts, where a query's relevant tracks come from the data set). When fewer than
 * k items exist (a selective filter), the denominator is what exists.
 */
export function indexRecallAtK(approx: readonly string[], exact: readonly string[], k: number): number {
  const truth = exact.slice(0, k);
  if (truth.length === 0) return 1;
  const found = new Set(approx.slice(0, k));
  return truth.filter((id) => found.has(id)).length / truth.length;
}

export function meanIndexRecallAtK(approx: readonly (readonly string[])[], exact: readonly (readonly string[])[], k: number): number {
  if (approx.length !== exact.length) throw new Error(`recall: ${approx.length} answers for ${exact.length} queries`);
  if (approx.length === 0) return Number.NaN;
  return approx.reduce((s, a, i) => s + indexRecallAtK(a, exact[i], k), 0) / approx.length;
}

/**
 * Exact top-k by cosine over unit vectors (dot product), brute force: the ground truth every
 * index is scored against. `accept` restricts the candidates (the filtered case).
 */
export function exactTopK(vectors: readonly Float32Array[], query: Float32Array, k: number, accept?: (i: number) => boolean): number[] {
  const best: Array<{ i: number; s: number }> = [];
  for (let i = 0; i < vectors.length; i++) {
    if (accept && !accept(i)) continue;
    const v = vectors[i];
    let s = 0;
    for (let j = 0; j < v.length; j++) s += v[j] * query[j];
    if (best.length < k) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
    } else if (s > best[k - 1].s) {
      best[k - 1] = { i, s };
      best.sort((a, b) => b.s - a.s);
    }
  }
  return best.map((b) => b.i);
}
