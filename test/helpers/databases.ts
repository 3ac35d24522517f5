import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
// re-exported for the tests that import it from here
export { withVectorIndex } from "../../src/db/database.ts";

/**
 * The back ends every integration suite runs against: embedded PGlite always, and the real
 * PostgreSQL server named by TUNELENS_TEST_DATABASE_URL (CI sets it). Each suite gets a database
 * of its own on the server, dropped afterwards, so suites can run in parallel.
 */
export interface Backend {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
  /** drops what open() created */
  dispose(): Promise<void>;
}

const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;

export function backends(): Backend[] {
  const list: Backend[] = [pgliteBackend()];
  if (serverUrl) list.push(postgresBackend(serverUrl));
  else if (process.env.CI) throw new Error("CI must set TUNELENS_TEST_DATABASE_URL so integration tests also run on PostgreSQL");
  return list;
}

function pgliteBackend(): Backend {
  let db: Database | null = null;
  return {
    name: "pglite",
    async open() {
      db = await openDatabase({});
      return db;
    },
    async dispose() {
      await db?.close();
    },
  };
}

function postgresBackend(baseUrl: string): Backend {
  const name = `tunelens_t_${randomBytes(5).toString("hex")}`;
  const url = new URL(baseUrl);
  const admin = () => new pg.Client({ connectionString: baseUrl });
  let db: Database | null = null;
  return {
    name: "postgres",
    async open() {
      const c = admin();
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      url.pathname = `/${name}`;
      db = await openDatabase({ url: url.toString() });
      const [v] = await db.query<{ server: string; vector: string }>(
        `SELECT current_setting('server_version') AS server, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS vector`,
      );
      console.info(`[integration] PostgreSQL ${v.server} with pgvector ${v.vector} (database ${name})`);
      return db;
    },
    async dispose() {
      await db?.close();
      const c = admin();
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Wraps a database to count the SQL statements that reach it (DataLoader batching, one round trip per search). */
export function countingDatabase(db: Database): { db: Database; count: () => number; reset: () => void } {
  let n = 0;
  const wrapped: Database = {
    kind: db.kind,
    vectorIndex: db.vectorIndex,
    query: (sql, params) => {
      n++;
      return db.query(sql, params);
    },
    transaction: (fn) => db.transaction((tx) => fn({ vectorIndex: tx.vectorIndex, query: (sql, params) => (n++, tx.query(sql, params)) })),
    close: () => db.close(),
  };
  return { db: wrapped, count: () => n, reset: () => (n = 0) };
}

