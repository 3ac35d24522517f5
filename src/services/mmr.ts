/**
 * Maximal marginal relevance (Carbonell & Goldstein, SIGIR 1998): re-orders a relevance ranking
 * so that each next item maximises λ·relevance − (1 − λ)·max similarity to the items already
 * chosen. λ = 1 is the plain ranking; lower λ trades relevance for variety (fewer near-duplicates
 * of the top hit). Deterministic: ties keep the input order, so pages built on it are stable.
 */
import { cosineSimilarity } from "../embedding/vector-norm.ts";
import { isShort } from "./ranking/tiered-ranking.ts";

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

/**
 * The first `count` items of an MMR order over tiered candidate pools (ranking/tiered-ranking.ts):
 * rank j is the best remaining item of the pool serving rank j (falling through to deeper pools
 * when it has none left, unless it is short), so ranks up to the first depth depend on the first pool only and any
 * page is cut from the same order whatever its size. Relevance is each item's `key`.
 */
export async function mmrSequence<T extends { trackId: string; key: number; vector: Float32Array | null }>(
  pools: (tier: number) => Promise<T[]>,
  tierOf: (rank: number) => number,
  tiers: number,
  lambda: number,
  count: number,
): Promise<T[]> {
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`mmr lambda must be in [0, 1], got ${lambda}`);
  const chosen: T[] = [];
  const chosenIds = new Set<string>();
  // Largest similarity of each candidate seen so far to anything chosen (by track id: a track
  // may sit in several pools, with the same vector).
  const maxSim = new Map<string, { s: number; vector: Float32Array }>();
  const similarity = (c: T) => {
    if (!c.vector) return 0;
    let m = maxSim.get(c.trackId);
    if (m === undefined) {
      let s = 0;
      for (const p of chosen) if (p.vector) s = Math.max(s, cosineSimilarity(c.vector, p.vector));
      m = { s, vector: c.vector };
      maxSim.set(c.trackId, m);
    }
    return m.s;
  };
  while (chosen.length < count) {
    let pick: T | null = null;
    for (let tier = tierOf(chosen.length + 1); tier < tiers && !pick; tier++) {
      let bestValue = -Infinity;
      const pool = await pools(tier);
      for (const c of pool) {
        if (chosenIds.has(c.trackId)) continue;
        const value = lambda * c.key - (1 - lambda) * (chosen.length ? similarity(c) : 0);
        if (value > bestValue) {
          bestValue = value;
          pick = c;
        }
      }
      // a short pool holds every candidate there is: no deeper pool is fetched (tiered-ranking.ts)
      if (!pick && isShort(pool, tier)) break;
    }
    if (!pick) break;
    chosen.push(pick);
    chosenIds.add(pick.trackId);
    // only candidates already measured are updated; the rest are measured against all chosen on first use
    if (pick.vector) for (const m of maxSim.values()) m.s = Math.max(m.s, cosineSimilarity(m.vector, pick.vector));
  }
  return chosen;
}
