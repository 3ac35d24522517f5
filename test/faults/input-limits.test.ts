import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { JobRepository } from "../../src/db/repositories/job.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

const TOKEN = "limits-admin-token-0123456789";
const MAX_FILE_MB = 0.1; // 104,858 bytes
const MAX_SECONDS = 2;

interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: { code?: string; stacktrace?: unknown } }> } | null;
}

interface Job {
  status: string;
  total: number;
  ingested: number;
  failed: number;
  failures: Array<{ file: string; message: string }>;
}

/**
 * Real: the HTTP server (production settings) on embedded PGlite with its in-process worker, the
 * shipped model, WAV files. Every way a file or a body enters is held to its limit, and a refused
 * input leaves the stored data as it was. Each test makes what it needs (its own folder or
 * catalog) and asserts changes, not totals, so they pass in any order (--sequence.shuffle).
 */

/** Waiting on the server's jobs: a deadline well inside each test's timeout (a loaded machine is slow, never wrong). */
const DEADLINE_MS = 240_000;
const TEST_TIMEOUT_MS = 300_000;
describe("file, audio-length and request-body limits on every way in", () => {
  let server: RunningServer;
  const dir = tempDir("tunelens-limits-");
  let big: string;
  let long: string;

  const post = async (raw: string, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers }, body: raw });
    const text = await res.text();
    let body: Reply["body"] = null;
    try {
      body = JSON.parse(text) as Reply["body"];
    } catch {}
    return { status: res.status, contentType: res.headers.get("content-type"), text, body };
  };
  const gql = (query: string, variables: Record<string, unknown> = {}) => post(JSON.stringify({ query, variables }));
  const trackCount = () => new TrackRepository(server.opened.db).count();
  /** Queues an ingest through GraphQL and waits for the request to finish. */
  const ingest = async (p: string, catalog: string | null = null): Promise<Job & { error: string | null }> => {
    const started = await gql(`mutation($p: String!, $c: String) { ingestTracks(path: $p, catalog: $c) { id } }`, { p, c: catalog });
    const id = started.body?.data?.ingestTracks.id as string;
    expect(id, JSON.stringify(started.body)).toBeTruthy();
    return vi.waitUntil(
      async () => {
        const job = (await gql(`query($id: ID!) { ingestJob(id: $id) { status total ingested failed error failures { file message } } }`, { id })).body?.data?.ingestJob;
        return ["SUCCEEDED", "FAILED"].includes(job?.status) ? job : false;
      },
      { timeout: DEADLINE_MS, interval: 100 },
    );
  };
  const snapshot = async () => server.opened.db.query(`SELECT id, title, content_hash FROM tracks ORDER BY id`);

  beforeAll(async () => {
    // Over the byte limit (5 s at 16 kHz ≈ 160 kB); under it but over the length limit (3 s at
    // 8 kHz ≈ 48 kB); and one good clip.
    writeWav(dir, "good.wav", [chord([220, 277, 330], 1.5, 16_000)], 16_000);
    big = writeWav(dir, "too-big.wav", [chord([196, 247, 294], 5, 16_000)], 16_000);
    long = writeWav(dir, "too-long.wav", [chord([262, 330, 392], 3, 8_000)], 8_000);
    expect(statSync(big).size).toBeGreaterThan(MAX_FILE_MB * 1024 * 1024);
    expect(statSync(long).size).toBeLessThan(MAX_FILE_MB * 1024 * 1024);
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", NODE_ENV: "production", TUNELENS_ADMIN_TOKEN: TOKEN,
      TUNELENS_MAX_FILE_MB: String(MAX_FILE_MB), TUNELENS_MAX_AUDIO_SECONDS: String(MAX_SECONDS), TUNELENS_JOB_BACKOFF_SECONDS: "0.05",
    });
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
  }, 120_000);
  afterAll(() => server?.stop());

  it("ingest: a file over TUNELENS_MAX_FILE_MB and audio over TUNELENS_MAX_AUDIO_SECONDS are refused for good, the rest ingested", async () => {
    const tracksBefore = await trackCount();
    const job = await ingest(dir, "limits-ingest");
    expect(job).toMatchObject({ status: "SUCCEEDED", total: 3, ingested: 1, failed: 2 });
    const byFile = Object.fromEntries(job.failures.map((f) => [path.basename(f.file), f.message]));
    expect(byFile["too-big.wav"]).toMatch(/over the 104858-byte limit/);
    expect(byFile["too-long.wav"]).toMatch(/3\.0 s of audio exceeds the 2 s limit/);
    // Refused, not retried: a limit does not change between attempts.
    const dead = await server.opened.db.query<{ attempts: number }>(
      `SELECT attempts FROM jobs WHERE status = 'dead' AND payload->>'file' IN ($1, $2)`,
      [path.join(dir, "too-big.wav"), path.join(dir, "too-long.wav")],
    );
    expect(dead.map((d) => d.attempts)).toEqual([1, 1]);
    expect(await trackCount()).toBe(tracksBefore + 1);
  }, TEST_TIMEOUT_MS);

  it("catalog: a tracks.jsonl over TUNELENS_MAX_FILE_MB fails the request before any line is read", async () => {
    const set = tempDir("tunelens-limits-set-");
    mkdirSync(path.join(set, "audio"));
    copyFileSync(path.join(dir, "good.wav"), path.join(set, "audio", "a.wav"));
    const line = JSON.stringify({ id: "a", file: "audio/a.wav", title: "A", description: "d".repeat(200) });
    writeFileSync(path.join(set, "tracks.jsonl"), `${line}\n`.repeat(600));
    const before = await snapshot();
    const job = await ingest(set);
    expect(job.status).toBe("FAILED");
    expect(job.error).toMatch(/tracks\.jsonl is \d+ bytes, over the 104858-byte limit/);
    expect(await snapshot()).toEqual(before);
  }, TEST_TIMEOUT_MS);

  it("re-embedding: a stored track whose file grew past either limit is refused, its vectors untouched", async () => {
    // its own file in its own catalog: the file is overwritten below, and no other test's track is touched
    const own = tempDir("tunelens-limits-reembed-");
    copyFileSync(path.join(dir, "good.wav"), path.join(own, "good.wav"));
    expect(await ingest(own, "limits-reembed")).toMatchObject({ status: "SUCCEEDED", ingested: 1 });
    const [track] = await server.opened.db.query<{ id: string; source_file: string }>(`SELECT id, source_file FROM tracks WHERE catalog = 'limits-reembed'`);
    const vectors = () => server.opened.db.query(`SELECT kind, embedding::text FROM embeddings WHERE track_id = $1 ORDER BY kind`, [track.id]);
    const before = await vectors();
    const jobs = new JobRepository(server.opened.db);
    for (const [replacement, expected] of [[big, /over the 104858-byte limit/], [long, /exceeds the 2 s limit/]] as const) {
      copyFileSync(replacement, track.source_file);
      const key = `limits:${path.basename(replacement)}`;
      await jobs.enqueue([{ kind: "re-embedding", dedupeKey: key, payload: { trackId: track.id } }]);
      const row = await vi.waitUntil(
        async () => {
          const [r] = await server.opened.db.query<{ status: string; attempts: number; last_error: string | null }>(
            `SELECT status, attempts, last_error FROM jobs WHERE kind = 're-embedding' AND dedupe_key = $1`,
            [key],
          );
          return r?.status === "dead" || r?.status === "succeeded" ? r : false;
        },
        { timeout: DEADLINE_MS / 2, interval: 100 },
      );
      expect(row).toMatchObject({ status: "dead", attempts: 1 });
      expect(row.last_error).toMatch(expected);
    }
    expect(await vectors()).toEqual(before);
  }, TEST_TIMEOUT_MS + DEADLINE_MS);

  it("GraphQL: a body over 256 kB is 413 PAYLOAD_TOO_LARGE as JSON, one just under it is served", async () => {
    const before = await snapshot();
    const stored = await trackCount();
    const query = `{ tracks(first: 1) { totalCount } }`;
    const over = await post(JSON.stringify({ query, variables: { pad: "x".repeat(257 * 1024) } }));
    expect(over.status).toBe(413);
    expect(over.contentType).toMatch(/application\/json/);
    expect(over.body?.errors?.[0].extensions?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(over.text).not.toMatch(/stacktrace|at [\w.]+ \(|node_modules/);
    const under = await post(JSON.stringify({ query, variables: { pad: "x".repeat(250 * 1024) } }));
    expect(under.status).toBe(200);
    expect(under.body?.data?.tracks.totalCount).toBe(stored);
    expect(await snapshot()).toEqual(before);
  });

  it("GraphQL: malformed JSON is 400 BAD_REQUEST as JSON, without a stack trace", async () => {
    const before = await snapshot();
    const bad = await post(`{"query": "{ tracks(first: 1) { totalCount } }"`);
    expect(bad.status).toBe(400);
    expect(bad.body?.errors?.[0].extensions?.code).toBe("BAD_REQUEST");
    expect(bad.text).not.toMatch(/stacktrace|at [\w.]+ \(|node_modules/);
    const mutation = await post(`{"query": "mutation { ingestTracks(path: \\"${dir}\\") { id } }",}`);
    expect(mutation.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
