import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { IngestJobsService, type IngestJobState } from "../../src/services/ingest-jobs.service.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { fixtureAnswer, promptTitle, startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";
import { writeShortClipCorpus } from "./short-clips.ts";

const BIN = fileURLToPath(new URL("../../bin/tunelens.js", import.meta.url));
const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;
const N = 500;

/**
 * Real: PostgreSQL, worker processes of the real CLI, the shipped ONNX model, WAV files, the
 * `openai` client against our OpenAI-compatible fixture server (the LLM description source).
 */
describe.skipIf(!serverUrl)("durable ingest survives kill -9 of its worker (real PostgreSQL)", () => {
  const dbName = `tunelens_t_${randomBytes(5).toString("hex")}`;
  const dbUrl = new URL(serverUrl ?? "postgres://x/y");
  dbUrl.pathname = `/${dbName}`;
  const dir = path.join(tempDir(), "short-clips");
  const children: ChildProcess[] = [];
  let db: Database;
  let llm: OpenAiFixtureServer;
  // The web metadata source: a JSON page per catalog id, served over real HTTP.
  let pages: http.Server;
  let pagesUrl = "";
  let pageRequests = 0;

  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${dbName}`);
    db = await openDatabase({ url: dbUrl.toString() });
    writeShortClipCorpus(dir, N);
    llm = await startOpenAiFixtureServer((req) => ({ kind: "json", body: fixtureAnswer(promptTitle(req)) }));
    pages = http.createServer((req, res) => {
      pageRequests++;
      const id = decodeURIComponent((req.url ?? "").replace(/^\/meta\//, ""));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ description: `liner notes for ${id}` }));
    });
    await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
    pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await db?.close();
    await llm?.close();
    await new Promise((r) => (pages ? pages.close(r) : r(undefined)));
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, [BIN, "worker"], {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl.toString(),
        TUNELENS_MODEL_DIR: TEST_MODEL_DIR,
        TUNELENS_JOB_LEASE_SECONDS: "3",
        TUNELENS_WORKER_CONCURRENCY: "3",
        LOG_LEVEL: "error",
        TUNELENS_METADATA_URLS: `${pagesUrl}/meta/{externalId}`,
        TUNELENS_METADATA_ALLOW_PRIVATE: "true",
        OPENAI_BASE_URL: llm.baseUrl,
        OPENAI_API_KEY: "fixture-key",
        TUNELENS_LLM_MODEL: "fixture-model",
        TUNELENS_LLM_REQUESTS_PER_MINUTE: "100000",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    return child;
  };
  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql))[0].n);

  it(`ingests ${N} tracks exactly once across a SIGKILL and a restart`, async () => {
    const service = new IngestJobsService(db);
    const { id } = await service.submit(dir);

    const first = startWorker();
    const exited = new Promise((resolve) => first.on("exit", (_code, signal) => resolve(signal)));
    while ((await count(`SELECT count(*) AS n FROM tracks`)) < N / 4) await sleep(200);
    first.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const atKill = await count(`SELECT count(*) AS n FROM tracks`);
    expect(atKill).toBeLessThan(N);
    // The dead worker's claims are still "running" under a lease nobody renews.
    const orphaned = await count(`SELECT count(*) AS n FROM jobs WHERE status = 'running'`);
    expect(orphaned).toBeGreaterThan(0);

    const second = startWorker();
    let state: IngestJobState | null = null;
    const deadline = Date.now() + 400_000;
    while (Date.now() < deadline) {
      state = await service.get(id);
      if (state?.status === "succeeded" || state?.status === "failed") break;
      await sleep(500);
    }
    const stopped = new Promise((resolve) => second.on("exit", (code) => resolve(code)));
    second.kill("SIGTERM");
    expect(await stopped).toBe(0);

    expect(state).toMatchObject({ status: "succeeded", total: N, processed: N, failed: 0, failures: [] });
    // A job that committed its track just before the kill is re-run and finds the track stored.
    expect(state!.ingested + state!.skipped).toBe(N);
    expect(await count(`SELECT count(*) AS n FROM tracks`)).toBe(N);
    expect(await count(`SELECT count(DISTINCT external_id) AS n FROM tracks`)).toBe(N);
    expect(await count(`SELECT count(*) AS n FROM jobs WHERE kind = 'audio-embedding' AND status = 'succeeded'`)).toBe(N);
    expect(await count(`SELECT count(*) AS n FROM jobs WHERE kind = 'llm-description' AND status = 'succeeded'`)).toBe(N);
    // Every job of the request succeeded; none is dead or left running. Background work that
    // belongs to no request (the catalog's debounced imputation sweep and the imputations it fans
    // out, docs/imputation.md) may still be queued when the request is done.
    expect(await count(`SELECT count(*) AS n FROM jobs WHERE status IN ('dead', 'running') OR (request_id IS NOT NULL AND status <> 'succeeded')`)).toBe(0);
    // Every track has descriptions from both sources: its own fetched web page (the page's text,
    // with the page's provenance; catalog lines have their own source since migration 041) and
    // the LLM, and both embeddings.
    expect(pageRequests).toBeGreaterThanOrEqual(N);
    expect(
      await count(
        `SELECT count(*) AS n FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM descriptions d WHERE d.track_id = t.id AND d.source = 'web'
           AND d.provenance->>'origin' = 'web-page' AND d.text = 'liner notes for ' || t.external_id)`,
      ),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM descriptions d WHERE d.track_id = t.id AND d.source = 'llm')`)).toBe(0);
    // Three LLM sentences per track (the fixture's "unknown" is dropped), none stored twice.
    expect(await count(`SELECT count(*) AS n FROM descriptions WHERE source = 'llm'`)).toBe(3 * N);
    expect(await count(`SELECT count(*) AS n FROM llm_cache`)).toBe(N);
    expect(await count(`SELECT count(*) AS n FROM embeddings WHERE kind = 'audio'`)).toBe(N);
    expect(await count(`SELECT count(*) AS n FROM embeddings WHERE kind = 'description'`)).toBe(N);
  }, 600_000);
});
