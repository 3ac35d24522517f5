/**
 * `npm run sql:snapshot`: writes the final SQL of the reviewed repository statements to
 * sql/queries/*.sql (see src/db/sql-snapshot.ts). Run it after changing a query and commit the
 * diff; test/db/sql-snapshots.test.ts fails while the files are stale.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../src/db/connect.ts";
import { collectSqlSnapshot, renderSqlSnapshot } from "../src/db/sql-snapshot.ts";

const dir = fileURLToPath(new URL("../sql/queries/", import.meta.url));
// embedded, in memory, migrated; default index storage and ef_search whatever the shell sets
const db = await openDatabase({});
try {
  const files = renderSqlSnapshot(await collectSqlSnapshot(db));
  await mkdir(dir, { recursive: true });
  for (const old of await readdir(dir)) if (old.endsWith(".sql") && !files.has(old)) await rm(path.join(dir, old));
  for (const [name, text] of files) await writeFile(path.join(dir, name), text);
  console.log(`wrote ${[...files.keys()].map((f) => `sql/queries/${f}`).join(", ")}`);
} finally {
  await db.close();
}
