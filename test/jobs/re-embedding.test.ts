import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { JobRepository } from "../../src/db/repositories/job.repository.ts";
import { loadEncoder } from "../../src/embedding/onnx-encoder.ts";
import { createJobHandlers } from "../../src/jobs/create-handlers.ts";
import { JobWorker } from "../../src/jobs/worker.ts";
import { IngestJobsService } from "../../src/services/ingest-jobs.service.ts";
import { bootstrapModel } from "../../src/services/model-bootstrap.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR, shippedModelRuntime } from "../helpers/runtime.ts";
import { writeTinyModel } from "../helpers/tiny-model.ts";
import { writeShortClipCorpus } from "./short-clips.ts";

/** Real: PGlite, the shipped ONNX model, then a second (tiny) ONNX model served after it. */
describe("re-embedding jobs after a model change", () => {
  let db: Database;
  let shipped: ModelRuntime;
  let tiny: ModelRuntime;
  const dir = path.join(tempDir(), "set");
  const cfg = loadConfig({ TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", TUNELENS_JOB_BACKOFF_SECONDS: "0.05" });

  beforeAll(async () => {
    db = await openDatabase({});
    shipped = await shippedModelRuntime(db);
    // tags in the tiny model's vocabulary, so its text tower gives them a direction
    writeShortClipCorpus(dir, 4, 1.5, (i) => ({ tags: [i % 2 ? "calm piano" : "techno drums"] }));
    const modelDir = tempDir("tunelens-model-");
    writeTinyModel(modelDir, { version: "tiny-reembed", dimensions: 8 });
    const encoder = await loadEncoder(modelDir);
    const worker = new JobWorker(db, createJobHandlers(cfg, shipped), { pollMs: 50 });
    const { id } = await new IngestJobsService(db).submit(dir);
    await worker.drain(id);
    await worker.stop();
    tiny = await bootstrapModel(db, encoder, encoder.manifest);
  }, 120_000);
  afterAll(() => db?.close());

  it("gives every track audio and description vectors under the new model, once", async () => {
    const embeddings = new EmbeddingRepository(db);
    const missing = await embeddings.missingTrackIds(tiny.model.id, "audio", 100);
    expect(missing).toHaveLength(4);
    const jobs = new JobRepository(db);
    const queue = () => jobs.enqueue(missing.map((id) => ({ kind: "re-embedding" as const, dedupeKey: `${id}:${tiny.model.version}`, payload: { trackId: id } })));
    expect(await queue()).toBe(4);
    const worker = new JobWorker(db, createJobHandlers(cfg, tiny), { pollMs: 50 });
    await worker.drain();
    await worker.stop();
    expect(await embeddings.count(tiny.model.id, "audio")).toBe(4);
    expect(await embeddings.count(tiny.model.id, "description")).toBe(4);
    expect(await embeddings.count(shipped.model.id, "audio")).toBe(4);
    // queued again: finished jobs stay finished
    expect(await queue()).toBe(0);
  }, 120_000);
});
