import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execute, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import type { RequestContext } from "../../src/resolvers/context.ts";
import { createLoaders } from "../../src/server/request-loaders.ts";
import { ExperimentService } from "../../src/services/experiment.service.ts";
import { ExposureLog } from "../../src/services/exposure-log.ts";
import { IngestJobsService } from "../../src/services/ingest-jobs.service.ts";
import { InteractionService } from "../../src/services/interaction.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { RelevanceService } from "../../src/services/relevance.ts";
import { SearchService } from "../../src/services/search.service.ts";
import { TrackService } from "../../src/services/track.service.ts";
import { buildGraphqlSchema } from "../../src/server/graphql-schema.ts";
import { chord, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { backends, countingDatabase } from "../helpers/databases.ts";
import { LIBROSA_MUSIC, shippedModelRuntime } from "../helpers/runtime.ts";

const librosaLines = readFileSync(path.join(LIBROSA_MUSIC, "tracks.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; description: string });

describe.each(backends())("ingest → embed → search on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let search: SearchService;
  // Every test reads the librosa catalogue, so it is ingested here, not by the first test.
  let firstIngest: Awaited<ReturnType<IngestService["ingestAll"]>>;

  beforeAll(async () => {
    db = await backend.open();
    runtime = await shippedModelRuntime(db);
    search = new SearchService(db, runtime);
    firstIngest = await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(LIBROSA_MUSIC));
  }, 300_000);
  const trackCount = () => new TrackRepository(db).count();
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("ingests a data set folder once; re-running adds nothing", async () => {
    const items = await discoverCatalog(LIBROSA_MUSIC);
    expect(firstIngest.progress).toMatchObject({ total: 8, ingested: 8, failed: 0 });
    const before = await trackCount();
    const second = await new IngestService({ db, ...runtime }).ingestAll(items);
    expect(second.progress).toMatchObject({ total: 8, ingested: 0, skipped: 8 });
    expect(await trackCount()).toBe(before);
    const stored = await new TrackRepository(db).findByIdOrExternalId(librosaLines[0].id);
    expect(stored?.externalId).toBe(librosaLines[0].id);
    expect(stored?.metadata).not.toHaveProperty("labels");
  }, 300_000);

  it("reports corrupt, empty and mislabelled files by name and still ingests the rest", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "sub"));
    writeWav(path.join(dir, "sub"), "good.wav", [chord([220, 277, 330], 3, 16000)], 16000);
    writeFileSync(path.join(dir, "empty.wav"), new Uint8Array(0));
    writeFileSync(path.join(dir, "corrupt.mp3"), Buffer.from("ID3 this is not an mp3 frame at all".repeat(20)));
    writeFileSync(path.join(dir, "notes.txt"), "not audio");
    const items = await discoverCatalog(dir);
    expect(items.map((i) => i.externalId).sort()).toEqual(["corrupt.mp3", "empty.wav", "sub/good.wav"]);
    const before = await trackCount();
    const { progress, results } = await new IngestService({ db, ...runtime }).ingestAll(items);
    expect(progress).toMatchObject({ ingested: 1, failed: 2 });
    for (const r of results.filter((x) => x.status === "failed")) expect(r.error).toContain(r.file);
    expect(await trackCount()).toBe(before + 1);
  }, 120_000);

  it("a missing path is a clear error", async () => {
    await expect(discoverCatalog("/nonexistent/tunelens")).rejects.toThrow("path not found: /nonexistent/tunelens");
  });

  it("ranks the track whose description is the query first on the description signal", async () => {
    const target = librosaLines.find((l) => l.id.includes("hungarian"))!;
    const page = await search.searchByText(target.description, { first: 3 }, { signal: "description", alpha: 0 });
    const top = await new TrackRepository(db).findByIds([page.hits[0].trackId]);
    expect(top[0]?.externalId).toBe(target.id);
    // the fused description vector also averages in the file's own tags, so not exactly 1
    expect(page.hits[0].score).toBeGreaterThan(0.9);
    expect(page.hits[1].score).toBeLessThan(page.hits[0].score - 0.1);
  });

  it("similar tracks exclude the track itself and page stably", async () => {
    const source = librosaLines[1].id;
    const all = await search.similarTracks(source, { first: 20 }, { signal: "audio", alpha: 1 });
    const sourceId = (await new TrackRepository(db).findByIdOrExternalId(source))!.id;
    expect(all.hits.map((h) => h.trackId)).not.toContain(sourceId);
    expect(all.hits).toHaveLength((await trackCount()) - 1);
    expect(all.hasNextPage).toBe(false);
    const scores = all.hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const p1 = await search.similarTracks(source, { first: 3 }, { signal: "audio", alpha: 1 });
    const p2 = await search.similarTracks(source, { first: 3, after: p1.hits[2].cursor }, { signal: "audio", alpha: 1 });
    expect([...p1.hits, ...p2.hits].map((h) => h.trackId)).toEqual(all.hits.slice(0, 6).map((h) => h.trackId));
    expect(p2.hits[0].rank).toBe(4);
    expect(p1.hasNextPage).toBe(true);
  });

  it("resolves any number of result tracks and their descriptions with a fixed number of SQL statements", async () => {
    const schema = await buildGraphqlSchema();
    // Every statement counts, the relevance post-step's too. Its background (built once per model
    // and catalog) and the hits' own vectors (cached per track) are read on first use; the
    // catalog-size check behind the background (every 30 s by default) is moved out of the way.
    const counting = countingDatabase(db);
    const services = {
      search: new SearchService(counting.db, runtime, null, null, {}, { relevance: new RelevanceService(counting.db, { checkEveryMs: 3_600_000 }) }),
      tracks: new TrackService(counting.db),
      ingestJobs: new IngestJobsService(counting.db),
      // without an `experiment` argument nothing is logged, so these add no statements
      experiments: new ExperimentService(counting.db, new ExposureLog(counting.db)),
      interactions: new InteractionService(counting.db),
    };
    const run = async (first: number, query: string, field: "searchTracks" | "similarTracks") => {
      counting.reset();
      const ctx: RequestContext = { requestId: "t", services, loaders: createLoaders(counting.db), scopes: new Set(["search"]) };
      const result = await execute({
        schema,
        document: parse(query),
        variableValues: { n: first },
        contextValue: ctx,
      });
      expect(result.errors).toBeUndefined();
      const edges = (result.data as Record<string, { edges: unknown[] }>)[field].edges;
      expect(edges).toHaveLength(first);
      return counting.count();
    };
    const text = `query($n: Int!) { searchTracks(text: "calm piano waltz", first: $n) { edges { node { id title descriptions { text } } } } }`;
    // The first answer also builds the relevance background of this model and catalog and caches
    // the hits' vectors; a page of new hits adds one batched read of their vectors.
    await run(7, text, "searchTracks");
    // 1 search statement (HNSW settings, candidate scans and exact re-scoring in one) + 1 batched
    // track load + 1 batched description load, whatever the page size: the search is one round
    // trip and relevance reads nothing more
    expect(await run(2, text, "searchTracks")).toBe(3);
    expect(await run(7, text, "searchTracks")).toBe(3);
    // track→track: the source track is resolved, and its vectors read, inside the search statement;
    // relevance compares with the vectors that statement returned. A page that reaches the end of
    // this small catalog stops at the first pool, which is short (tiered-ranking.ts isShort).
    const [source] = await db.query<{ external_id: string }>("SELECT external_id FROM tracks ORDER BY seq LIMIT 1");
    const similar = `query($n: Int!) { similarTracks(trackId: ${JSON.stringify(source.external_id)}, first: $n) { edges { node { id title descriptions { text } } } } }`;
    // builds the track→track relevance background and caches the hits' own vectors
    await run(7, similar, "similarTracks");
    expect(await run(2, similar, "similarTracks")).toBe(3);
    expect(await run(7, similar, "similarTracks")).toBe(3);
  });
});
