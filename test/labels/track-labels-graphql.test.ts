// Track.moods and Track.genres through GraphQL on both back ends: the shipped model, the 8 real
// librosa tracks ingested for real, per-request loaders counted with the counting database.
import { execute, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import type { RequestContext } from "../../src/resolvers/context.ts";
import { createLoaders } from "../../src/server/request-loaders.ts";
import { buildGraphqlSchema } from "../../src/server/graphql-schema.ts";
import { GenreService } from "../../src/services/genre.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { MoodService } from "../../src/services/mood.service.ts";
import { TrackService } from "../../src/services/track.service.ts";
import { backends, countingDatabase } from "../helpers/databases.ts";
import { LIBROSA_MUSIC, shippedModelRuntime } from "../helpers/runtime.ts";

interface Labelled {
  id: string;
  moods: Array<{ label: string; score: number }>;
  genres: Array<{ label: string; score: number }>;
}

describe.each(backends())("Track.moods / Track.genres on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;

  beforeAll(async () => {
    db = await backend.open();
    runtime = await shippedModelRuntime(db);
    await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(LIBROSA_MUSIC));
    const ids = (await db.query<{ id: string }>(`SELECT id FROM tracks ORDER BY seq`)).map((r) => r.id);
    await new GenreService(db, runtime).compute(ids);
  }, 300_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  async function run(query: string, variables: Record<string, unknown> = {}, database: Database = db) {
    const schema = await buildGraphqlSchema();
    const services = { tracks: new TrackService(database), moods: new MoodService(database, runtime), genres: new GenreService(database, runtime) };
    const ctx = { requestId: "t", services, loaders: createLoaders(database), scopes: new Set(["search"]) } as unknown as RequestContext;
    return execute({ schema, document: parse(query), variableValues: variables, contextValue: ctx });
  }

  const PAGE = `query($n: Int!, $words: [String!], $top: Int!) {
    tracks(first: $n) { edges { node { id moods(top: $top, words: $words) { label score } genres { label score } } } } }`;
  const nodes = (data: unknown) => (data as { tracks: { edges: Array<{ node: Labelled }> } }).tracks.edges.map((e) => e.node);

  it("scores the default vocabulary, best first, calibrated in (0, 1); genres sum to 1", async () => {
    const result = await run(PAGE, { n: 8, top: 5 });
    expect(result.errors).toBeUndefined();
    const tracks = nodes(result.data);
    expect(tracks).toHaveLength(8);
    for (const t of tracks) {
      expect(t.moods).toHaveLength(5);
      for (const m of t.moods) {
        expect(m.score).toBeGreaterThan(0);
        expect(m.score).toBeLessThan(1);
      }
      expect(t.moods.map((m) => m.score)).toEqual([...t.moods.map((m) => m.score)].sort((a, b) => b - a));
      expect(t.genres.length).toBeGreaterThan(0);
      expect(t.genres.reduce((a, g) => a + g.score, 0)).toBeCloseTo(1, 5);
    }
    // Different music gets different moods: not one ranking for every track.
    expect(new Set(tracks.map((t) => t.moods[0].label)).size).toBeGreaterThan(1);
  }, 60_000);

  it("scores exactly the words asked (normalised), also words no caption ever used", async () => {
    const result = await run(PAGE, { n: 8, top: 3, words: ["Jubilant", "eerie", "sleepy"] });
    expect(result.errors).toBeUndefined();
    for (const t of nodes(result.data)) {
      expect(t.moods.map((m) => m.label).sort()).toEqual(["eerie", "jubilant", "sleepy"]);
    }
  }, 60_000);

  it("a page of tracks costs the same SQL statements whatever its size (batched, no N+1)", async () => {
    const counting = countingDatabase(db);
    const count = async (n: number) => {
      counting.reset();
      const result = await run(PAGE, { n, top: 5 }, counting.db);
      expect(result.errors).toBeUndefined();
      expect(nodes(result.data)).toHaveLength(n);
      return counting.count();
    };
    const few = await count(2);
    const many = await count(8);
    expect(many).toBe(few);
  }, 60_000);

  it("refuses too many, empty or overlong words and a bad top with BAD_USER_INPUT", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ n: 2, top: 5, words: Array.from({ length: 21 }, (_, i) => `w${i}`) }, /at most 20 words/],
      [{ n: 2, top: 5, words: ["  "] }, /empty word/],
      [{ n: 2, top: 5, words: ["x".repeat(51)] }, /longer than 50 characters/],
      [{ n: 2, top: 0 }, /top must be between 1 and 50/],
    ];
    for (const [variables, message] of cases) {
      const result = await run(PAGE, variables);
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result.errors![0].message).toMatch(message);
      expect((result.errors![0].originalError as { code?: string }).code).toBe("BAD_USER_INPUT");
    }
  }, 60_000);
});
