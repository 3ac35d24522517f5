import cliProgress from "cli-progress";
import type { Logger } from "pino";
import { loadConfigOverriding } from "../config.ts";
import { PgDatabase } from "../db/pg-database.ts";
import { BENCH_DATABASE, BenchRepository } from "../db/repositories/bench.repository.ts";
import { ModelRepository } from "../db/repositories/model.repository.ts";
import { startServer, type RunningServer } from "../server/start-server.ts";
import { generateCatalog, type SyntheticCatalog } from "./synthetic-catalog.ts";

export type Backend = "postgres" | "pglite";

export interface BenchServer {
  running: RunningServer;
  catalog: SyntheticCatalog;
  repo: BenchRepository;
  loadMs: number;
  indexBuildMs: number;
  stop(): Promise<void>;
}

export function progressBar(label: string, total: number): cliProgress.SingleBar {
  const b = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} | {eta_formatted} left`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  b.start(total, 0);
  return b;
}

export function scratchUrl(serverUrl: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${BENCH_DATABASE}`;
  return u.toString();
}

/**
 * The real server (start-server.ts, same configuration path as `tunelens serve`) on 127.0.0.1 and
 * a free port, over a fresh database — a scratch database on the Postgres server, dropped by
 * `stop()`, or an in-memory PGlite — holding a synthetic catalog of `tracks`. The served model's
 * HNSW indexes are dropped before the load and rebuilt after it (timed).
 */
export async function startBenchServer(opts: {
  backend: Backend;
  tracks: number;
  postgresUrl?: string;
  queryVectors: readonly Float32Array[];
  logger: Logger;
  log: (msg: string) => void;
  /** replaces the catalog's vectors before the load (e.g. real model embeddings, scripts/recall-served.ts) */
  revector?: (catalog: SyntheticCatalog, dims: number) => Promise<void>;
}): Promise<BenchServer> {
  const { backend, tracks: n } = opts;
  let admin: PgDatabase | null = null;
  if (backend === "postgres") {
    if (!opts.postgresUrl) throw new Error("the postgres back end needs a server URL (DATABASE_URL or --postgres)");
    admin = await PgDatabase.open(opts.postgresUrl, { max: 1 });
    await BenchRepository.recreateDatabase(admin);
  }
  const dropScratch = async () => {
    if (!admin) return;
    await BenchRepository.dropDatabase(admin).catch(() => {});
    await admin.close();
  };
  const cfg = loadConfigOverriding({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: backend === "postgres" ? scratchUrl(opts.postgresUrl!) : "",
    DATABASE_READ_URL: "",
    NODE_ENV: "production",
    TUNELENS_ANONYMOUS_SEARCH: "true",
    // the bench measures the search path, not the per-caller limiter (one caller sends everything)
    TUNELENS_RATE_LIMIT_PER_MINUTE: "1000000000",
    TUNELENS_IN_PROCESS_WORKER: "off",
  });
  let running: RunningServer;
  try {
    running = await startServer(cfg, opts.logger, { inMemory: backend === "pglite" });
  } catch (err) {
    await dropScratch();
    throw err;
  }
  const stop = async () => {
    await running.stop();
    await dropScratch();
  };
  try {
    const { db } = running.opened;
    const { model } = running.opened.runtime;
    const repo = new BenchRepository(db);
    const catalog = generateCatalog(n, model.dimensions, opts.queryVectors);
    await opts.revector?.(catalog, model.dimensions);

    await repo.dropEmbeddingHnswIndexes();
    const batch = backend === "postgres" ? 2000 : 1000;
    const bar = progressBar(`${backend} ${n}: load`, n);
    let started = performance.now();
    for (let i = 0; i < n; i += batch) {
      await repo.insertBatch(model, catalog.tracks.slice(i, i + batch));
      bar.update(Math.min(n, i + batch));
    }
    bar.stop();
    const loadMs = performance.now() - started;
    await repo.analyze();
    opts.log(`${backend} ${n}: loaded in ${(loadMs / 1000).toFixed(1)} s; building HNSW (audio + description)…`);
    started = performance.now();
    await repo.withBuildMemory((tx) => new ModelRepository(tx).ensureVectorIndexes(model));
    const indexBuildMs = performance.now() - started;
    await repo.analyze();
    return { running, catalog, repo, loadMs, indexBuildMs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
