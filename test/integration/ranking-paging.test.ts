// Paging every ranking over a catalog (5,000 tracks, seeded random vectors on the tiny real ONNX
// model) several times larger than the deepest candidate pool (1,152 per signal): walking the
// cursor with pages of 1, 7, 10 and 100 must show one sequence — the same tracks in the same
// order whatever the page size, each at most once, with order keys non-increasing and ties
// broken by id — across the pool boundaries at ranks 128 and 384, down to the deepest rank a
// client may reach (MAX_RANK_OFFSET). Method: src/services/ranking/tiered-ranking.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { SearchService, type PageRequest, type RankedHit, type RankedPage, type RankingOptions, type SearchOptions } from "../../src/services/search.service.ts";
import { DEFAULT_CONSTRAINT_WEIGHTS } from "../../src/services/query-constraints/constraint-rerank.ts";
import { tempoAgreement } from "../../src/services/query-constraints/tempo-agreement.ts";
import { MAX_RANK_OFFSET } from "../../src/services/limits.ts";
import { CANDIDATE_DEPTHS } from "../../src/services/ranking/tiered-ranking.ts";
import { MOOD_SORT_POOL } from "../../src/db/repositories/label-filter-sql.ts";
import { backends } from "../helpers/databases.ts";
import { cosine, tinyModelCatalogBulk, type CatalogTrack } from "../experiments/vector-catalog.ts";

const N = 5000;
const AUDIO: RankingOptions = { signal: "audio", alpha: 1 };
const DESCRIPTION: RankingOptions = { signal: "description", alpha: 0 };
const FUSED: RankingOptions = { signal: "fused", alpha: 0.5 };
const MMR: RankingOptions = { signal: "fused", alpha: 0.5, mmrLambda: 0.5 };
/**
 * How deep each page size walks: pages of 1 and 7 past the first pool boundary (rank 128), of 10
 * past the second (384), of 100 to the deepest rank a client may reach (1,100).
 */
const DEPTH: Record<number, number> = { 1: CANDIDATE_DEPTHS[0] + 5, 7: CANDIDATE_DEPTHS[0] + 12, 10: CANDIDATE_DEPTHS[1] + 16, 100: Infinity };

type Ask = (page: PageRequest) => Promise<RankedPage>;
interface Case {
  name: string;
  ask: Ask;
  /** the order key of a hit, computed independently; null = MMR (no per-track key) */
  key: ((h: RankedHit) => number) | null;
  /** where the walk ends (default: the deepest rank a client may reach) */
  length?: number;
}

