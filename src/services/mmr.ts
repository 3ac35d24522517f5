/**
 * Maximal marginal relevance (Carbonell & Goldstein, SIGIR 1998): re-orders a relevance ranking
 * so that each next item maximises λ·relevance − (1 − λ)·max similarity to the items already
 * chosen. λ = 1 is the plain ranking; lower λ trades relevance for variety (fewer near-duplicates
 * of the top hit). Deterministic: ties keep the input order, so pages built on it are stable.
 */
import { cosineSimilarity } from "../embedding/vector-norm.ts";

export interface MmrCandidate {
  trackId: string;
  score: number;
  /** the vector items are compared by (unit length); null → never counted as similar */
  vector: Float32Array | null;
}

/** The first `k` items of the MMR order of `candidates` (given best first). */
export function mmrRerank<T extends MmrCandidate>(candidates: readonly T[], lambda: number, k: number): T[] {
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`mmr lambda must be in [0, 1], got ${lambda}`);
  const remaining = [...candidates];
  const chosen: T[] = [];
  // Largest similarity of each remaining candidate to anything chosen so far (updated incrementally).
  const maxSim = new Map<T, number>(remaining.map((c) => [c, 0]));
  while (chosen.length < k && remaining.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    for (let i = 0; i < remaining.length; i++) {
      const c = remaining[i];
      const value = lambda * c.score - (1 - lambda) * (chosen.length ? maxSim.get(c)! : 0);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const [pick] = remaining.splice(best, 1);
    chosen.push(pick);
    if (pick.vector) {
      for (const c of remaining) {
        if (c.vector) maxSim.set(c, Math.max(maxSim.get(c)!, cosineSimilarity(c.vector, pick.vector)));
      }
    }
  }
  return chosen;
}
