import type { Database } from "./database.ts";
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
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const db = opts.url ? await PgDatabase.open(opts.url) : await PgliteDatabase.open(opts.dataDir);
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
