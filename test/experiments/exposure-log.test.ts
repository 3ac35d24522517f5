// The batched exposure writer and experiment serving on both back ends: nothing reaches the
// database on the request path; a flush writes the batch with positions; a failed write is kept
// and retried; close() writes what is left. Real repositories and SQL throughout.
import { randomUUID } from "node:crypto";
import { execute, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { ExposureRepository } from "../../src/db/repositories/exposure.repository.ts";
import { ExperimentService } from "../../src/services/experiment.service.ts";
import { ExposureLog } from "../../src/services/exposure-log.ts";
import { InteractionService } from "../../src/services/interaction.service.ts";
import { TrackService } from "../../src/services/track.service.ts";
import { IngestJobsService } from "../../src/services/ingest-jobs.service.ts";
import type { RequestContext } from "../../src/resolvers/context.ts";
import { createLoaders } from "../../src/server/request-loaders.ts";
import { buildGraphqlSchema } from "../../src/server/graphql-schema.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { SearchService } from "../../src/services/search.service.ts";
import { backends, countingDatabase } from "../helpers/databases.ts";
import { tinyModelCatalog, type CatalogTrack } from "./vector-catalog.ts";

const AUDIO = { signal: "audio" as const, alpha: 1 };
const FUSED = { signal: "fused" as const, alpha: 0.5 };

describe.each(backends())("exposure logging and serving on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 120, seed: "exposures" }));
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("serves sticky variants; exposures wait in memory and are written by flush with their positions", async () => {
    const counting = countingDatabase(db);
    const log = new ExposureLog(counting.db, { flushIntervalMs: 60_000 });
    const experiments = new ExperimentService(db, log);
    const search = new SearchService(db, runtime, experiments);
    await experiments.create({ key: "log-ab", kind: "ab", coverage: 1, variants: [{ name: "a", weight: 1, ranking: AUDIO }, { name: "b", weight: 1, ranking: FUSED }] });

    const experiment = { unitId: "u-1", experimentKey: "log-ab" };
    const p1 = await search.similarTracks(tracks[0].id, { first: 10 }, undefined, { experiment });
    const p2 = await search.similarTracks(tracks[0].id, { first: 10, after: p1.hits.at(-1)!.cursor }, undefined, { experiment });
    expect(p2.variant).toBe(p1.variant);
    expect(counting.count()).toBe(0); // nothing written on the request path
    expect(log.pending).toBe(2);

    await log.flush();
    expect(log.pending).toBe(0);
    expect(counting.count()).toBe(1); // one INSERT for the batch
    const e = await experiments.get("log-ab");
    const rows = await new ExposureRepository(db).forExperiment(e.id);
    expect(rows).toEqual([
      { queryId: p1.queryId, unitId: "u-1", variant: p1.variant, firstRank: 1, trackIds: p1.hits.map((h) => h.trackId), teams: null },
      { queryId: p2.queryId, unitId: "u-1", variant: p1.variant, firstRank: 11, trackIds: p2.hits.map((h) => h.trackId), teams: null },
    ]);
    await log.close();
  });

  it("units outside coverage, stopped experiments and forced variants are served but not logged", async () => {
    const log = new ExposureLog(db, { flushIntervalMs: 60_000 });
    const experiments = new ExperimentService(db, log);
    const search = new SearchService(db, runtime, experiments);
    await experiments.create({ key: "log-none", kind: "ab", coverage: 0, variants: [{ name: "a", weight: 1, ranking: AUDIO }, { name: "b", weight: 1, ranking: FUSED }] });
    const outside = await search.searchByText("calm piano", { first: 5 }, AUDIO, { experiment: { unitId: "u", experimentKey: "log-none" } });
    expect(outside.variant).toBeNull();
    const forced = await search.searchByText("calm piano", { first: 5 }, AUDIO, { experiment: { unitId: "u", experimentKey: "log-none", forceVariant: "b" } });
    expect(forced.variant).toBe("b");
    await experiments.update("log-none", { coverage: 1 });
    await experiments.setStatus("log-none", "stopped");
    const stopped = await search.searchByText("calm piano", { first: 5 }, AUDIO, { experiment: { unitId: "u", experimentKey: "log-none" } });
    expect(stopped.variant).toBeNull();
    expect(log.pending).toBe(0);
    await experiments.setStatus("log-none", "archived");
    await expect(experiments.setStatus("log-none", "running")).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await log.close();
  });

  it("keeps a batch whose write failed and writes it on the next flush; close() writes the rest", async () => {
    let failNext = true;
    const flaky: Database = {
      kind: db.kind,
      vectorIndex: db.vectorIndex,
      query: (sql, params) => {
        if (failNext && sql.includes("INSERT INTO exposures")) {
          failNext = false;
          return Promise.reject(new Error("connection reset"));
        }
        return db.query(sql, params);
      },
      transaction: (fn) => db.transaction(fn),
      close: async () => {},
    };
    const errors: unknown[] = [];
    const log = new ExposureLog(flaky, { flushIntervalMs: 60_000, onError: (err) => errors.push(err) });
    const experiments = new ExperimentService(db, log);
    const e = await experiments.create({ key: "log-retry", kind: "ab", coverage: 1, variants: [{ name: "a", weight: 1, ranking: AUDIO }] });
    const row = (n: number) => ({ queryId: randomUUID(), experimentId: e.id, unitId: `u${n}`, variant: "a", surface: "searchTracks" as const, firstRank: 1, trackIds: [tracks[n].id], teams: null, servedAt: new Date() });
    log.record(row(1));
    await expect(log.flush()).rejects.toThrow("connection reset");
    expect(errors).toHaveLength(1);
    expect(log.pending).toBe(1);
    log.record(row(2));
    await log.close();
    expect(log.pending).toBe(0);
    expect(await new ExposureRepository(db).forExperiment(e.id)).toHaveLength(2);
    expect(() => log.record(row(3))).toThrow(/closed/);
  });

  it("writes a full batch without waiting for the timer", async () => {
    const log = new ExposureLog(db, { flushIntervalMs: 60_000, maxBatch: 5 });
    const experiments = new ExperimentService(db, log);
    const search = new SearchService(db, runtime, experiments);
    await experiments.create({ key: "log-batch", kind: "interleaving", coverage: 1, variants: [{ name: "a", weight: 1, ranking: AUDIO }, { name: "b", weight: 1, ranking: FUSED }] });
    for (let i = 0; i < 5; i++) await search.similarTracks(tracks[i].id, { first: 4 }, undefined, { experiment: { unitId: `u${i}`, experimentKey: "log-batch" } });
    // The fifth exposure fills the batch and starts its write: nothing is left waiting for the
    // 60 s timer. (A flush here first would write them anyway and prove nothing.)
    await vi.waitUntil(() => log.pending === 0, { timeout: 10_000, interval: 10 });
    await log.flush(); // nothing pending: only waits for the write the full batch started
    const e = await experiments.get("log-batch");
    const rows = await new ExposureRepository(db).forExperiment(e.id);
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.variant).toBe("a+b");
      expect(r.teams).toHaveLength(4);
      expect(new Set(r.teams)).toEqual(new Set(["A", "B"]));
    }
    await log.close();
  });

  it("a ranked page under an experiment costs the same SQL statements as without one (logging is off the request path)", async () => {
    const schema = await buildGraphqlSchema();
    const counting = countingDatabase(db);
    const log = new ExposureLog(counting.db, { flushIntervalMs: 60_000 });
    const experiments = new ExperimentService(counting.db, log);
    await experiments.create({ key: "log-cost", kind: "ab", coverage: 1, variants: [{ name: "a", weight: 1, ranking: AUDIO }, { name: "b", weight: 1, ranking: FUSED }] });
    const services = {
      search: new SearchService(counting.db, runtime, experiments),
      tracks: new TrackService(counting.db),
      ingestJobs: new IngestJobsService(counting.db),
      experiments,
      interactions: new InteractionService(counting.db),
    };
    const run = async (experiment: string) => {
      counting.reset();
      const ctx: RequestContext = { requestId: "t", services, loaders: createLoaders(counting.db), scopes: new Set(["search"]), callerId: "admin" };
      const result = await execute({
        schema,
        document: parse(`{ similarTracks(trackId: "t1", first: 8${experiment}) { variant edges { node { id title descriptions { text } } } } }`),
        contextValue: ctx,
      });
      expect(result.errors).toBeUndefined();
      return counting.count();
    };
    // First uses read the experiment's definition and build each ranking's relevance background
    // (cached per model, ranking and catalog): count only after every one has been used once.
    await run("");
    const plain = await run("");
    for (const v of ["a", "b"]) await run(`, experiment: { unitId: "warm", experimentKey: "log-cost", forceVariant: "${v}" }`);
    const before = log.pending;
    const withExperiment = await run(`, experiment: { unitId: "u-9", experimentKey: "log-cost" }`);
    expect(withExperiment).toBe(plain);
    // the exposure was queued, not written on the request path
    expect(log.pending).toBe(before + 1);
    await log.close();
  });
});
