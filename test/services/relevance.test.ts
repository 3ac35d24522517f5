// Calibrated relevance (issue #15) on librosa-music with the served model, on both back ends:
// real ingest, real SQL, real ONNX encoder. The README's example queries must read as better
// matches than keyboard noise, whatever the model's raw score scale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { BACKGROUND_TEXTS } from "../../src/services/relevance-background.ts";
import { GOOD_MATCH_RELEVANCE, RelevanceService } from "../../src/services/relevance.ts";
import { DEFAULT_RANKING, SearchService } from "../../src/services/search.service.ts";
import { backends } from "../helpers/databases.ts";
import { LIBROSA_MUSIC, shippedModelRuntime } from "../helpers/runtime.ts";

/** The README's example queries (README.md, DESIGN.md's product paragraph, issue #15). */
const README_QUERIES = [
  "string orchestra",
  "calm piano at 90 bpm",
  "melancholic rainy-day piano",
  "piano",
  "house at 124 bpm in A minor",
  "dark cinematic strings, slow",
  "happy ukulele for a commercial",
];
const NONSENSE = "asdfghjkl qwerty";

describe.each(backends())("calibrated relevance on librosa-music ($name)", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let relevance: RelevanceService;
  let search: SearchService;

  beforeAll(async () => {
    db = await backend.open();
    runtime = await shippedModelRuntime(db);
    const items = await discoverCatalog(LIBROSA_MUSIC);
    // half the catalog first: the refresh test grows it to the whole set
    await new IngestService({ db, ...runtime }).ingestAll(items.slice(0, 4));
    relevance = new RelevanceService(db, { checkEveryMs: 0 });
    search = new SearchService(db, runtime, null, null, { queryConstraints: false }, { relevance });
  }, 300_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("rebuilds the background when the catalog grows materially", async () => {
    const text = "string orchestra";
    const [vector] = await runtime.encoder.embedTexts([text]);
    const q = { runtime, kind: "text" as const, signal: "fused" as const, alpha: 0.5, catalogs: null, vectors: { audio: vector, description: vector } };
    const before = await relevance.describe(q);
    expect(before.catalogSize).toBe(4);
    expect(before.sample).toBe(4);
    const items = await discoverCatalog(LIBROSA_MUSIC);
    await new IngestService({ db, ...runtime }).ingestAll(items.slice(4));
    const after = await relevance.describe(q);
    expect(after.catalogSize).toBe(8);
    expect(after.sample).toBe(8);
  }, 300_000);

  it(`"${NONSENSE}" has a lower top relevance than every README example query, and only it is flagged noGoodMatch`, async () => {
    expect(BACKGROUND_TEXTS, "the test queries must not be part of the background").not.toContain(NONSENSE);
    for (const q of README_QUERIES) expect(BACKGROUND_TEXTS).not.toContain(q);
    const top = async (text: string) => {
      const page = await search.searchByText(text, { first: 8 });
      return { relevance: page.hits[0].relevance!, noGoodMatch: page.noGoodMatch! };
    };
    const nonsense = await top(NONSENSE);
    expect(nonsense.noGoodMatch).toBe(true);
    for (const text of README_QUERIES) {
      const r = await top(text);
      expect(r.relevance, text).toBeGreaterThan(nonsense.relevance);
    }
    const good = await top("string orchestra");
    expect(good.relevance).toBeGreaterThanOrEqual(GOOD_MATCH_RELEVANCE);
    expect(good.noGoodMatch).toBe(false);
  }, 120_000);

  it("leaves ranking and raw scores as they were, with a relevance in [0, 1] on every edge of every page", async () => {
    const plain = new SearchService(db, runtime, null, null, { queryConstraints: false });
    const a = await search.searchByText("calm piano", { first: 8 });
    const b = await plain.searchByText("calm piano", { first: 8 });
    expect(a.hits.map((h) => [h.trackId, h.score])).toEqual(b.hits.map((h) => [h.trackId, h.score]));
    const page2 = await search.searchByText("calm piano", { first: 3, after: a.hits[2].cursor });
    for (const h of [...a.hits, ...page2.hits]) {
      expect(h.relevance).not.toBeNull();
      expect(h.relevance).toBeGreaterThanOrEqual(0);
      expect(h.relevance).toBeLessThanOrEqual(1);
    }
    // the same track at the same rank reads the same relevance on every page
    expect(page2.hits[0].relevance).toBeCloseTo(a.hits[3].relevance!, 12);
  }, 120_000);

  it("calibrates track→track answers against other catalog tracks, and mood-sorted answers by their similarity", async () => {
    const anyTrack = (await search.searchByText("piano", { first: 1 })).hits[0].trackId;
    const similar = await search.similarTracks(anyTrack, { first: 7 }, DEFAULT_RANKING);
    expect(similar.hits).toHaveLength(7);
    for (const h of similar.hits) expect(h.relevance).toBeGreaterThanOrEqual(0);
    expect(typeof similar.noGoodMatch).toBe("boolean");
    const sorted = await search.searchByText("string orchestra", { first: 8 }, DEFAULT_RANKING, { sort: { by: "mood", word: "sad" } });
    const byRelevance = await search.searchByText("string orchestra", { first: 8 });
    const rel = new Map(byRelevance.hits.map((h) => [h.trackId, h.relevance]));
    // the mood sort changes the order and the score, not how well each track matches the text
    for (const h of sorted.hits) expect(h.relevance).toBeCloseTo(rel.get(h.trackId)!, 9);
  }, 120_000);
});
