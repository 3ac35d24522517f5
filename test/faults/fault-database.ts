import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A scratch database of its own on the real PostgreSQL server (TUNELENS_TEST_DATABASE_URL), and a
 * way to kill the backends connected to it — only to it: other suites share the server.
 */
export interface FaultDatabase {
  name: string;
  url: string;
  /** pg_terminate_backend on every backend of this database; resolves to how many were killed */
  terminateBackends(): Promise<number>;
  /** runs terminateBackends() every `everyMs` until the returned stop() is called */
  terminateRepeatedly(everyMs: number): { progress(): { rounds: number; killed: number }; stop(): Promise<{ rounds: number; killed: number }> };
  drop(): Promise<void>;
}

export async function createFaultDatabase(serverUrl: string): Promise<FaultDatabase> {
  const name = `tunelens_t_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl, application_name: "tunelens-fault-injector" });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  const terminateBackends = async (): Promise<number> => {
    // The injector's own session lives in another database, so datname alone spares it.
    const rows = await admin.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
    return rows.rows.filter((r) => r.killed).length;
  };

  return {
    name,
    url: url.toString(),
    terminateBackends,
    terminateRepeatedly(everyMs) {
      let running = true;
      let rounds = 0;
      let killed = 0;
      const loop = (async () => {
        while (running) {
          killed += await terminateBackends();
          rounds++;
          await new Promise((r) => setTimeout(r, everyMs));
        }
      })();
      return {
        progress: () => ({ rounds, killed }),
        async stop() {
          running = false;
          await loop;
          return { rounds, killed };
        },
      };
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
