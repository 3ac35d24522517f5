import type { Command } from "commander";
import { loadConfig, loadConfigOverriding } from "../../config.ts";
import { openDatabase } from "../../db/connect.ts";
import { CatalogIndexService } from "../../services/catalog-index.service.ts";
import { lockDataDir, pgliteDir } from "../../runtime/data-dir-lock.ts";
import { queryThroughServer, runningServer, runThroughServer, TASK_FIELDS } from "../admin-task-client.ts";
import type { CatalogIndexRow } from "../../db/repositories/catalog-index.repository.ts";

/**
 * Opens the database itself: on `DATABASE_URL`, or on the embedded database while no server holds
 * it. While a server holds it, every subcommand goes through the server instead (issue #19 item 4):
 * `catalog` and `auto` as admin tasks, `list` as the catalogIndexes query.
 */
async function withService<T>(fn: (svc: CatalogIndexService) => Promise<T>): Promise<T> {
  const cfg = loadConfig();
  const release = cfg.databaseUrl ? null : await lockDataDir(cfg.dataDir);
  try {
    const db = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.databaseUrl ? undefined : pgliteDir(cfg.dataDir), vectorIndex: cfg.vectorIndex });
    try {
      return await fn(new CatalogIndexService(db));
    } finally {
      await db.close();
    }
  } finally {
    await release?.();
  }
}

const mib = (bytes: number | null) => (bytes === null ? "-" : `${(bytes / 1048576).toFixed(1)} MiB`);

export function registerIndexCommand(program: Command): void {
  const index = program
    .command("index")
    .description("per-catalog HNSW indexes: searches filtered on one catalog walk a graph of that catalog only (docs/scale.md)");

  index
    .command("catalog")
    .description("build the catalog's partial HNSW indexes for every model (kept for models added later), or --drop them")
    .argument("<name>", "catalog name (letters, digits, _ . : -)")
    .option("--drop", "drop the catalog's indexes instead")
    .action(async (name: string, opts: { drop?: boolean }) => {
      const started = Date.now();
      // A running server owns the embedded database: it builds the indexes as a job (issue #19 item 4).
      const server = await runningServer(loadConfig());
      if (server) {
        const done = await runThroughServer(
          server,
          { field: "buildCatalogIndex", document: `mutation($c: String!, $d: Boolean!) { buildCatalogIndex(catalog: $c, drop: $d) { ${TASK_FIELDS} } }`, vars: { c: name, d: Boolean(opts.drop) } },
          opts.drop ? "dropping indexes" : "building indexes",
        );
        process.stderr.write(`${done.summary ?? ""} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        return;
      }
      const names = await withService((svc) => (opts.drop ? svc.drop(name) : svc.create(name)));
      for (const n of names) process.stdout.write(`${n}\n`);
      const verb = opts.drop ? "dropped" : "built";
      process.stderr.write(`${verb} ${names.length} index(es) for catalog ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    });

  index
    .command("auto")
    .description("build the indexes of every catalog with at least TUNELENS_CATALOG_INDEX_MIN_TRACKS tracks (or --min-tracks N) that has none")
    .option("--min-tracks <n>", "threshold (default: TUNELENS_CATALOG_INDEX_MIN_TRACKS)")
    .action(async (opts: { minTracks?: string }) => {
      // --min-tracks is read by the same rule as the variable it stands in for
      const min = (opts.minTracks === undefined ? loadConfig() : loadConfigOverriding({ TUNELENS_CATALOG_INDEX_MIN_TRACKS: opts.minTracks })).catalogIndexMinTracks;
      if (min === null) throw new Error("no threshold: set TUNELENS_CATALOG_INDEX_MIN_TRACKS or pass --min-tracks N");
      const server = await runningServer(loadConfig());
      if (server) {
        const done = await runThroughServer(
          server,
          { field: "autoBuildCatalogIndexes", document: `mutation($m: Int!) { autoBuildCatalogIndexes(minTracks: $m) { ${TASK_FIELDS} } }`, vars: { m: min } },
          "building indexes",
        );
        process.stderr.write(`${done.summary ?? ""}\n`);
        return;
      }
      const created = await withService((svc) => svc.autoCreate(min));
      for (const c of created) process.stdout.write(`${c}\n`);
      process.stderr.write(`indexed ${created.length} catalog(s) with at least ${min} tracks\n`);
    });

  index
    .command("list")
    .description("catalogs with per-catalog indexes: one line per model and kind, with size and rows")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const server = await runningServer(loadConfig());
      const rows = server
        ? (
            await queryThroughServer<{ catalogIndexes: CatalogIndexRow[] }>(
              server,
              "{ catalogIndexes { catalog modelId modelVersion kind storage indexName exists bytes rows } }",
              "listing indexes",
            )
          ).catalogIndexes
        : await withService((svc) => svc.list());
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stderr.write("no per-catalog indexes (create one with `tunelens index catalog NAME`)\n");
        return;
      }
      for (const r of rows) {
        process.stdout.write(
          `${r.catalog}\t${r.modelVersion}\t${r.kind}\t${r.storage}\t${r.exists ? "built" : "missing"}\t${mib(r.bytes)}\t${r.rows} rows\t${r.indexName}\n`,
        );
      }
    });
}
