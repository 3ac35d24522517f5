// Instrument tags (issue #20) on both back ends: 800 tracks with seeded random audio vectors on
// the tiny real ONNX model (whose text tower knows piano/guitar/drums/bass). What SQL keeps and how
// it orders is checked against the scores and catalog percentiles InstrumentService computes in
// JavaScript (the path Track.instruments takes).
import { execute, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import type { RequestContext } from "../../src/resolvers/context.ts";
import { createLoaders } from "../../src/server/request-loaders.ts";
import { buildGraphqlSchema } from "../../src/server/graphql-schema.ts";
import { GenreService } from "../../src/services/genre.service.ts";
import { InstrumentService } from "../../src/services/instrument.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { MoodService } from "../../src/services/mood.service.ts";
import { SearchService, type RankingOptions } from "../../src/services/search.service.ts";
import { TrackService } from "../../src/services/track.service.ts";
import { defaultInstruments } from "../../src/labels/instrument-vocabulary.ts";
import { backends } from "../helpers/databases.ts";
import { tinyModelCatalogBulk, type CatalogTrack } from "../experiments/vector-catalog.ts";

const AUDIO: RankingOptions = { signal: "audio", alpha: 1 };
/** SQL's float4 cosine and JavaScript's float64 dot product may disagree on a track this close to the threshold */
const EDGE = 0.002;

describe.each(backends())("instrument tags on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let search: SearchService;
  let instruments: InstrumentService;
  const percentileOf = async (ids: string[], word: string) => {
    const scores = await instruments.instrumentsFor(ids, [word], 1);
    return new Map(ids.map((id, i) => [id, scores[i][0]]));
  };

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalogBulk(db, { n: 800, seed: "instruments" }));
    search = new SearchService(db, runtime);
    instruments = new InstrumentService(db, runtime);
  }, 600_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("Track.instruments ranks the vocabulary by catalog percentile (or by score), percentiles spread over the catalog", async () => {
    const ids = tracks.slice(0, 40).map((t) => t.id);
    const [byPercentile, byScore] = await Promise.all([instruments.instrumentsFor(ids, null, 50), instruments.instrumentsFor(ids, null, 50, "score")]);
    const vocabulary = defaultInstruments();
    for (let i = 0; i < ids.length; i++) {
      expect(byPercentile[i]).toHaveLength(Math.min(50, vocabulary.length));
      for (const l of byPercentile[i]) expect(vocabulary).toContain(l.label);
      const p = byPercentile[i].map((l) => l.percentile!);
      expect(p).toEqual([...p].sort((a, b) => b - a));
      const s = byScore[i].map((l) => l.score);
      expect(s).toEqual([...s].sort((a, b) => b - a));
    }
    // the same label's percentile differs between tracks and averages about one half over the catalog
    const all = await percentileOf(tracks.map((t) => t.id), "piano");
    const values = [...all.values()].map((l) => l.percentile!);
    expect(Math.min(...values)).toBeLessThan(0.05);
    expect(Math.max(...values)).toBeGreaterThan(0.95);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
  });

  it("filter.instruments keeps exactly the tracks at or above the percentile for every word, and still fills the page", async () => {
    const source = tracks[5].id;
    const filter = { instruments: ["Piano", "drums"], minInstrumentPercentile: 0.7 };
    const page = await search.similarTracks(source, { first: 30 }, AUDIO, { filter });
    expect(page.hits).toHaveLength(30);
    const ids = tracks.map((t) => t.id);
    const [piano, drums] = await Promise.all([percentileOf(ids, "piano"), percentileOf(ids, "drums")]);
    const passes = (id: string) => piano.get(id)!.percentile! >= 0.7 && drums.get(id)!.percentile! >= 0.7;
    const near = (id: string) => Math.abs(piano.get(id)!.percentile! - 0.7) < EDGE || Math.abs(drums.get(id)!.percentile! - 0.7) < EDGE;
    for (const h of page.hits) expect(passes(h.trackId) || near(h.trackId)).toBe(true);
    // roughly 0.3 × 0.3 of the catalog for independent words; every passing track is reachable
    const got = new Set<string>();
    for (let after: string | null = null, pages = 0; pages < 10; pages++) {
      const p = await search.similarTracks(source, { first: 100, after }, AUDIO, { filter });
      for (const h of p.hits) got.add(h.trackId);
      if (!p.hasNextPage) break;
      after = p.hits[p.hits.length - 1].cursor;
    }
    const expected = ids.filter((id) => id !== source && passes(id) && !near(id));
    expect(expected.length).toBeGreaterThan(30);
    for (const id of got) expect(passes(id) || near(id)).toBe(true);
    for (const id of expected) expect(got.has(id)).toBe(true);
    const plain = await search.similarTracks(source, { first: 30 }, AUDIO);
    expect(plain.hits.some((h) => !passes(h.trackId))).toBe(true);
  });

  it("sort by INSTRUMENT orders the relevant matches by that instrument's score, which the edges carry", async () => {
    const sorted = await search.searchByText("calm piano", { first: 30 }, AUDIO, { sort: { by: "instrument", word: "guitar" } });
    expect(sorted.hits).toHaveLength(30);
    const scores = await percentileOf(sorted.hits.map((h) => h.trackId), "guitar");
    for (const h of sorted.hits) expect(h.score).toBeCloseTo(scores.get(h.trackId)!.score, 4);
    expect(sorted.hits.map((h) => h.score)).toEqual([...sorted.hits.map((h) => h.score)].sort((a, b) => b - a));
    const plain = await search.searchByText("calm piano", { first: 30 }, AUDIO);
    expect(sorted.hits.map((h) => h.trackId)).not.toEqual(plain.hits.map((h) => h.trackId));
  });

  it("GraphQL: Track.instruments, filter.instruments and sort INSTRUMENT agree; bad values are BAD_USER_INPUT", async () => {
    const schema = await buildGraphqlSchema();
    const ctx = {
      requestId: "t",
      services: { search, tracks: new TrackService(db), moods: new MoodService(db, runtime), genres: new GenreService(db, runtime), instruments },
      loaders: createLoaders(db),
      scopes: new Set(["search"]),
    } as unknown as RequestContext;
    const run = (variables: Record<string, unknown>) =>
      execute({
        schema,
        document: parse(`query($filter: SearchFilterInput, $sort: SearchSortInput) {
          searchTracks(text: "techno drums", first: 5, filter: $filter, sort: $sort) {
            edges { score node { id asked: instruments(words: ["bass"]) { label score percentile } top: instruments(top: 3) { label percentile } } } } }`),
        variableValues: variables,
        contextValue: ctx,
      });
    const ok = await run({ filter: { instruments: ["bass"], minInstrumentPercentile: 0.6 }, sort: { by: "INSTRUMENT", word: "bass" } });
    expect(ok.errors).toBeUndefined();
    type Edge = { score: number; node: { asked: Array<{ label: string; score: number; percentile: number }>; top: Array<{ label: string; percentile: number }> } };
    const edges = (ok.data as { searchTracks: { edges: Edge[] } }).searchTracks.edges;
    expect(edges).toHaveLength(5);
    for (const e of edges) {
      // the sort's score, the filter's percentile and Track.instruments are one score
      expect(e.node.asked[0].label).toBe("bass");
      expect(e.node.asked[0].score).toBeCloseTo(e.score, 4);
      expect(e.node.asked[0].percentile).toBeGreaterThanOrEqual(0.6 - EDGE);
      expect(e.node.top).toHaveLength(3);
      expect(e.node.top[0].percentile).toBeGreaterThanOrEqual(e.node.top[2].percentile);
    }
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ sort: { by: "INSTRUMENT" } }, /sort.word is required with sort.by INSTRUMENT/],
      [{ filter: { instruments: ["x".repeat(51)] } }, /longer than 50/],
      [{ filter: { instruments: ["piano"], minInstrumentPercentile: 1 } }, /strictly between 0 and 1/],
      [{ filter: { instruments: Array.from({ length: 21 }, (_, i) => `w${i}`) } }, /at most 20 words/],
    ];
    for (const [variables, message] of bad) {
      const r = await run(variables);
      expect(r.errors?.[0].message).toMatch(message);
      expect((r.errors![0].originalError as { code?: string }).code).toBe("BAD_USER_INPUT");
    }
  });
});
