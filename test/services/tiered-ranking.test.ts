// The paging sequence over tiered pools (src/services/ranking/tiered-ranking.ts) on made-up pools
// that disagree the way approximate index scans do: a deeper pool finds items a shallower one
// missed, above and below what was already shown.
import { describe, expect, it } from "vitest";
import { CANDIDATE_DEPTHS, continueByKey, poolCache, type KeyCursor, type Keyed } from "../../src/services/ranking/tiered-ranking.ts";
import { mmrSequence } from "../../src/services/mmr.ts";
import { tierOf } from "../../src/services/ranking/tiered-ranking.ts";
import { seededRandom } from "../../src/util/random.ts";

/** A catalog of keys; pool(depth) = the true top `depth`, but each pool misses ~15 % of tracks (its own random subset). */
function catalog(n: number, seed: string) {
  const rng = seededRandom(seed);
  const items: Keyed[] = Array.from({ length: n }, (_, i) => ({ trackId: `t${String(i).padStart(5, "0")}`, key: Math.round(rng() * 2000) / 1000 }));
  let fetched = 0;
  const memo = new Map<number, Keyed[]>();
  const source = async (depth: number) => {
    fetched++;
    if (!memo.has(depth)) {
      const r = seededRandom(`${seed}:${depth}`);
      memo.set(depth, items.filter(() => r() > 0.15).sort((a, b) => b.key - a.key).slice(0, depth));
    }
    return memo.get(depth)!.map((x) => ({ ...x }));
  };
  return { items, source, fetched: () => fetched };
}

describe("continueByKey", () => {
  it("continues one sequence from every cursor: each item once, keys non-increasing, ties by id", async () => {
    const { source } = catalog(5000, "a");
    const pools = poolCache(source);
    const all = await continueByKey(pools, null, 1101);
    expect(all).toHaveLength(1101);
    expect(new Set(all.map((x) => x.trackId)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      expect(a.key > b.key || (a.key === b.key && a.trackId < b.trackId)).toBe(true);
    }
    for (const first of [1, 7, 10, 100]) {
      const walked: Keyed[] = [];
      let after: KeyCursor | null = null;
      while (walked.length < 1101) {
        const page: Array<Keyed & { rank: number }> = await continueByKey(poolCache(source), after, first);
        if (!page.length) break;
        walked.push(...page);
        const last: Keyed & { rank: number } = page.at(-1)!;
        after = { rank: last.rank, key: last.key, trackId: last.trackId };
      }
      expect(walked.slice(0, 1101).map((x) => x.trackId)).toEqual(all.map((x) => x.trackId));
    }
  });

  it("a first page of up to 128 costs one pool; crossing a boundary costs the next", async () => {
    const c = catalog(3000, "b");
    await continueByKey(poolCache(c.source), null, 101);
    expect(c.fetched()).toBe(1);
    const c2 = catalog(3000, "b");
    const head = await continueByKey(poolCache(c2.source), null, 120);
    await continueByKey(poolCache(c2.source), { rank: 120, key: head[119].key, trackId: head[119].trackId }, 20);
    expect(c2.fetched()).toBe(3);
  });

  it("ends when the deepest pool has nothing after the cursor (small catalogs)", async () => {
    const { source, items } = catalog(50, "c");
    const all = await continueByKey(poolCache(source), null, 100);
    expect(all.length).toBeLessThanOrEqual(items.length);
    expect(new Set(all.map((x) => x.trackId)).size).toBe(all.length);
  });

  it("a short pool (fewer items than its depth) ends the ranking: no deeper pool is asked, and every page size walks the same sequence", async () => {
    const c = catalog(60, "e");
    const all = await continueByKey(poolCache(c.source), null, 101);
    // the first pool missed some of the 60 tracks but is short, so the deeper ones are never fetched
    expect(c.fetched()).toBe(1);
    expect(all.length).toBeLessThan(60);
    for (const first of [1, 7, 10]) {
      const pools = poolCache(c.source);
      const walked: string[] = [];
      let after: KeyCursor | null = null;
      for (;;) {
        const page: Array<Keyed & { rank: number }> = await continueByKey(pools, after, first);
        if (!page.length) break;
        walked.push(...page.map((x) => x.trackId));
        const last = page.at(-1)!;
        after = { rank: last.rank, key: last.key, trackId: last.trackId };
      }
      expect(walked).toEqual(all.map((x) => x.trackId));
    }
    expect(c.fetched()).toBe(4);
  });
});

describe("mmrSequence", () => {
  it("any prefix length gives the same order (pages of any size agree), each item once", async () => {
    const { source } = catalog(3000, "d");
    const rng = seededRandom("v");
    const vectors = new Map<string, Float32Array>();
    const withVectors = async (depth: number) =>
      (await source(depth)).map((x) => {
        if (!vectors.has(x.trackId)) vectors.set(x.trackId, Float32Array.from([rng() - 0.5, rng() - 0.5, rng() - 0.5]).map((v, _, a) => v / Math.hypot(...a)));
        return { ...x, vector: vectors.get(x.trackId)! };
      });
    const full = await mmrSequence(poolCache(withVectors), tierOf, CANDIDATE_DEPTHS.length, 0.5, 400);
    expect(new Set(full.map((x) => x.trackId)).size).toBe(400);
    for (const n of [1, 7, 130, 390]) {
      const part = await mmrSequence(poolCache(withVectors), tierOf, CANDIDATE_DEPTHS.length, 0.5, n);
      expect(part.map((x) => x.trackId)).toEqual(full.slice(0, n).map((x) => x.trackId));
    }
  });

  it("stops at a short pool instead of fetching deeper ones", async () => {
    const c = catalog(60, "f");
    const withVectors = async (depth: number) => (await c.source(depth)).map((x, i) => ({ ...x, vector: Float32Array.from([Math.cos(i), Math.sin(i)]) }));
    const order = await mmrSequence(poolCache(withVectors), tierOf, CANDIDATE_DEPTHS.length, 0.5, 100);
    expect(c.fetched()).toBe(1);
    expect(order.length).toBe((await c.source(CANDIDATE_DEPTHS[0])).length);
  });
});
