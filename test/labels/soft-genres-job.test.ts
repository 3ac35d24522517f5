// The `soft-genres` job on both back ends: registered in the worker's handlers, accepted by the
// jobs table (sql/006), and storing a distribution that sums to 1 for each track.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { JobRepository } from "../../src/db/repositories/job.repository.ts";
import { LabelRepository } from "../../src/db/repositories/label.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { createJobHandlers } from "../../src/jobs/create-handlers.ts";
import { JobWorker } from "../../src/jobs/worker.ts";
import { GenreService } from "../../src/services/genre.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { backends } from "../helpers/databases.ts";
import { tinyModelCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";

describe.each(backends())("soft-genres jobs on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 60, seed: "genre-jobs" }));
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("computes every queued track's genres; each distribution sums to 1 and leads with its catalog genre", async () => {
    const subset = tracks.slice(0, 12);
    await new JobRepository(db).enqueue(subset.map((t) => ({ kind: "soft-genres" as const, dedupeKey: `${t.id}:${runtime.model.version}`, payload: { trackId: t.id } })));
    const worker = new JobWorker(db, createJobHandlers(loadConfig({}), runtime), { concurrency: 2, leaseSeconds: 30 });
    await worker.drain();
    await worker.stop();
    const genres = await new GenreService(db, runtime).genresOf(subset.map((t) => t.id));
    subset.forEach((t, i) => {
      expect(genres[i].length).toBeGreaterThan(0);
      expect(genres[i].reduce((a, g) => a + g.score, 0)).toBeCloseTo(1, 5);
      for (const g of genres[i]) expect(g.score).toBeGreaterThan(0);
      // "hiphop" is not a vocabulary label ("hip hop" is); the other catalog genres are
      if (t.genre !== "hiphop") expect(genres[i][0].label).toBe(t.genre);
    });
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'soft-genres' AND status = 'succeeded'`);
    expect(n).toBe(12);
  }, 120_000);
  it("lets only the track's own catalog vote: ten identical-sounding 'reggae' tracks of another catalog change nothing", async () => {
    const target = tracks[20];
    const service = new GenreService(db, runtime);
    const before = (await service.compute([target.id])).get(target.id)!;
    expect(before.map((g) => g.label)).not.toContain("reggae");
    const audio = (await new LabelRepository(db).trackVectors(runtime.model.id, "audio", [target.id])).get(target.id)!;
    for (let i = 0; i < 10; i++) {
      const { record } = await new TrackRepository(db).insert({ catalog: "beta-tenant", externalId: `twin-${i}`, title: `twin ${i}`, artist: null, album: null, durationSeconds: 60, sourceFile: null, contentHash: `twin-${i}`, metadata: { genre: "reggae", tags: ["reggae"] } });
      await new EmbeddingRepository(db).upsert(record.id, runtime.model.id, "audio", audio);
    }
    // were catalogs mixed, the ten exact twins would be the nearest neighbours and vote reggae
    const after = (await service.compute([target.id])).get(target.id)!;
    expect(after.map((g) => g.label)).not.toContain("reggae");
    expect(after).toEqual(before);
  }, 120_000);
});
