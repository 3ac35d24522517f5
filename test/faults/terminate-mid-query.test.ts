import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { PgDatabase } from "../../src/db/pg-database.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { writeShortClipCorpus } from "../jobs/short-clips.ts";
import { createFaultDatabase, type FaultDatabase } from "./fault-database.ts";

const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;
if (!serverUrl && process.env.CI) throw new Error("CI must set TUNELENS_TEST_DATABASE_URL: the fault tests need a real PostgreSQL");

interface Reply {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: { code?: string; stacktrace?: unknown } }> };
}

/** The read paths of the API: vector search, similar tracks (DataLoaders), one track, a page of the catalogue. */
const QUERIES = [
  `{ searchTracks(text: "a chord with a pulse", first: 5) { edges { rank score node { id title descriptions { text } } } } }`,
  `{ similarTracks(trackId: "clip-3", first: 5) { edges { rank node { externalId } } } }`,
  `{ track(id: "clip-7") { id title durationSeconds } }`,
  `{ tracks(first: 10) { totalCount edges { node { id } } } }`,
];

/**
 * Real: PostgreSQL, the HTTP server with its pg Pool, the shipped model; the fault is
 * pg_terminate_backend on every backend of this suite's database while searches stream in.
 */
describe.skipIf(!serverUrl)("backends terminated mid-query (real PostgreSQL)", () => {
  let fdb: FaultDatabase;
  let server: RunningServer;
  const clipCount = 12;

  const post = async (query: string): Promise<Reply> => {
    const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Reply["body"] };
  };
  const pool = () => server.opened.db as PgDatabase;

  beforeAll(async () => {
    fdb = await createFaultDatabase(serverUrl!);
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: fdb.url, PORT: "0", NODE_ENV: "production", TUNELENS_DATA_DIR: tempDir(),
      TUNELENS_ANONYMOUS_SEARCH: "true", TUNELENS_RATE_LIMIT_PER_MINUTE: "100000", TUNELENS_IN_PROCESS_WORKER: "off",
    });
    server = await startServer(cfg, createLogger("silent"));
    const dir = path.join(tempDir(), "clips");
    writeShortClipCorpus(dir, clipCount);
    const { db, runtime } = server.opened;
    await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(dir));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await fdb?.drop();
  });

  it("retries reads on a fresh connection or answers DATABASE_UNAVAILABLE (503), never a 500; the pool recovers", async () => {
    expect(await new TrackRepository(server.opened.db).count()).toBe(clipCount);
    for (const q of QUERIES) expect((await post(q)).body.errors).toBeUndefined();

    const replies: Reply[] = [];
    const killer = fdb.terminateRepeatedly(250);
    // Four clients in parallel, each sending the next request as soon as the last is answered,
    // until the storm has done what the assertions below need (or the deadline, well inside the
    // test's timeout, has passed: then the assertions say what was missing).
    const deadline = Date.now() + 60_000;
    const enough = () => {
      const { rounds, killed } = killer.progress();
      return rounds > 8 && killed > 10 && replies.length > 40 && pool().connectionLosses.retried > 0;
    };
    await Promise.all(
      [0, 1, 2, 3].map(async (c) => {
        for (let i = c; !enough() && Date.now() < deadline; i++) replies.push(await post(QUERIES[i % QUERIES.length]));
      }),
    );
    const { rounds, killed } = await killer.stop();

    expect(rounds).toBeGreaterThan(8);
    expect(killed).toBeGreaterThan(10);
    expect(replies.length).toBeGreaterThan(20);
    // Reads that lost their backend were run again on a fresh connection.
    expect(pool().connectionLosses.retried).toBeGreaterThan(0);
    const failed = replies.filter((r) => r.status !== 200 || r.body.errors);
    // Shown whole when it fails: any answer but a 503 (a 500, a 200 carrying an error, a NOT_FOUND).
    expect(failed.filter((r) => r.status !== 503).map((r) => ({ status: r.status, body: r.body }))).toEqual([]);
    for (const r of failed) {
      // The only failure allowed is a clear, retryable outage — no 500, no internals, no stack.
      expect(r.status).toBe(503);
      expect(r.retryAfter).toBe("1");
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(r.body.errors?.map(() => "DATABASE_UNAVAILABLE"));
      expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|terminat|57P01|pg_/i);
    }
    // Most requests are answered despite the storm (one transparent retry absorbs most kills).
    expect(failed.length).toBeLessThan(replies.length / 2);
    console.info(`[faults] ${replies.length} requests under ${rounds} termination rounds (${killed} backends killed): ${failed.length} answered 503, ${pool().connectionLosses.retried} reads retried`);

    // After the storm every request succeeds again, and nothing was changed.
    for (let i = 0; i < 12; i++) {
      const r = await post(QUERIES[i % QUERIES.length]);
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
    }
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await new TrackRepository(server.opened.db).count()).toBe(clipCount);
  }, 120_000);

  it("answers DATABASE_UNAVAILABLE when the retry also loses its connection", async () => {
    // Kill continuously (no pause) so a read and its one retry both die: the answer must still be
    // a clean 503, and the server must serve again right after.
    const replies: Reply[] = [];
    const killer = fdb.terminateRepeatedly(0);
    const deadline = Date.now() + 40_000;
    await Promise.all(
      [0, 1, 2, 3].map(async (c) => {
        for (let i = c; pool().connectionLosses.unavailable === 0 && Date.now() < deadline; i++) replies.push(await post(QUERIES[i % QUERIES.length]));
      }),
    );
    await killer.stop();
    const statuses = new Set(replies.map((r) => r.status));
    expect([...statuses].every((s) => s === 200 || s === 503)).toBe(true);
    expect(pool().connectionLosses.unavailable).toBeGreaterThan(0);
    const r = await post(QUERIES[0]);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
  }, 90_000);
});
