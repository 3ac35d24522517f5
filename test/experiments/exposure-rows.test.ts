import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { ExposureRepository, type ExposureRow } from "../../src/db/repositories/exposure.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { ExperimentService } from "../../src/services/experiment.service.ts";
import { ExposureLog } from "../../src/services/exposure-log.ts";
import { backends } from "../helpers/databases.ts";

const AUDIO = { signal: "audio" as const, alpha: 0.5, mmrLambda: null, model: null };

/**
 * Issue #16: one exposure with `\u0000` (or a lone surrogate) in its unit id made every later
 * batched INSERT fail, so nothing was recorded from then on. Real database on both back ends;
 * the rows are written through the repository and the batched log as the server does.
 */
describe.each(backends())("exposure rows that cannot be stored, on $name", (backend) => {
  let db: Database;
  let experimentId: number;
  let trackIds: string[];

  beforeAll(async () => {
    db = await backend.open();
    const tracks = new TrackRepository(db);
    trackIds = [];
    for (let i = 0; i < 2; i++) {
      const { record } = await tracks.insert({ catalog: "x", externalId: `t${i}`, title: null, artist: null, album: null, durationSeconds: 1, sourceFile: null, contentHash: `h${i}-${randomUUID()}`, metadata: {} });
      trackIds.push(record.id);
    }
    const e = await new ExperimentService(db, new ExposureLog(db, { flushIntervalMs: 60_000 })).create({ key: "rows", kind: "ab", coverage: 1, variants: [{ name: "a", weight: 1, ranking: AUDIO }] });
    experimentId = e.id;
  }, 120_000);
  afterAll(() => backend.dispose());

  const row = (unitId: string): ExposureRow => ({ queryId: randomUUID(), experimentId, unitId, variant: "a", surface: "searchTracks", firstRank: 1, trackIds, teams: null, servedAt: new Date() });

  it("writes the good rows of a batch and sets aside the NUL and lone-surrogate ones", async () => {
    const repo = new ExposureRepository(db);
    const before = (await repo.forExperiment(experimentId)).length;
    const { inserted, rejected } = await repo.insertMany([row("ok-1"), row("bad\u0000"), row("ok-2"), row("\uD800"), row("ok-3")]);
    expect(inserted).toBe(3);
    expect(rejected.map((r) => r.row.unitId)).toEqual(["bad\u0000", "\uD800"]);
    expect(rejected[0].reason).toMatch(/NUL/);
    expect((await repo.forExperiment(experimentId)).length).toBe(before + 3);
  });

  it("sets aside a row the database refuses (experiment gone) and stores the rest of the batch", async () => {
    const repo = new ExposureRepository(db);
    const before = (await repo.forExperiment(experimentId)).length;
    const orphan = { ...row("orphan"), experimentId: 987_654 };
    const { inserted, rejected } = await repo.insertMany([row("ok-4"), orphan, row("ok-5")]);
    expect(inserted).toBe(2);
    expect(rejected.map((r) => r.row.unitId)).toEqual(["orphan"]);
    expect((await repo.forExperiment(experimentId)).length).toBe(before + 2);
  });

  it("keeps the batched log recording after a bad row (it is dropped, not retried forever)", async () => {
    const rejectedReasons: string[] = [];
    const log = new ExposureLog(db, { flushIntervalMs: 60_000, onRejected: (_n, reason) => rejectedReasons.push(reason) });
    const repo = new ExposureRepository(db);
    const before = (await repo.forExperiment(experimentId)).length;
    log.record(row("bad\u0000unit"));
    log.record(row("good-1"));
    await log.flush();
    log.record(row("good-2"));
    await log.close();
    expect(log.pending).toBe(0);
    expect(log.rejected).toBe(1);
    expect(rejectedReasons[0]).toMatch(/NUL/);
    expect((await repo.forExperiment(experimentId)).map((r) => r.unitId).filter((u) => u.startsWith("good"))).toEqual(["good-1", "good-2"]);
    expect((await repo.forExperiment(experimentId)).length).toBe(before + 2);
  });
});
