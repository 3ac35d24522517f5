import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * Back ends for suites that run the whole server (`startServer`): embedded PGlite in memory, and
 * a scratch database of its own on the PostgreSQL server named by TUNELENS_TEST_DATABASE_URL,
 * created here and dropped by `dispose`. The server opens and migrates it itself.
 */
export interface ServedBackend {
  name: "pglite" | "postgres";
  /** environment for loadConfig */
  env(): Promise<Record<string, string>>;
  inMemory: boolean;
  dispose(): Promise<void>;
}

export function servedBackends(): ServedBackend[] {
  const list: ServedBackend[] = [{ name: "pglite", inMemory: true, env: async () => ({ DATABASE_URL: "" }), dispose: async () => {} }];
  const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;
  if (serverUrl) list.push(postgres(serverUrl));
  else if (process.env.CI) throw new Error("CI must set TUNELENS_TEST_DATABASE_URL so integration tests also run on PostgreSQL");
  return list;
}

function postgres(baseUrl: string): ServedBackend {
  const name = `tunelens_t_${randomBytes(5).toString("hex")}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    name: "postgres",
    inMemory: false,
    async env() {
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      // With DATABASE_URL, `serve` leaves jobs to `tunelens worker` unless told otherwise.
      // (and writes data/server.json: a folder of its own)
      return { DATABASE_URL: url.toString(), TUNELENS_IN_PROCESS_WORKER: "on", TUNELENS_DATA_DIR: mkdtempSync(path.join(tmpdir(), "tunelens-served-")) };
    },
    async dispose() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
