import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import { pgliteDir } from "../../src/runtime/data-dir-lock.ts";
import { chord, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { TUNELENS_BIN } from "../helpers/cli.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

const ADMIN = "shutdown-admin-token-0123456789";

/**
 * Where the server keeps its data: the embedded database in its data folder, and (when
 * TUNELENS_TEST_DATABASE_URL names one, as CI does) a database of its own on a PostgreSQL server,
 * with the job worker in the server process so that the ingest below runs.
 */
interface Target {
  name: "pglite" | "postgres";
  /** environment for the server; creates what it needs */
  prepare(dataDir: string): Promise<NodeJS.ProcessEnv>;
  /** the database the server used, opened after it exited */
  open(dataDir: string): ReturnType<typeof openDatabase>;
  dispose(): Promise<void>;
}

function pgliteTarget(): Target {
  return {
    name: "pglite",
    prepare: async () => ({ DATABASE_URL: "" }),
    open: (dataDir) => openDatabase({ dataDir: pgliteDir(dataDir) }),
    dispose: async () => {},
  };
}

function postgresTarget(baseUrl: string): Target {
  const name = `tunelens_t_${randomBytes(5).toString("hex")}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    name: "postgres",
    async prepare() {
      await admin(`CREATE DATABASE ${name}`);
      return { DATABASE_URL: url.toString(), TUNELENS_IN_PROCESS_WORKER: "on" };
    },
    open: () => openDatabase({ url: url.toString() }),
    dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;
const cases = (["SIGTERM", "SIGINT"] as const).flatMap((signal) => [
  { signal, target: "pglite" as const },
  ...(serverUrl ? [{ signal, target: "postgres" as const }] : []),
]);

/**
 * Issue #16: SIGTERM / SIGINT ended `tunelens serve` with 143 / 130 before its shutdown ran
 * (Apollo's own signal handler stopped Apollo and re-raised the signal): server.json was left
 * behind and buffered exposures were lost. Also: a server.json left at 0644 kept that mode.
 * The real CLI as a child process on an embedded database in a folder of its own.
 */
describe.each(cases)("tunelens serve on $target stopped with $signal", ({ signal, target: targetName }) => {
  it("flushes exposures, removes server.json and exits 0 (and server.json was 0600 though it existed as 0644)", async () => {
    const target = targetName === "postgres" && serverUrl ? postgresTarget(serverUrl) : pgliteTarget();
    const dataDir = tempDir("tunelens-shutdown-");
    mkdirSync(dataDir, { recursive: true });
    // a stale handle from an earlier crash, world-readable
    writeFileSync(path.join(dataDir, "server.json"), JSON.stringify({ pid: 999_999_999, url: "http://x", token: "old" }), { mode: 0o644 });
    const music = tempDir("tunelens-shutdown-music-");
    writeWav(music, "a.wav", [chord([220, 277, 330], 3, 16000)], 16000);

    const databaseEnv = await target.prepare(dataDir);
    const child = spawn(process.execPath, [TUNELENS_BIN, "serve"], {
      env: { ...process.env, TUNELENS_DATA_DIR: dataDir, TUNELENS_MODEL_DIR: TEST_MODEL_DIR, PORT: "0", TUNELENS_ADMIN_TOKEN: ADMIN, LOG_LEVEL: "warn", NODE_ENV: "production", ...databaseEnv },
    });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, sig) => resolve({ code, signal: sig })));
    try {
      for (let i = 0; i < 1800 && !/GraphQL API\s+(\S+)\/graphql/.test(stdout); i++) await new Promise((r) => setTimeout(r, 100));
      const url = /GraphQL API\s+(\S+)\/graphql/.exec(stdout)?.[1];
      expect(url, stdout).toBeTruthy();
      expect(statSync(path.join(dataDir, "server.json")).mode & 0o777).toBe(0o600);

      const gql = async (query: string, variables: Record<string, unknown> = {}) => {
        const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ query, variables }) });
        const body = (await res.json()) as { data?: any; errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data;
      };
      const { ingestTracks } = await gql(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: music });
      for (let i = 0; i < 600; i++) {
        const { ingestJob } = await gql(`query($id: ID!) { ingestJob(id: $id) { status } }`, { id: ingestTracks.id });
        if (ingestJob.status === "SUCCEEDED") break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await gql(`mutation { createExperiment(input: { key: "stop", variants: [{ name: "a", ranking: { signal: AUDIO } }, { name: "b", ranking: { signal: DESCRIPTION } }] }) { key } }`);
      // an exposure waits in the batched log (written every second), then the signal comes
      await gql(`{ searchTracks(text: "chord", first: 1, experiment: { unitId: "u1", experimentKey: "stop" }) { queryId } }`);
      child.kill(signal);
      const result = await exited;
      expect(result).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    expect(existsSync(path.join(dataDir, "server.json"))).toBe(false);
    const db = await target.open(dataDir);
    try {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM exposures`);
      expect(Number(row.n)).toBe(1);
    } finally {
      await db.close();
      await target.dispose();
    }
  }, 420_000);
});
