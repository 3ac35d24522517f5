import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./database.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../sql/", import.meta.url));

/** Arbitrary constant: serialises concurrent migrators (two workers starting at once). */
const MIGRATION_LOCK_KEY = 7_411_932;

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies `sql/NNN_name.sql` files in order, each in its own transaction, recording them in
 * `schema_migrations`. Plain SQL files so that the same statements run on PGlite and on a server.
 */
export async function migrate(db: Database, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f)).sort();
  // Every start runs this: when the schema is current (every file recorded), one read answers it
  // instead of a locked transaction per file (a warm start of the embedded database spent ≈0.3–0.5 s
  // here). A migration another process is applying right now is not recorded yet, so it takes the
  // locked path below and waits for it.
  if (await allRecorded(db, files)) return { applied: [] };
  await db.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       name text PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  const applied: string[] = [];
  for (const file of files) {
    const sql = await readFile(path.join(dir, file), "utf8");
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      const seen = await tx.query("SELECT 1 FROM schema_migrations WHERE name = $1", [file]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return { applied };
}

/** Whether `schema_migrations` exists and names every file (false on a new database). */
async function allRecorded(db: Database, files: readonly string[]): Promise<boolean> {
  const [table] = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table?.present) return false;
  const rows = await db.query<{ name: string }>("SELECT name FROM schema_migrations");
  const recorded = new Set(rows.map((r) => r.name));
  return files.every((f) => recorded.has(f));
}

/**
 * Splits a migration into statements: the extended query protocol (used for every statement
 * here) accepts one statement at a time. Splits on semicolons outside `--` comments, quoted
 * strings and dollar-quoted bodies (`$$ … $$`, `$tag$ … $tag$`: trigger functions, sql/007).
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (ch === "'" || ch === '"') {
      // '' (or "") inside a quoted string is an escaped quote: the scan just reopens it
      const end = sql.indexOf(ch, i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    const tag = ch === "$" ? /^\$[A-Za-z_]*\$/.exec(sql.slice(i)) : null;
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      const stop = end === -1 ? sql.length : end + tag[0].length;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === ";") {
      statements.push(current);
      current = "";
    } else {
      current += ch;
    }
    i++;
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}
