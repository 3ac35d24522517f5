/**
 * Paging a ranking built on approximate candidate pools so that every page agrees with every
 * other: walking the cursor never shows a track twice, never goes back up in order, and pages of
 * any size cut the same sequence.
 *
 * The sequence. A ranking signal supplies `pool(depth)`: its candidates at one of a few fixed
 * depths (CANDIDATE_DEPTHS), each with an order key (the similarity, a mood's score, similarity +
 * tempo/key bonus, …), sorted by key descending then track id. A pool is a deterministic function
 * of the question and the depth, but pools of different depths need not agree (a deeper HNSW
 * scan finds neighbours a shallower one missed). Rank j of the sequence is
 *   the first item of pool(tierDepth(j)) strictly after rank j−1's (key, id),
 * falling through to the next deeper pool when that pool has nothing after it, and ending when
 * the deepest has nothing — or when the pool that has nothing after it is *short* (fewer items
 * than its depth: every candidate scan ran out, so the question has no more candidates and a
 * deeper pool would only repeat the statement). Rank j therefore depends only on j and rank j−1's (key, id) — which is
 * exactly what a cursor carries — so a page started from any cursor continues the same sequence,
 * and (key, id) strictly decreases along it: each track at most once, keys non-increasing, ties
 * by id. The first CANDIDATE_DEPTHS[0] ranks are one pool's exact order, so every page up to
 * MAX_PAGE_SIZE + 1 deep is cut from a single pool (and a single statement).
 *
 * What it costs: a page costs the one or two pools its ranks fall in. What it gives up: a track a
 * deeper pool finds *above* the cursor is skipped (it belonged in an earlier page that has already
 * been shown); it is never shown out of order or twice.
 *
 * Orders that are not a per-track key (MMR, interleaving) are built greedily over the same tiers
 * from rank 1 (`mmrSequence` in ../mmr.ts, the interleaver over two prefixes), addressed by rank.
 *
 * A new ranking signal (e.g. a keyword or hybrid score) only has to provide `pool(depth)` with
 * keys; paging, cursors and MMR come from here.
 */

/** Pool depths: ranks 1–128 come from the first (ef_search ≥ 128), 129–384 the second, then the last. */
export const CANDIDATE_DEPTHS = [128, 384, 1152] as const;

export interface Keyed {
  trackId: string;
  /** what orders the sequence: larger first */
  key: number;
}

/** Where a page starts: after rank `rank` whose item had (key, trackId); null = the beginning. */
export interface KeyCursor {
  rank: number;
  key: number;
  trackId: string;
}

export type PoolSource<T extends Keyed> = (depth: number) => Promise<T[]>;

/** Index of the tier that serves rank `rank` (1-based); CANDIDATE_DEPTHS.length when past the last. */
export function tierOf(rank: number): number {
  const i = CANDIDATE_DEPTHS.findIndex((d) => rank <= d);
  return i === -1 ? CANDIDATE_DEPTHS.length : i;
}

/** a before b in the sequence order: key descending, then track id ascending */
export function byKey(a: Keyed, b: Keyed): number {
  return b.key - a.key || (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : 0);
}

/** Sorts a pool into sequence order (stable for equal keys: by id). */
export function sortPool<T extends Keyed>(pool: T[]): T[] {
  return pool.sort(byKey);
}

/**
 * Pools fetched at most once per request, sorted. `fixedDepth`: a ranking defined over one
 * candidate set (mood sort: the best N relevance matches) uses that pool for every tier, so its
 * sequence is that pool's order and ends with it.
 */
export function poolCache<T extends Keyed>(source: PoolSource<T>, fixedDepth?: number): (tier: number) => Promise<T[]> {
  const cache = new Map<number, Promise<T[]>>();
  return (tier) => {
    const depth = fixedDepth ?? CANDIDATE_DEPTHS[tier];
    let hit = cache.get(depth);
    if (!hit) {
      hit = source(depth).then(sortPool);
      cache.set(depth, hit);
    }
    return hit;
  };
}

/**
 * A pool with fewer items than its tier's depth holds every candidate its scans could find (each
 * signal's scan is limited to the depth, so a union or a fusion shorter than it had nothing cut
 * off): nothing deeper is looked for. Where an iterative index scan stopped at
 * hnsw.max_scan_tuples a deeper scan might still find a few more; the sequence then ends where
 * this pool does, the same way on every page, since the rule depends only on the pool.
 */
export function isShort(pool: readonly unknown[], tier: number): boolean {
  return pool.length < CANDIDATE_DEPTHS[Math.min(tier, CANDIDATE_DEPTHS.length - 1)];
}

/** First index of `pool` (sorted) strictly after `anchor` in sequence order. */
function firstAfter(pool: readonly Keyed[], anchor: Keyed): number {
  let lo = 0;
  let hi = pool.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byKey(pool[mid], anchor) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Up to `count` items of the sequence following `after` (null = from rank 1), each with its rank.
 */
export async function continueByKey<T extends Keyed>(
  pools: (tier: number) => Promise<T[]>,
  after: KeyCursor | null,
  count: number,
): Promise<Array<T & { rank: number }>> {
  const out: Array<T & { rank: number }> = [];
  let rank = after?.rank ?? 0;
  let anchor: Keyed | null = after ? { key: after.key, trackId: after.trackId } : null;
  while (out.length < count) {
    let next: T | null = null;
    for (let tier = tierOf(rank + 1); tier < CANDIDATE_DEPTHS.length && !next; tier++) {
      const pool = await pools(tier);
      const i = anchor ? firstAfter(pool, anchor) : 0;
      if (i < pool.length) next = pool[i];
      else if (isShort(pool, tier)) break;
    }
    if (!next) break;
    rank++;
    out.push({ ...next, rank });
    anchor = next;
  }
  return out;
}
