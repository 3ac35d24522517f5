// Filtering and sorting searches by a mood word's score and by soft genre share, on both back
// ends: 1,200 tracks with seeded random vectors on the tiny real ONNX model (whose text tower
// knows piano/techno/bass/calm/drums/guitar). SQL results are checked against the same scores
// computed in JavaScript by MoodService (the path Track.moods takes).
import { execute, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import type { RequestContext } from "../../src/resolvers/context.ts";
import { createLoaders } from "../../src/server/request-loaders.ts";
import { buildGraphqlSchema } from "../../src/server/graphql-schema.ts";
import { GenreService } from "../../src/services/genre.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { InstrumentService } from "../../src/services/instrument.service.ts";
import { MoodService } from "../../src/services/mood.service.ts";
import { SearchService, type RankingOptions } from "../../src/services/search.service.ts";
import { TrackService } from "../../src/services/track.service.ts";
import { backends } from "../helpers/databases.ts";
import { tinyModelCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";

const AUDIO: RankingOptions = { signal: "audio", alpha: 1 };

describe.each(backends())("mood and genre in search on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let search: SearchService;
  let moods: MoodService;
  const moodOf = async (ids: string[], word: string) => {
    const scores = await moods.moodsFor(ids, [word], 1);
    return new Map(ids.map((id, i) => [id, scores[i][0].score]));
  };

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 1200, seed: "moods" }));
    search = new SearchService(db, runtime);
    moods = new MoodService(db, runtime);
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("filter.mood keeps only tracks scoring at least minScore, still fills the page, and changes the answer", async () => {
    const source = tracks[3].id;
    const plain = await search.similarTracks(source, { first: 20 }, AUDIO);
    const filtered = await search.similarTracks(source, { first: 20 }, AUDIO, { filter: { mood: { word: "Techno", minScore: 0.7 } } });
    expect(filtered.hits).toHaveLength(20);
    const scores = await moodOf([...plain.hits, ...filtered.hits].map((h) => h.trackId), "techno");
    for (const h of filtered.hits) expect(scores.get(h.trackId)!).toBeGreaterThanOrEqual(0.7 - 1e-6);
    expect(plain.hits.some((h) => scores.get(h.trackId)! < 0.7)).toBe(true);
    expect(filtered.hits.map((h) => h.trackId)).not.toEqual(plain.hits.map((h) => h.trackId));
    // relevance order is kept among the matches
    expect(filtered.hits.map((h) => h.score)).toEqual([...filtered.hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it("sort by MOOD orders the relevant matches by the mood score, which the edges then carry", async () => {
    const plain = await search.searchByText("calm piano", { first: 100 }, AUDIO);
    const sorted = await search.searchByText("calm piano", { first: 30 }, AUDIO, { sort: { by: "mood", word: "drums" } });
    expect(sorted.hits).toHaveLength(30);
    const ids = [...new Set([...plain.hits, ...sorted.hits].map((h) => h.trackId))];
    const scores = await moodOf(ids, "drums");
    for (const h of sorted.hits) expect(h.score).toBeCloseTo(scores.get(h.trackId)!, 4);
    expect(sorted.hits.map((h) => h.score)).toEqual([...sorted.hits.map((h) => h.score)].sort((a, b) => b - a));
    // the best relevance matches (a subset of the pool) never out-score the first sorted hit
    const bestPlain = Math.max(...plain.hits.map((h) => scores.get(h.trackId)!));
    expect(sorted.hits[0].score).toBeGreaterThanOrEqual(bestPlain - 1e-6);
    expect(sorted.hits.map((h) => h.trackId)).not.toEqual(plain.hits.slice(0, 30).map((h) => h.trackId));
    // pages of a sorted answer agree with one request
    const p2 = await search.searchByText("calm piano", { first: 10, after: sorted.hits[9].cursor }, AUDIO, { sort: { by: "mood", word: "drums" } });
    expect(p2.hits.map((h) => h.trackId)).toEqual(sorted.hits.slice(10, 20).map((h) => h.trackId));
  });

  it("asks the MoodService and InstrumentService it is handed for sort terms, and answers as with services of its own", async () => {
    // real services, watched: the search must ask these instances, not ones it built itself
    const handedMoods = new MoodService(db, runtime);
    const handedInstruments = new InstrumentService(db, runtime);
    const asked: string[] = [];
    const moodQueries = handedMoods.queries.bind(handedMoods);
    const instrumentQueries = handedInstruments.queries.bind(handedInstruments);
    handedMoods.queries = (words) => (asked.push(...words.map((w) => `mood:${w}`)), moodQueries(words));
    handedInstruments.queries = (words) => (asked.push(...words.map((w) => `instrument:${w}`)), instrumentQueries(words));
    const handed = new SearchService(db, runtime, null, null, {}, { moods: handedMoods, instruments: handedInstruments });
    const byMood = await handed.searchByText("calm piano", { first: 5 }, AUDIO, { sort: { by: "mood", word: "drums" } });
    const byInstrument = await handed.searchByText("calm piano", { first: 5 }, AUDIO, { sort: { by: "instrument", word: "guitar" } });
    expect(asked).toEqual(["mood:drums", "instrument:guitar"]);
    // and the answer is the one a search building its own services gives
    const own = await search.searchByText("calm piano", { first: 5 }, AUDIO, { sort: { by: "mood", word: "drums" } });
    expect(byMood.hits.map((h) => [h.trackId, h.score])).toEqual(own.hits.map((h) => [h.trackId, h.score]));
    expect(byInstrument.hits).toHaveLength(5);
  });

  it("filter.genre keeps tracks whose stored soft genre share reaches minScore", async () => {
    const subset = tracks.slice(0, 120).map((t) => t.id);
    await new GenreService(db, runtime).compute(subset);
    const page = await search.similarTracks(tracks[0].id, { first: 50 }, AUDIO, { filter: { genre: { label: "JAZZ", minScore: 0.4 } } });
    const rows = await db.query<{ track_id: string }>(`SELECT track_id FROM track_genres WHERE model_id = $1 AND label = 'jazz' AND score >= 0.4`, [runtime.model.id]);
    const allowed = new Set(rows.map((r) => r.track_id));
    expect(allowed.size).toBeGreaterThan(0);
    expect(page.hits.length).toBe(Math.min(50, [...allowed].filter((id) => id !== tracks[0].id).length));
    for (const h of page.hits) expect(allowed.has(h.trackId)).toBe(true);
    const genreOf = new Map(tracks.map((t) => [t.id, t.genre]));
    expect(page.hits.filter((h) => genreOf.get(h.trackId) === "jazz").length).toBeGreaterThan(page.hits.length / 2);
  });

  it("GraphQL: filter.mood, filter.genre and sort arrive in SQL; bad values are BAD_USER_INPUT", async () => {
    const schema = await buildGraphqlSchema();
    const ctx = {
      requestId: "t",
      services: { search, tracks: new TrackService(db), moods, genres: new GenreService(db, runtime) },
      loaders: createLoaders(db),
      scopes: new Set(["search"]),
    } as unknown as RequestContext;
    const run = (variables: Record<string, unknown>) =>
      execute({
        schema,
        document: parse(`query($filter: SearchFilterInput, $sort: SearchSortInput) {
          searchTracks(text: "techno drums", first: 5, filter: $filter, sort: $sort) { edges { score node { id moods(words: ["bass"]) { label score } } } } }`),
        variableValues: variables,
        contextValue: ctx,
      });
    const ok = await run({ filter: { mood: { word: "bass", minScore: 0.6 } }, sort: { by: "MOOD", word: "bass" } });
    expect(ok.errors).toBeUndefined();
    const edges = (ok.data as { searchTracks: { edges: Array<{ score: number; node: { moods: Array<{ score: number }> } }> } }).searchTracks.edges;
    expect(edges).toHaveLength(5);
    // the sort's score, the filter's score and Track.moods are one score
    for (const e of edges) {
      expect(e.node.moods[0].score).toBeCloseTo(e.score, 4);
      expect(e.score).toBeGreaterThanOrEqual(0.6 - 1e-6);
    }
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ sort: { by: "MOOD" } }, /sort.word is required/],
      [{ filter: { mood: { word: "x".repeat(51) } } }, /longer than 50/],
      [{ filter: { mood: { word: "calm", minScore: 1 } } }, /strictly between 0 and 1/],
      [{ filter: { genre: { label: " " } } }, /must not be empty/],
    ];
    for (const [variables, message] of bad) {
      const r = await run(variables);
      expect(r.errors?.[0].message).toMatch(message);
      expect((r.errors![0].originalError as { code?: string }).code).toBe("BAD_USER_INPUT");
    }
  });
});
