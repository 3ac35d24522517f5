import { execFileSync } from "node:child_process";
import { linkSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { createJobHandlers } from "../../src/jobs/create-handlers.ts";
import { JobWorker } from "../../src/jobs/worker.ts";
import { openRegularFile, UnsafeFileError } from "../../src/ingest/safe-open.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, sine, tempDir, whiteNoise, writeWav } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { servedBackends } from "../helpers/served-backends.ts";

const ADMIN = "hostile-files-admin-token-0123456789";

interface Job {
  status: string;
  ingested: number;
  failed: number;
  error: string | null;
  failures: Array<{ file: string; message: string }>;
  stages: Array<{ kind: string; succeeded: number; dead: number }>;
}

describe("openRegularFile (what every read of an ingested file goes through)", () => {
  it("refuses /dev/zero and a FIFO as not regular files, without blocking on the FIFO", async () => {
    await expect(openRegularFile("/dev/zero")).rejects.toThrow(UnsafeFileError);
    const dir = tempDir("tunelens-fifo-");
    const fifo = path.join(dir, "pipe.wav");
    execFileSync("mkfifo", [fifo]);
    const started = performance.now();
    await expect(openRegularFile(fifo)).rejects.toThrow(/not a regular file/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("refuses a real path outside `within` and a file whose identity changed", async () => {
    const dir = tempDir("tunelens-within-");
    mkdirSync(path.join(dir, "in"));
    writeFileSync(path.join(dir, "outside.txt"), "secret");
    symlinkSync(path.join(dir, "outside.txt"), path.join(dir, "in", "link.wav"));
    await expect(openRegularFile(path.join(dir, "in", "link.wav"), { within: [path.join(dir, "in")] })).rejects.toThrow(/outside/);
    writeFileSync(path.join(dir, "in", "a.wav"), "a");
    const first = await openRegularFile(path.join(dir, "in", "a.wav"));
    await first.handle.close();
    writeFileSync(path.join(dir, "in", "b.wav"), "b");
    renameSync(path.join(dir, "in", "b.wav"), path.join(dir, "in", "a.wav"));
    await expect(openRegularFile(path.join(dir, "in", "a.wav"), { identity: first.identity })).rejects.toThrow(/no longer the file/);
  });
});

/**
 * Issue #16, attacks through the file system: whoever can write into an ingested library folder
 * (but not read the server's files) tries to make the server read or serve what it should not.
 * Real server, real files, ingest jobs run by the worker, on embedded PGlite and PostgreSQL.
 */
describe.each(servedBackends())("hostile files on $name", (backend) => {
  let server: RunningServer;
  let env: Record<string, string>;
  let ingestKey: string;
  const base = tempDir("tunelens-hostile-files-");
  const library = path.join(base, "library");
  const outside = path.join(base, "outside");
  // stands in for data/server.json: a file the server can read and must never serve
  const secretFile = path.join(outside, "server.json");
  const SECRET = "admin-token-that-must-not-leak-4242";

  const gql = async (query: string, variables: Record<string, unknown> = {}, token = ADMIN) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  };
  const job = async (id: string, token = ADMIN): Promise<Job> =>
    (await gql(`query($id: ID!) { ingestJob(id: $id) { status ingested failed error failures { file message } stages { kind succeeded dead } } }`, { id }, token)).data.ingestJob;
  const ingest = async (p: string, token = ADMIN, catalog?: string): Promise<Job> => {
    const r = await gql(`mutation($p: String!, $c: String) { ingestTracks(path: $p, catalog: $c) { id } }`, { p, c: catalog ?? null }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    for (let i = 0; i < 900; i++) {
      const j = await job(r.data.ingestTracks.id, token);
      if (j.status === "SUCCEEDED" || j.status === "FAILED") return j;
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error("ingest did not finish");
  };
  const audioUrls = async () => {
    const r = await gql(`{ tracks(first: 50) { edges { node { externalId catalog audioUrl } } } }`);
    return new Map<string, string>(r.data.tracks.edges.map((e: any) => [`${e.node.catalog}/${e.node.externalId}`, e.node.audioUrl]));
  };

  beforeAll(async () => {
    mkdirSync(library, { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(secretFile, JSON.stringify({ token: SECRET }));
    env = await backend.env();
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, PORT: "0", NODE_ENV: "production", TUNELENS_ADMIN_TOKEN: ADMIN,
      TUNELENS_LIBRARY_ROOTS: library, TUNELENS_RATE_LIMIT_PER_MINUTE: "100000", TUNELENS_JOB_BACKOFF_SECONDS: "0.2",
      ...env,
    });
    server = await startServer(cfg, createLogger("silent"), { inMemory: backend.inMemory });
    ingestKey = (await gql(`mutation { createApiKey(name: "files", scopes: ["ingest"]) { key } }`)).data.createApiKey.key;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await backend.dispose();
  });

  it("serves the ingested file only: a symlink, a hard link or another file moved into its place is refused", async () => {
    const dir = path.join(library, "swap");
    mkdirSync(dir);
    for (const [i, name] of ["sym.wav", "hard.wav", "moved.wav", "kept.wav"].entries()) writeWav(dir, name, [chord([220 + 40 * i, 277 + 40 * i, 330 + 40 * i], 3, 16000)], 16000);
    expect((await ingest(dir, ADMIN, "swap")).ingested).toBe(4);
    const urls = await audioUrls();
    const get = (name: string) => fetch(server.url + urls.get(`swap/${name}`)!);
    expect((await get("sym.wav")).status).toBe(200);

    rmSync(path.join(dir, "sym.wav"));
    symlinkSync(secretFile, path.join(dir, "sym.wav"));
    rmSync(path.join(dir, "hard.wav"));
    linkSync(secretFile, path.join(dir, "hard.wav"));
    writeWav(outside, "other.wav", [whiteNoise(3, 16000)], 16000);
    renameSync(path.join(outside, "other.wav"), path.join(dir, "moved.wav"));

    for (const name of ["sym.wav", "hard.wav", "moved.wav"]) {
      const res = await get(name);
      const body = await res.text();
      expect(res.status, name).toBe(404);
      expect(body).not.toContain(SECRET);
      expect(body).toMatch(/no longer available/);
    }
    const kept = await get("kept.wav");
    expect(kept.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await kept.arrayBuffer()).slice(0, 4))).toBe("RIFF");
  });

  it("ingests regular files only, by real path under the folder: /dev/zero, a FIFO and a link out are refused for good", async () => {
    const set = path.join(library, "set");
    mkdirSync(path.join(set, "audio"), { recursive: true });
    writeWav(path.join(set, "audio"), "good.wav", [sine(523, 3, 16000)], 16000);
    symlinkSync("/dev/zero", path.join(set, "audio", "z.wav"));
    execFileSync("mkfifo", [path.join(set, "audio", "fifo.wav")]);
    writeWav(outside, "escaped.wav", [chord([196, 247, 294], 3, 16000)], 16000);
    symlinkSync(path.join(outside, "escaped.wav"), path.join(set, "audio", "escape.wav"));
    const lines = ["good", "z", "fifo", "escape"].map((id) => JSON.stringify({ id, file: `audio/${id}.wav`, title: id }));
    writeFileSync(path.join(set, "tracks.jsonl"), lines.join("\n") + "\n");

    const started = performance.now();
    const result = await ingest(set, ingestKey, "set");
    expect(result.ingested).toBe(1);
    expect(result.failed).toBe(3);
    const byFile = new Map(result.failures.map((f) => [path.basename(f.file), f.message]));
    expect(byFile.get("z.wav")).toMatch(/outside|not a regular file/);
    expect(byFile.get("fifo.wav")).toMatch(/not a regular file/);
    expect(byFile.get("escape.wav")).toMatch(/outside/);
    // refused for good: dead after one attempt each, and nothing held a worker
    const audio = result.stages.find((s) => s.kind === "audio-embedding")!;
    expect(audio.dead).toBe(3);
    expect(performance.now() - started).toBeLessThan(120_000);
    const rows = await server.opened.db.query<{ n: number }>(`SELECT sum(attempts)::int AS n FROM jobs WHERE kind = 'audio-embedding' AND status = 'dead'`);
    expect(Number(rows[0].n)).toBe(3);
    const titles = (await new TrackRepository(server.opened.db).page(100, null)).map((t) => t.title);
    expect(titles).toContain("good");
    expect(titles).not.toContain("escape");
  });

  it("names the clash when two folders with the same relative names go into one catalog", async () => {
    for (const [i, folder] of ["a", "b"].entries()) {
      mkdirSync(path.join(library, "twins", folder), { recursive: true });
      writeWav(path.join(library, "twins", folder), "same.wav", [sine(300 + 100 * i, 3, 16000)], 16000);
    }
    expect((await ingest(path.join(library, "twins", "a"), ADMIN, "twins")).ingested).toBe(1);
    const second = await ingest(path.join(library, "twins", "b"), ADMIN, "twins");
    expect(second.failed).toBe(1);
    expect(second.failures[0].message).toMatch(/catalog "twins" already has a track with id "same.wav"/);
    expect(second.failures[0].message).not.toMatch(/tracks_catalog_external_id|constraint/);
  });

  it("checks the library roots when the folder is read, not only when the request is made", async () => {
    // A worker of our own, started after the swap: the request waits in the queue meanwhile.
    await server.stop();
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, PORT: "0", NODE_ENV: "production", TUNELENS_ADMIN_TOKEN: ADMIN,
      TUNELENS_LIBRARY_ROOTS: library, TUNELENS_IN_PROCESS_WORKER: "off", ...env,
    });
    // the embedded database lives in memory: a new server starts empty, which is all this needs
    server = await startServer(cfg, createLogger("silent"), { inMemory: backend.inMemory });
    ingestKey = (await gql(`mutation { createApiKey(name: "files2", scopes: ["ingest"]) { key } }`)).data.createApiKey.key;
    const folder = path.join(library, "later");
    mkdirSync(folder);
    writeWav(folder, "inside.wav", [sine(440, 3, 16000)], 16000);
    const submitted = await gql(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: folder }, ingestKey);
    expect(submitted.errors).toBeUndefined();
    // after ingestTracks returned: the folder becomes a link to one outside the roots
    rmSync(folder, { recursive: true });
    mkdirSync(path.join(outside, "private"), { recursive: true });
    writeWav(path.join(outside, "private"), "private.wav", [chord([262, 330, 392], 3, 16000)], 16000);
    symlinkSync(path.join(outside, "private"), folder);

    const before = await new TrackRepository(server.opened.db).count();
    const worker = new JobWorker(server.opened.db, createJobHandlers(cfg, server.opened.runtime), { pollMs: 50 });
    await worker.drain(submitted.data.ingestTracks.id);
    await worker.stop();
    const result = await job(submitted.data.ingestTracks.id, ingestKey);
    expect(result.status).toBe("FAILED");
    expect(result.error).toMatch(/outside the library roots/);
    expect(await new TrackRepository(server.opened.db).count()).toBe(before);
  });
});
