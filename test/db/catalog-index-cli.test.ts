import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteDir } from "../../src/runtime/data-dir-lock.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { catalogIndexName } from "../../src/db/repositories/catalog-index.repository.ts";
import { ModelRepository } from "../../src/db/repositories/model.repository.ts";
import { runCli } from "../helpers/cli.ts";

/** `tunelens index catalog NAME [--drop]` and `tunelens index list` on an embedded database. */
describe("tunelens index", () => {
  let dataDir: string;
  let modelId: number;
  const env = () => ({ TUNELENS_DATA_DIR: dataDir, DATABASE_URL: "", TUNELENS_VECTOR_INDEX: "vector" });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "tunelens-index-cli-"));
    // a registered model, as `serve` or `models embed` leaves one
    const db = await openDatabase({ dataDir: pgliteDir(dataDir) });
    try {
      const models = new ModelRepository(db);
      const model = await models.register({ version: "cli-m1", name: "cli", dimensions: 4, metrics: {} });
      await models.ensureVectorIndexes(model);
      modelId = model.id;
    } finally {
      await db.close();
    }
  }, 60_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("builds, lists and drops a catalog's indexes, and refuses a bad name", async () => {
    const built = await runCli(["index", "catalog", "acme"], env());
    expect(built.stderr).toMatch(/built 2 index\(es\) for catalog acme/);
    expect(built.code).toBe(0);
    expect(built.stdout.trim().split("\n").sort()).toEqual(
      [catalogIndexName(modelId, "audio", "acme", "vector"), catalogIndexName(modelId, "description", "acme", "vector")].sort(),
    );

    const listed = await runCli(["index", "list", "--json"], env());
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as Array<{ catalog: string; kind: string; exists: boolean }>;
    expect(rows.map((r) => [r.catalog, r.kind, r.exists])).toEqual([["acme", "audio", true], ["acme", "description", true]]);

    const bad = await runCli(["index", "catalog", "acme'; DROP TABLE tracks; --"], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot be indexed/);

    const dropped = await runCli(["index", "catalog", "acme", "--drop"], env());
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toMatch(/dropped 2 index\(es\)/);
    const empty = await runCli(["index", "list"], env());
    expect(empty.stderr).toMatch(/no per-catalog indexes/);
  }, 120_000);
});
