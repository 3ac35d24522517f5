import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
 * input leaves the stored data as it was.
 */
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
    const started = await gql(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: dir });
    const id = started.body?.data?.ingestTracks.id as string;
    let job: Job | null = null;
    for (let i = 0; i < 300 && !["SUCCEEDED", "FAILED"].includes(job?.status ?? ""); i++) {
      await sleep(100);
      job = (await gql(`query($id: ID!) { ingestJob(id: $id) { status total ingested failed failures { file message } } }`, { id })).body?.data?.ingestJob as Job;
    }
    expect(job).toMatchObject({ status: "SUCCEEDED", total: 3, ingested: 1, failed: 2 });
    const byFile = Object.fromEntries(job!.failures.map((f) => [path.basename(f.file), f.message]));
    expect(byFile["too-big.wav"]).toMatch(/over the 104858-byte limit/);
    expect(byFile["too-long.wav"]).toMatch(/3\.0 s of audio exceeds the 2 s limit/);
    // Refused, not retried: a limit does not change between attempts.
    const dead = await server.opened.db.query<{ attempts: number }>(`SELECT attempts FROM jobs WHERE status = 'dead'`);
    expect(dead.map((d) => d.attempts)).toEqual([1, 1]);
    expect(await trackCount()).toBe(1);
  }, 60_000);

  it("catalog: a tracks.jsonl over TUNELENS_MAX_FILE_MB fails the request before any line is read", async () => {
    const set = tempDir("tunelens-limits-set-");
    mkdirSync(path.join(set, "audio"));
    copyFileSync(path.join(dir, "good.wav"), path.join(set, "audio", "a.wav"));
    const line = JSON.stringify({ id: "a", file: "audio/a.wav", title: "A", description: "d".repeat(200) });
    writeFileSync(path.join(set, "tracks.jsonl"), `${line}\n`.repeat(600));
    const before = await snapshot();
    const started = await gql(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: set });
    const id = started.body?.data?.ingestTracks.id as string;
    let job: (Job & { error: string | null }) | null = null;
    for (let i = 0; i < 300 && !["SUCCEEDED", "FAILED"].includes(job?.status ?? ""); i++) {
      await sleep(100);
      job = (await gql(`query($id: ID!) { ingestJob(id: $id) { status total ingested failed error failures { file message } } }`, { id })).body?.data?.ingestJob;
    }
    expect(job?.status).toBe("FAILED");
    expect(job?.error).toMatch(/tracks\.jsonl is \d+ bytes, over the 104858-byte limit/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it("re-embedding: a stored track whose file grew past either limit is refused, its vectors untouched", async () => {
    const [track] = await server.opened.db.query<{ id: string; source_file: string }>(`SELECT id, source_file FROM tracks`);
    const vectors = () => server.opened.db.query(`SELECT kind, embedding::text FROM embeddings WHERE track_id = $1 ORDER BY kind`, [track.id]);
    const before = await vectors();
    const jobs = new JobRepository(server.opened.db);
    for (const [replacement, expected] of [[big, /over the 104858-byte limit/], [long, /exceeds the 2 s limit/]] as const) {
      copyFileSync(replacement, track.source_file);
      const key = `limits:${path.basename(replacement)}`;
      await jobs.enqueue([{ kind: "re-embedding", dedupeKey: key, payload: { trackId: track.id } }]);
      let row: { status: string; attempts: number; last_error: string | null } | undefined;
      for (let i = 0; i < 200 && row?.status !== "dead" && row?.status !== "succeeded"; i++) {
        await sleep(100);
        [row] = await server.opened.db.query(`SELECT status, attempts, last_error FROM jobs WHERE kind = 're-embedding' AND dedupe_key = $1`, [key]);
      }
      expect(row).toMatchObject({ status: "dead", attempts: 1 });
      expect(row!.last_error).toMatch(expected);
    }
    expect(await vectors()).toEqual(before);
  }, 60_000);

  it("GraphQL: a body over 256 kB is 413 PAYLOAD_TOO_LARGE as JSON, one just under it is served", async () => {
    const before = await snapshot();
    const query = `{ tracks(first: 1) { totalCount } }`;
    const over = await post(JSON.stringify({ query, variables: { pad: "x".repeat(257 * 1024) } }));
    expect(over.status).toBe(413);
    expect(over.contentType).toMatch(/application\/json/);
    expect(over.body?.errors?.[0].extensions?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(over.text).not.toMatch(/stacktrace|at [\w.]+ \(|node_modules/);
    const under = await post(JSON.stringify({ query, variables: { pad: "x".repeat(250 * 1024) } }));
    expect(under.status).toBe(200);
    expect(under.body?.data?.tracks.totalCount).toBe(1);
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
