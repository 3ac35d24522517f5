// A description change (USER text added or removed, a correction) re-embeds the served model's
// description vector in its transaction (track-lifecycle.test.ts). A second registered model —
// one being embedded before activation, or an experiment variant's — held a vector computed from
// the old texts: it must stop matching them at once and be recomputed by a re-embedding job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { ModelRepository, type ModelRecord } from "../../src/db/repositories/model.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { TrackLifecycleService } from "../../src/services/track-lifecycle.service.ts";
import { backends } from "../helpers/databases.ts";
import { shippedModelRuntime } from "../helpers/runtime.ts";

describe.each(backends())("track lifecycle under a second registered model ($name)", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let other: ModelRecord;
  let trackId: string;
  let svc: TrackLifecycleService;

  const vectors = async (modelId: number) =>
    (await db.query<{ kind: string }>(`SELECT kind FROM embeddings WHERE track_id = $1 AND model_id = $2 ORDER BY kind`, [trackId, modelId])).map((r) => r.kind);
  const jobs = async () =>
    db.query<{ dedupe_key: string; payload: { trackId: string; model?: string } }>(`SELECT dedupe_key, payload FROM jobs WHERE kind = 're-embedding' ORDER BY id`);

  beforeAll(async () => {
    db = await backend.open();
    runtime = await shippedModelRuntime(db);
    other = await new ModelRepository(db).register({ version: "other-v1", name: "other", dimensions: 4, metrics: {} });
    const { record } = await new TrackRepository(db).insert({
      catalog: "alpha", externalId: "t1", title: "t1", artist: null, album: null, durationSeconds: 4, sourceFile: null, contentHash: "t1", metadata: {},
    });
    trackId = record.id;
    const embeddings = new EmbeddingRepository(db);
    const unit = (d: number, i: number) => Float32Array.from({ length: d }, (_, k) => (k === i ? 1 : 0));
    await embeddings.upsert(trackId, runtime.model.id, "audio", unit(runtime.model.dimensions, 0));
    await embeddings.upsert(trackId, other.id, "audio", unit(4, 0));
    // the other model's description vector, from texts the track had before
    await embeddings.upsert(trackId, other.id, "description", unit(4, 1));
    svc = new TrackLifecycleService(db, runtime);
  }, 120_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("drops the other model's stale description vector and queues its re-embedding when a USER text is added", async () => {
    await svc.addDescription("t1", "a warm organ drone for rainy evenings", "test");
    expect(await vectors(runtime.model.id)).toEqual(["audio", "description"]);
    expect(await vectors(other.id)).toEqual(["audio"]);
    const queued = await jobs();
    expect(queued).toHaveLength(1);
    expect(queued[0].payload).toEqual({ trackId, model: "other-v1" });
  });

  it("does the same when the text is removed again, and when the record is corrected", async () => {
    await new EmbeddingRepository(db).upsert(trackId, other.id, "description", Float32Array.from([0, 1, 0, 0]));
    expect(await svc.removeDescription("t1", "a warm organ drone for rainy evenings")).toBe(true);
    expect(await vectors(other.id)).toEqual(["audio"]);
    await svc.correct("t1", { title: "Harbour Lights", metadata: { genre: "ambient" } });
    const queued = await jobs();
    expect(queued).toHaveLength(3);
    for (const j of queued) expect(j.payload).toEqual({ trackId, model: "other-v1" });
    // each change is its own round: none is swallowed by an earlier job's dedupe key
    expect(new Set(queued.map((j) => j.dedupe_key)).size).toBe(3);
  });
});
