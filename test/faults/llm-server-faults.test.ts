import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { createJobHandlers } from "../../src/jobs/create-handlers.ts";
import { JobWorker } from "../../src/jobs/worker.ts";
import { IngestJobsService, type IngestJobState } from "../../src/services/ingest-jobs.service.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { backends } from "../helpers/databases.ts";
import { fixtureAnswer, promptTitle, startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";
import { shippedModelRuntime, TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { writeShortClipCorpus } from "../jobs/short-clips.ts";

const CLIENT_RETRIES = 1;
const JOB_ATTEMPTS = 5; // the queue's default max_attempts

/**
 * Real: the job worker and its queue, the shipped model, WAV files, the `openai` client over HTTP
 * to our fixture server, which answers 500 for "Clip 0" and hangs past the client timeout for
 * "Clip 1", every time; the other tracks' answers are good.
 */
describe.each(backends())("LLM server answering 500 or hanging, during an ingest on $name", (backend) => {
  let db: Database;
  let llm: OpenAiFixtureServer;
  let worker: JobWorker;
  const dir = path.join(tempDir(), "clips");

  beforeAll(async () => {
    db = await backend.open();
    llm = await startOpenAiFixtureServer((req) => {
      const title = promptTitle(req);
      if (title === "Clip 0") return { kind: "status", status: 500 };
      if (title === "Clip 1") return { kind: "hang" }; // never answers: only the client timeout ends it
      return { kind: "json", body: fixtureAnswer(title) };
    });
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "",
      OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: "fixture-key", TUNELENS_LLM_MODEL: "fixture-model",
      // The hang never ends, so the timeout only has to be generous for a local answer while ONNX
      // encoding holds the event loop. 10 attempts of Clip 1 at 2.5 s fit the 120 s deadline.
      TUNELENS_LLM_MAX_RETRIES: String(CLIENT_RETRIES), TUNELENS_LLM_TIMEOUT_MS: "2500", TUNELENS_LLM_REQUESTS_PER_MINUTE: "100000",
    });
    worker = new JobWorker(db, createJobHandlers(cfg, await shippedModelRuntime(db)), { concurrency: 3, backoffSeconds: 0.05, pollMs: 50 });
    writeShortClipCorpus(dir, 4);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await llm?.close();
    await backend.dispose();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params))[0].n);

  it("retries a bounded number of times, fails those two jobs clearly, and leaves every other job alone", async () => {
    const service = new IngestJobsService(db);
    const { id } = await service.submit(dir);
    worker.start();
    const state: IngestJobState = await vi.waitUntil(
      async () => {
        const s = await service.get(id);
        return s?.status === "succeeded" || s?.status === "failed" ? s : false;
      },
      { timeout: 120_000, interval: 100 },
    );
    await worker.stop();

    // Bounded: (1 request + CLIENT_RETRIES) per attempt, JOB_ATTEMPTS attempts, then dead. At most:
    // on a starved machine a client may time out before this in-process server has read a request.
    const asked = (title: string) => llm.requests.filter((r) => promptTitle(r) === title).length;
    for (const broken of ["Clip 0", "Clip 1"]) {
      expect(asked(broken)).toBeLessThanOrEqual(JOB_ATTEMPTS * (1 + CLIENT_RETRIES));
      expect(asked(broken)).toBeGreaterThanOrEqual(JOB_ATTEMPTS);
    }
    expect(asked("Clip 2")).toBeLessThanOrEqual(1 + CLIENT_RETRIES);
    expect(asked("Clip 3")).toBeLessThanOrEqual(1 + CLIENT_RETRIES);

    // A clear failure on the request and on each dead job.
    expect(state).toMatchObject({ status: "succeeded", total: 4, processed: 4, ingested: 4, failed: 0 });
    const messages = state!.failures.map((f) => `${path.basename(f.file)} ${f.message}`).join("\n");
    expect(messages).toMatch(/llm-description: the LLM \(fixture-model\) answered HTTP 500/);
    expect(messages).toMatch(/llm-description: the LLM \(fixture-model\) timed out/);
    expect(state!.stages.find((s) => s.kind === "llm-description")).toMatchObject({ succeeded: 2, dead: 2, queued: 0, running: 0 });
    const dead = await db.query<{ attempts: number; last_error: string }>(`SELECT attempts, last_error FROM jobs WHERE status = 'dead' ORDER BY last_error`);
    expect(dead.map((j) => j.attempts)).toEqual([JOB_ATTEMPTS, JOB_ATTEMPTS]);

    // Unaffected: every audio job (of the failing tracks too) and the other LLM jobs succeeded on
    // their first attempt; every track is stored with its embeddings and catalog descriptions.
    // (the catalog's imputation sweep is queued for after ingest has been quiet: not one of them)
    expect(await count(`SELECT count(*) AS n FROM jobs WHERE kind NOT IN ('llm-description', 'imputation-sweep') AND (status <> 'succeeded' OR attempts <> 1)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM jobs WHERE kind = 'llm-description' AND status = 'succeeded' AND attempts = 1`)).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM tracks`)).toBe(4);
    expect(await count(`SELECT count(*) AS n FROM embeddings WHERE kind = 'audio'`)).toBe(4);
    expect(await count(`SELECT count(*) AS n FROM embeddings WHERE kind = 'description'`)).toBe(4);
    const llmDescribed = await db.query<{ title: string; n: string }>(
      `SELECT t.title, count(d.*) AS n FROM tracks t LEFT JOIN descriptions d ON d.track_id = t.id AND d.source = 'llm' GROUP BY t.title ORDER BY t.title`,
    );
    expect(llmDescribed.map((r) => [r.title, Number(r.n)])).toEqual([["Clip 0", 0], ["Clip 1", 0], ["Clip 2", 3], ["Clip 3", 3]]);
    // Nothing cached for the failures.
    expect(await count(`SELECT count(*) AS n FROM llm_cache`)).toBe(2);
  }, 150_000);
});
