// Tempo/key re-ranking of SearchService.searchByText on both back ends, over 1,200 tracks with
// seeded random vectors and a catalog bpm each (real repositories and SQL, the tiny real ONNX model).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { SearchService, type RankingOptions } from "../../src/services/search.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { DEFAULT_CONSTRAINT_WEIGHTS } from "../../src/services/query-constraints/constraint-rerank.ts";
import { CANDIDATE_DEPTHS } from "../../src/services/ranking/tiered-ranking.ts";
import { tempoAgreement } from "../../src/services/query-constraints/tempo-agreement.ts";
import { backends } from "../helpers/databases.ts";
import { tinyModelCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";

const FUSED: RankingOptions = { signal: "fused", alpha: 0.5 };
const AUDIO: RankingOptions = { signal: "audio", alpha: 1 };
const TEXT = "techno drums at 100 bpm";

describe.each(backends())("query constraints in text search on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let on: SearchService;
  let off: SearchService;
  const bpmOf = () => new Map(tracks.map((t) => [t.id, t.bpm]));

  /** The whole ranking to `depth` through pages of `first`. */
  async function pages(service: SearchService, first: number, depth: number, ranking: RankingOptions = AUDIO, text = TEXT) {
    const hits = [];
    let after: string | null = null;
    while (hits.length < depth) {
      const page = await service.searchByText(text, { first, after }, ranking);
      hits.push(...page.hits);
      if (!page.hasNextPage) break;
      after = page.hits.at(-1)!.cursor;
    }
    return hits;
  }

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 1200, seed: "constraints" }));
    on = new SearchService(db, runtime);
    off = new SearchService(db, runtime, null, null, { queryConstraints: false });
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("orders the first pool by score + tempo bonus and the whole walk by that key, keeping each track's own score", async () => {
    const base = await pages(off, 100, 300);
    const constrained = await pages(on, 100, 300);
    const bpm = bpmOf();
    const key = (h: { trackId: string; score: number }) => h.score + DEFAULT_CONSTRAINT_WEIGHTS.tempo * tempoAgreement(100, bpm.get(h.trackId)!);
    // the first pool is one candidate set for both: the same tracks, re-sorted by the key
    const first = CANDIDATE_DEPTHS[0];
    const expected = base
      .slice(0, first)
      .map((h) => ({ id: h.trackId, v: key(h) }))
      .sort((a, b) => b.v - a.v || (a.id < b.id ? -1 : 1))
      .map((x) => x.id);
    expect(constrained.slice(0, first).map((h) => h.trackId)).toEqual(expected);
    // past it, the walk continues in deeper pools, still by the key, each track once
    for (let i = 1; i < constrained.length; i++) expect(key(constrained[i - 1])).toBeGreaterThanOrEqual(key(constrained[i]));
    expect(new Set(constrained.map((h) => h.trackId)).size).toBe(constrained.length);
    const baseScore = new Map(base.map((h) => [h.trackId, h.score]));
    for (const h of constrained.slice(0, first)) expect(h.score).toBeCloseTo(baseScore.get(h.trackId)!, 6);
    expect(constrained.map((h) => h.rank)).toEqual(constrained.map((_, i) => i + 1));
    // the point of it: more of the top 10 near the asked tempo
    const near = (hs: typeof base) => hs.slice(0, 10).filter((h) => Math.abs(bpm.get(h.trackId)! - 100) <= 4).length;
    expect(near(constrained)).toBeGreaterThan(near(base));
  });

  it("pages of any size, across the first pool's edge, cut the same order", async () => {
    const whole = (await pages(on, 100, 260)).map((h) => h.trackId);
    const small = (await pages(on, 7, 260)).map((h) => h.trackId);
    expect(small.slice(0, 260)).toEqual(whole.slice(0, 260));
    expect(new Set(small).size).toBe(small.length);
  });

  it("with FUSED, pages of 9 cut the same order as one page of 100", async () => {
    const whole = (await pages(on, 100, 100, FUSED)).slice(0, 100).map((h) => h.trackId);
    const small = (await pages(on, 9, 100, FUSED)).slice(0, 100).map((h) => h.trackId);
    expect(small).toEqual(whole);
  });

  it("reports what it understood; off by request or by server default", async () => {
    expect((await on.searchByText(TEXT, { first: 3 }, FUSED)).interpreted).toEqual({ bpm: 100, key: null });
    expect((await on.searchByText("techno in F# minor", { first: 3 }, FUSED)).interpreted).toEqual({ bpm: null, key: "F# minor" });
    expect((await on.searchByText(TEXT, { first: 3 }, FUSED, { queryConstraints: false })).interpreted).toBeNull();
    expect((await off.searchByText(TEXT, { first: 3 }, FUSED)).interpreted).toBeNull();
    expect((await off.searchByText(TEXT, { first: 3 }, FUSED, { queryConstraints: true })).interpreted).toEqual({ bpm: 100, key: null });
    expect((await on.searchByText("techno drums", { first: 3 }, FUSED)).interpreted).toBeNull();
  });

  it("with MMR, the boosted score is the relevance and edges still report their similarity", async () => {
    const mmr: RankingOptions = { ...AUDIO, mmrLambda: 0.9 };
    const baseScore = new Map((await pages(off, 100, 400)).map((h) => [h.trackId, h.score]));
    const withC = await on.searchByText(TEXT, { first: 20 }, mmr);
    const withoutC = await off.searchByText(TEXT, { first: 20 }, mmr);
    for (const h of withC.hits) expect(h.score).toBeCloseTo(baseScore.get(h.trackId)!, 6);
    expect(withC.interpreted).toEqual({ bpm: 100, key: null });
    const bpm = bpmOf();
    const near = (hs: typeof withC.hits) => hs.filter((h) => Math.abs(bpm.get(h.trackId)! - 100) <= 4).length;
    expect(near(withC.hits)).toBeGreaterThan(near(withoutC.hits));
  });
});