describe.each(backends())("every ranking pages as one sequence on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let plain: SearchService;
  let constrained: SearchService;
  const cases: Case[] = [];

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalogBulk(db, { n: N, seed: "ranking-paging" }));
    plain = new SearchService(db, runtime, null, null, { queryConstraints: false });
    constrained = new SearchService(db, runtime, null, null, { queryConstraints: true });
    const bpm = new Map(tracks.map((t) => [t.id, t.bpm]));
    const text = (service: SearchService, q: string, r: RankingOptions, o: SearchOptions = {}): Ask => (p) => service.searchByText(q, p, r, o);
    const similar = (r: RankingOptions): Ask => (p) => plain.similarTracks(tracks[42].id, p, r);
    const score = (h: RankedHit) => h.score;
    cases.push(
      { name: "text, audio", ask: text(plain, "techno drums", AUDIO), key: score },
      { name: "text, description", ask: text(plain, "calm piano", DESCRIPTION), key: score },
      { name: "text, fused", ask: text(plain, "techno drums", FUSED), key: score },
      { name: "track, fused", ask: similar(FUSED), key: score },
      // one fixed set: the best MOOD_SORT_POOL relevance matches, by mood
      { name: "text, sorted by mood", ask: text(plain, "calm piano", AUDIO, { sort: { by: "mood", word: "drums" } }), key: score, length: MOOD_SORT_POOL },
      {
        name: "text with a tempo, fused",
        ask: text(constrained, "techno drums at 100 bpm", FUSED),
        key: (h) => h.score + DEFAULT_CONSTRAINT_WEIGHTS.tempo * tempoAgreement(100, bpm.get(h.trackId)!),
      },
      { name: "text, MMR", ask: text(plain, "techno drums", MMR), key: null },
    );
  }, 300_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  async function walk(ask: Ask, first: number, depth: number): Promise<RankedHit[]> {
    const hits: RankedHit[] = [];
    let after: string | null = null;
    while (hits.length < depth) {
      const page = await ask({ first, after });
      expect(page.hits.length, "a page is full unless it is the last").toBe(page.hasNextPage ? first : page.hits.length);
      hits.push(...page.hits);
      if (!page.hasNextPage || page.hits.at(-1)!.rank > MAX_RANK_OFFSET) break;
      after = page.hits.at(-1)!.cursor;
    }
    return hits.slice(0, depth);
  }

  it.each([0, 1, 2, 3, 4, 5, 6])("case %i: pages of 1, 7, 10 and 100 cut one sequence, each track once, keys non-increasing", async (i) => {
    const c = cases[i];
    const full = await walk(c.ask, 100, Infinity);
    // the walk goes to the deepest rank a client may reach, far past the first two pools
    expect(full.length, c.name).toBe(c.length ?? MAX_RANK_OFFSET + 100);
    expect(full.map((h) => h.rank)).toEqual(full.map((_, j) => j + 1));
    expect(new Set(full.map((h) => h.trackId)).size, `${c.name}: each track at most once`).toBe(full.length);
    if (c.key) {
      for (let j = 1; j < full.length; j++) {
        const [a, b] = [c.key(full[j - 1]), c.key(full[j])];
        const ordered = a > b + 1e-12 || (Math.abs(a - b) <= 1e-12 && full[j - 1].trackId < full[j].trackId);
        expect(ordered, `${c.name}: rank ${j} (${a}, ${full[j - 1].trackId}) before rank ${j + 1} (${b}, ${full[j].trackId})`).toBe(true);
      }
    }
    const one = (await c.ask({ first: 100 })).hits;
    expect(one.map((h) => h.trackId), `${c.name}: one page of 100`).toEqual(full.slice(0, 100).map((h) => h.trackId));
    for (const first of [1, 7, 10]) {
      const small = await walk(c.ask, first, DEPTH[first]);
      const firstDiff = small.findIndex((h, j) => h.trackId !== full[j].trackId);
      expect(firstDiff, `${c.name}, pages of ${first}: first rank that differs from pages of 100`).toBe(-1);
      expect(small.length).toBe(Math.min(DEPTH[first], full.length));
    }
  }, 600_000);

  it("scores are exact: every fused edge is 0.5·cos(audio) + 0.5·cos(description) of its track", async () => {
    const [q] = await runtime.encoder.embedTexts(["techno drums"]);
    const byId = new Map(tracks.map((t) => [t.id, t]));
    const norm = Math.sqrt(cosine(q, q));
    const hits = await walk((p) => plain.searchByText("techno drums", p, FUSED), 100, 300);
    for (const h of hits) {
      const t = byId.get(h.trackId)!;
      expect(h.score).toBeCloseTo(0.5 * (cosine(t.audio, q) / norm) + 0.5 * (cosine(t.description, q) / norm), 5);
    }
  }, 120_000);

  it("MMR's first item is the most relevant track, and the top of the plain ranking differs from MMR's", async () => {
    const [plainTop, mmrTop] = await Promise.all([plain.searchByText("techno drums", { first: 20 }, FUSED), plain.searchByText("techno drums", { first: 20 }, MMR)]);
    expect(mmrTop.hits[0].trackId).toBe(plainTop.hits[0].trackId);
    expect(mmrTop.hits.map((h) => h.trackId)).not.toEqual(plainTop.hits.map((h) => h.trackId));
  });
});
