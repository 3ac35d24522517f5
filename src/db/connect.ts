import type { Database, VectorIndexSettings } from "./database.ts";
import { migrate } from "./migrator.ts";
import { PgDatabase } from "./pg-database.ts";
import { PgliteDatabase } from "./pglite-database.ts";

export interface DatabaseOptions {
  /** postgres:// URL of a real server; when absent the embedded PGlite database is used */
  url?: string;
  /** PGlite data folder; undefined with no url → in-memory (tests) */
  dataDir?: string;
  /** apply pending migrations after connecting (default true) */
  migrate?: boolean;
  /** Config.vectorIndex; absent → DEFAULT_VECTOR_INDEX (tests and tools) */
  vectorIndex?: VectorIndexSettings;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const db = opts.url ? await PgDatabase.open(opts.url, { vectorIndex: opts.vectorIndex }) : await PgliteDatabase.open(opts.dataDir, opts.vectorIndex);
  if (opts.migrate !== false) {
    try {
      await migrate(db);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}
