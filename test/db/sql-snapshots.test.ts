import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { collectSqlSnapshot, dedent, renderSqlSnapshot } from "../../src/db/sql-snapshot.ts";

const DIR = fileURLToPath(new URL("../../sql/queries/", import.meta.url));

/** Real: embedded Postgres (PGlite) with the migrations applied; every statement is executed. */
describe("committed SQL snapshots (sql/queries/*.sql)", () => {
  let db: Database;
  let generated: Map<string, string>;

  beforeAll(async () => {
    // opened without Config: the default index storage and ef_search, whatever this shell sets
    db = await openDatabase({});
    generated = renderSqlSnapshot(await collectSqlSnapshot(db));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("cover search variants, mood, imputation and the job queue", () => {
    expect([...generated.keys()].sort()).toEqual(["imputation.sql", "jobs.sql", "search.sql"]);
    const search = generated.get("search.sql")!;
    for (const label of ["audio signal", "description signal", "fused", "mood filter", "sorted by a mood"]) expect(search).toContain(label);
    expect(search).toContain("hnsw.ef_search");
    expect(generated.get("jobs.sql")).toContain("FOR UPDATE SKIP LOCKED");
  });

  it("are up to date: run `npm run sql:snapshot` and commit the diff when this fails", async () => {
    const committed = (await readdir(DIR)).filter((f) => f.endsWith(".sql")).sort();
    expect(committed).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(await readFile(`${DIR}${name}`, "utf8"), `sql/queries/${name} is stale`).toBe(text);
  });

  it("dedent keeps relative indentation and drops the template literal's", () => {
    expect(dedent("SELECT 1\n         FROM t\n           WHERE x\n")).toBe("SELECT 1\nFROM t\n  WHERE x");
  });
});
