import { existsSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { loadEncoder } from "../embedding/onnx-encoder.ts";
import { benchCatalog, productionGraph, type Backend, type CatalogBenchResult } from "./catalog-bench.ts";
import { inProcessBaseline, type InProcessResult } from "./in-process-baseline.ts";
import { timeIngestStages, type IngestStageTiming } from "./ingest-stages.ts";
import { LoadAverageSampler, type MachineInfo } from "./machine.ts";
import { projectLogarithmic, projectPowerLaw, type Projection } from "./projection.ts";
import { benchQuerySentences } from "./query-sentences.ts";
import { exactTopK } from "./recall.ts";
import type { LoadBenchResult } from "./load-bench.ts";

export interface BenchOptions {
  sizes: number[];
  backends: Backend[];
  postgresUrl?: string;
  /** PGlite runs only sizes up to this (WASM, one thread: see docs/performance.md) */
  pgliteMaxTracks: number;
  queries: number;
  /** the full HNSW sweep at the smallest Postgres size and a reduced one at the largest */
  sweep: boolean;
  qpsSeconds: number;
  /** the served least ef_search (Config.vectorIndex.efSearch) */
  efSearch: number;
  modelDir: string;
  audioDir?: string;
  logger: Logger;
  log: (msg: string) => void;
}

export interface BenchReport {
  command: string;
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  /** the served index's graph parameters and default ef_search during this run */
  production?: { m: number; efConstruction: number; efSearch: number };
  /** the run the headline keys below come from */
  headline: { backend: Backend; tracks: number };
  textSearch: { p50Ms: number; p95Ms: number; p99Ms: number };
  trackSearch: { p50Ms: number; p95Ms: number; p99Ms: number };
  qps: number;
  /** GraphQL text→track p50 ÷ (text encoding + the same SQL) p50 */
  graphqlOverSql: number;
  /** GraphQL track→track p50 ÷ the same SQL p50 (no encoding on either side) */
  graphqlOverSqlTrack: number;
  recallAt10: number;
  recallAt10Filtered: number;
  ingestRealtimeFactor: number | null;
  runs: CatalogBenchResult[];
  inProcess: Array<{ tracks: number } & InProcessResult>;
  ingest: IngestStageTiming | null;
  projections: Projection[];
  notes: string[];
  load?: LoadBenchResult;
}

const DEFAULT_AUDIO = path.resolve("../shared/data/librosa-music/audio");

/** Every size on every back end, the in-process baseline, ingest stages and projections. */
export async function runBench(opts: BenchOptions, command: string): Promise<BenchReport> {
  const sampler = new LoadAverageSampler();
  const started = Date.now();
  const notes: string[] = [];
  const PRODUCTION_GRAPH = productionGraph(opts.efSearch);
  const sentences = benchQuerySentences(opts.queries);
  const encoder = await loadEncoder(opts.modelDir);
  let ingest: IngestStageTiming | null = null;
  let queryVectors: Float32Array[];
  try {
    queryVectors = await encoder.embedTexts(sentences);
    const audioDir = opts.audioDir ?? (existsSync(DEFAULT_AUDIO) ? DEFAULT_AUDIO : undefined);
    if (audioDir && existsSync(audioDir)) {
      opts.log(`ingest stages on ${audioDir}…`);
      ingest = await timeIngestStages(audioDir, encoder);
    } else notes.push("No audio folder (--audio DIR) was found: ingest stages were not timed.");
  } finally {
    await encoder.close();
  }

  const runs: CatalogBenchResult[] = [];
  const inProcess: BenchReport["inProcess"] = [];
  for (const backend of opts.backends) {
    for (const tracks of opts.sizes) {
      if (backend === "pglite" && tracks > opts.pgliteMaxTracks) {
        notes.push(`PGlite was not run at ${tracks} tracks (limit --pglite-max-tracks ${opts.pgliteMaxTracks}; see the PGlite section).`);
        continue;
      }
      let vectors: Float32Array[] = [];
      let accepts: (i: number) => boolean = () => true;
      // one failed run (a server hiccup, a full disk) is reported and the others still run
      const result = await benchCatalog({
        backend,
        tracks,
        postgresUrl: opts.postgresUrl,
        sentences,
        queryVectors,
        sweep: !opts.sweep || backend !== "postgres" ? false : tracks === Math.min(...opts.sizes) ? "full" : tracks === Math.max(...opts.sizes) ? "reduced" : false,
        qpsSeconds: opts.qpsSeconds,
        efSearch: opts.efSearch,
        logger: opts.logger,
        log: opts.log,
        onCatalog: (c) => {
          vectors = c.tracks.map((t) => t.audio);
          accepts = c.accepts;
        },
      }).catch((err: unknown) => {
        notes.push(`${backend} ${tracks}: failed: ${err instanceof Error ? err.message : String(err)}`);
        opts.log(`${backend} ${tracks}: FAILED: ${String(err)}`);
        return null;
      });
      if (!result) continue;
      runs.push(result);
      if (!inProcess.some((r) => r.tracks === tracks)) {
        opts.log(`hnswlib ${tracks}: building…`);
        const exact = queryVectors.map((q) => exactTopK(vectors, q, 10));
        const exactFiltered = queryVectors.map((q) => exactTopK(vectors, q, 10, accepts));
        inProcess.push({ tracks, ...inProcessBaseline(vectors, queryVectors, exact, exactFiltered, accepts, PRODUCTION_GRAPH) });
      }
    }
  }
  if (runs.length === 0) throw new Error("no benchmark ran (check --backends and --tracks)");

  const primary = runs.filter((r) => r.backend === "postgres");
  const pool = primary.length ? primary : runs;
  const head = pool.reduce((a, b) => (b.tracks > a.tracks ? b : a));
  const pick = (s: { p50Ms: number; p95Ms: number; p99Ms: number }) => ({ p50Ms: s.p50Ms, p95Ms: s.p95Ms, p99Ms: s.p99Ms });
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

  const projections: Projection[] = [];
  const sized = [...pool].sort((a, b) => a.tracks - b.tracks);
  if (sized.length >= 2) {
    const [a, b] = [sized[0], sized[sized.length - 1]];
    const targets = [1_000_000, 10_000_000];
    const at = (r: CatalogBenchResult, f: (r: CatalogBenchResult) => number) => ({ tracks: r.tracks, value: f(r) });
    const power = (metric: string, f: (r: CatalogBenchResult) => number) => projections.push(projectPowerLaw(metric, at(a, f), at(b, f), targets));
    // search latencies: HNSW visits O(log n) nodes while the index is in memory
    const log = (metric: string, f: (r: CatalogBenchResult) => number) => projections.push(projectLogarithmic(metric, at(a, f), at(b, f), targets));
    power("index size (MiB, both HNSW indexes)", (r) => r.indexBytes / 2 ** 20);
    power("index build (s)", (r) => r.indexBuildMs / 1000);
    power("catalog load (s)", (r) => r.loadMs / 1000);
    power("exact search p50 (ms)", (r) => r.exactSql.p50Ms);
    log("GraphQL text→track p50 (ms)", (r) => r.graphql.text.p50Ms);
    log("GraphQL track→track p50 (ms)", (r) => r.graphql.track.p50Ms);
    log("SQL fused search p50 (ms)", (r) => r.sql.text.p50Ms);
    const hnswA = inProcess.find((x) => x.tracks === a.tracks);
    const hnswB = inProcess.find((x) => x.tracks === b.tracks);
    if (hnswA && hnswB) {
      projections.push(projectLogarithmic("hnswlib in-process p50 (ms)", { tracks: a.tracks, value: hnswA.search.p50Ms }, { tracks: b.tracks, value: hnswB.search.p50Ms }, targets));
    }
  }

  return {
    command,
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: sampler.stop(),
    production: PRODUCTION_GRAPH,
    headline: { backend: head.backend, tracks: head.tracks },
    textSearch: pick(head.graphql.text),
    trackSearch: pick(head.graphql.track),
    qps: Math.round(head.qps.rps),
    graphqlOverSql: ratio(head.graphql.text.p50Ms, head.sql.textWithEncode.p50Ms),
    graphqlOverSqlTrack: ratio(head.graphql.track.p50Ms, head.sql.track.p50Ms),
    recallAt10: head.recall.unfiltered.relaxedOrder,
    recallAt10Filtered: head.recall.filtered.relaxedOrder,
    ingestRealtimeFactor: ingest ? Math.round(ingest.realtime.total) : null,
    runs,
    inProcess,
    ingest,
    projections,
    notes,
  };
}
