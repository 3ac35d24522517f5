import os from "node:os";
import type { Logger } from "pino";
import type { AnnSettings } from "../db/repositories/bench.repository.ts";
import { SearchRepository } from "../db/repositories/search.repository.ts";
import { CANDIDATE_DEPTHS } from "../services/ranking/tiered-ranking.ts";
import { HNSW_EF_CONSTRUCTION, HNSW_M } from "../db/repositories/vector-sql.ts";
import { progressBar, startBenchServer, type Backend } from "./bench-server.ts";
import { textBody, trackBody, postGraphql } from "./graphql-queries.ts";
import { hnswSweep, partitionComparison, type PartitionResult, type SweepPoint } from "./hnsw-sweep.ts";
import { sampleLatency } from "./latency-sampler.ts";
import { driveLoad, type LoadResult } from "./load-driver.ts";
import type { LatencySummary } from "./percentiles.ts";
import { exactTopK, meanIndexRecallAtK } from "./recall.ts";
import type { SyntheticCatalog } from "./synthetic-catalog.ts";

export type { Backend };

export interface CatalogBenchResult {
  backend: Backend;
  tracks: number;
  clusters: number;
  loadMs: number;
  /** both HNSW indexes of the served model (audio and description), one build */
  indexBuildMs: number;
  indexBytes: number;
  tableBytes: number;
  encodeText: LatencySummary;
  graphql: { text: LatencySummary; track: LatencySummary };
  sql: { text: LatencySummary; textWithEncode: LatencySummary; track: LatencySummary };
  exactSql: LatencySummary;
  exactAgreesWithBruteForce: boolean;
  qps: LoadResult;
  recall: {
    filter: Record<string, unknown>;
    filterSelectivity: number;
    plannerUsesHnswFiltered: boolean;
    unfiltered: { iterativeOff: number; relaxedOrder: number };
    filtered: { iterativeOff: number; relaxedOrder: number };
  };
  /** the production index at several ef_search values: recall@10 and the single-signal SQL latency */
  efCurve: EfPoint[];
  storage: SweepPoint[];
  sweep?: SweepPoint[];
  partition?: PartitionResult;
}

export interface CatalogBenchInput {
  backend: Backend;
  tracks: number;
  /** server URL of the real Postgres (its scratch database is created next to it) */
  postgresUrl?: string;
  sentences: string[];
  queryVectors: Float32Array[];
  /** full: the m × ef_construction × ef_search grid and the partition comparison; reduced: the m × ef_construction pairs that matter at scale */
  sweep: "full" | "reduced" | false;
  qpsSeconds: number;
  /** the served least ef_search (Config.vectorIndex.efSearch; the bench's server is configured alike) */
  efSearch: number;
  logger: Logger;
  log: (msg: string) => void;
  onCatalog?: (catalog: SyntheticCatalog) => void;
}

export interface EfPoint {
  efSearch: number;
  recallAt10: number;
  latency: LatencySummary;
  /** false when the planner chose an exact scan over the index at this ef_search */
  usesHnsw: boolean;
}

/** ef_search values measured on the production index at every size (recall against latency). */
const EF_CURVE = [40, 100, 200, 400];
/**
 * The served index's graph parameters at the configured least ef_search (Config.vectorIndex), for
 * the storage comparison and the in-process baseline.
 */
export function productionGraph(efSearch: number): { m: number; efConstruction: number; efSearch: number } {
  return { m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, efSearch };
}

/**
 * One catalog size on one back end: start the real server on a fresh database, load the
 * synthetic catalog, rebuild the indexes (timed), then measure GraphQL over HTTP, the same
 * statements without HTTP/GraphQL, exact search, recall, throughput and index variants.
 */
export async function benchCatalog(input: CatalogBenchInput): Promise<CatalogBenchResult> {
  const { backend, tracks: n, log } = input;
  // production search settings (search.repository.ts): the served ef_search, relaxed iterative scans
  const PRODUCTION: AnnSettings = { efSearch: input.efSearch, iterative: "relaxed_order", maxScanTuples: 100_000 };
  const NO_ITERATIVE: AnnSettings = { efSearch: input.efSearch, iterative: "off" };
  const PRODUCTION_GRAPH = productionGraph(input.efSearch);
  const server = await startBenchServer(input);
  try {
    const { running, catalog, repo, loadMs, indexBuildMs } = server;
    const { db } = running.opened;
    const { model, encoder } = running.opened.runtime;
    input.onCatalog?.(catalog);
    const indexBytes = (await repo.hnswIndexSizes("embeddings")).reduce((s, x) => s + x.bytes, 0);
    const tableBytes = await repo.tableBytes("embeddings");
    log(`${backend} ${n}: indexes built in ${(indexBuildMs / 1000).toFixed(1)} s (${(indexBytes / 2 ** 20).toFixed(1)} MiB)`);

    // ---- ground truth by brute force over the same vectors
    const audio = catalog.tracks.map((t) => t.audio);
    const queries = input.queryVectors;
    const ids = (is: number[]) => is.map((i) => catalog.tracks[i].id);
    const exact = queries.map((q) => ids(exactTopK(audio, q, 10)));
    const exactFiltered = queries.map((q) => ids(exactTopK(audio, q, 10, catalog.accepts)));

    // ---- recall of the production statement (audio signal), iterative scans off vs relaxed
    const recallOf = async (settings: AnnSettings, filtered: boolean) => {
      const answers: string[][] = [];
      for (const q of queries) answers.push(await repo.nearestAudio(model, q, 10, { settings, filter: filtered ? catalog.selectiveFilter : null }));
      return meanIndexRecallAtK(answers, filtered ? exactFiltered : exact, 10);
    };
    const recall = {
      filter: catalog.selectiveFilter as Record<string, unknown>,
      filterSelectivity: catalog.selectivity,
      plannerUsesHnswFiltered: await repo.usesHnsw(model, queries[0], catalog.selectiveFilter, PRODUCTION),
      unfiltered: { iterativeOff: await recallOf(NO_ITERATIVE, false), relaxedOrder: await recallOf(PRODUCTION, false) },
      filtered: { iterativeOff: await recallOf(NO_ITERATIVE, true), relaxedOrder: await recallOf(PRODUCTION, true) },
    };
    log(`${backend} ${n}: recall@10 ${recall.unfiltered.relaxedOrder.toFixed(3)}, filtered ${recall.filtered.relaxedOrder.toFixed(3)} (iterative off ${recall.filtered.iterativeOff.toFixed(3)})`);

    // ---- the same index at other ef_search values: what recall costs in latency at this size
    const efCurve: EfPoint[] = [];
    for (const efSearch of EF_CURVE) {
      const settings: AnnSettings = { ...PRODUCTION, efSearch };
      const answers: string[][] = [];
      const latency = await sampleLatency(queries.length, async (i) => {
        const a = await repo.nearestAudio(model, queries[i], 10, { settings });
        answers[i] = a;
      }, 5);
      efCurve.push({ efSearch, recallAt10: meanIndexRecallAtK(answers, exact, 10), latency, usesHnsw: await repo.usesHnsw(model, queries[0], null, settings) });
    }
    log(`${backend} ${n}: ef_search → recall@10 ${efCurve.map((p) => `${p.efSearch} → ${p.recallAt10.toFixed(3)} (${p.latency.p50Ms} ms)`).join(", ")}`);

    // ---- exact search baseline: index scans off, so every row is compared and sorted
    const exactProbe = queries.slice(0, 20);
    const exactSql = await sampleLatency(exactProbe.length, (i) => repo.nearestAudio(model, exactProbe[i], 10, { exact: true }), 2);
    const agreement = await repo.nearestAudio(model, queries[0], 10, { exact: true });
    const exactAgreesWithBruteForce = meanIndexRecallAtK([agreement], [exact[0]], 10) === 1;

    // ---- the same searches without HTTP and GraphQL: the service's own SQL through the driver
    const search = new SearchRepository(db);
    const nq = queries.length;
    const trackIdx = (i: number) => (i * 7919) % n;
    // the first candidate pool a first page is cut from (src/services/ranking/tiered-ranking.ts), as the service runs it
    const vq = (audioVector: Float32Array, descriptionVector: Float32Array, exclude: string[]) =>
      search.pool({
        model,
        source: { kind: "vectors", audioVector, descriptionVector },
        signal: "fused",
        alpha: 0.5,
        depth: CANDIDATE_DEPTHS[0],
        filter: exclude.length ? { excludeTrackIds: exclude } : null,
      });
    const encodeText = await sampleLatency(nq, (i) => encoder.embedTexts([input.sentences[i]]));
    const sqlText = await sampleLatency(nq, (i) => vq(queries[i], queries[i], []));
    const sqlTextWithEncode = await sampleLatency(nq, async (i) => {
      const [v] = await encoder.embedTexts([input.sentences[i]]);
      return vq(v, v, []);
    });
    const sqlTrack = await sampleLatency(nq, (i) => {
      const t = catalog.tracks[trackIdx(i)];
      return vq(t.audio, t.description, [t.id]);
    });

    // ---- GraphQL over HTTP, one request at a time
    const url = running.url;
    const gqlText = await sampleLatency(nq, (i) => postGraphql(url, textBody(input.sentences[i])));
    const gqlTrack = await sampleLatency(nq, (i) => postGraphql(url, trackBody(catalog.tracks[trackIdx(i)].externalId)));
    log(`${backend} ${n}: GraphQL text p50 ${gqlText.p50Ms} ms (SQL+encode ${sqlTextWithEncode.p50Ms}), track p50 ${gqlTrack.p50Ms} ms (SQL ${sqlTrack.p50Ms})`);

    // ---- throughput: mixed text/track searches from a second process, as fast as answered
    const bodies = input.sentences.flatMap((s, i) => [textBody(s), trackBody(catalog.tracks[trackIdx(i)].externalId)]);
    const qps = await driveLoad({ url: `${url}/graphql`, bodies, connections: 2 * os.availableParallelism(), durationSeconds: input.qpsSeconds });
    log(`${backend} ${n}: ${qps.rps.toFixed(0)} queries/s, ${qps.errors + qps.non2xx + qps.graphqlErrors} errors`);

    // ---- index variants on a plain copy of the audio vectors
    const exactExt = queries.map((q) => exactTopK(audio, q, 10).map((i) => catalog.tracks[i].externalId));
    await repo.createSweepTable(model);
    const sweepInput = { repo, dims: model.dimensions, queries: queries.slice(0, 100), exact: exactExt.slice(0, 100) };
    const storage = [
      ...(await hnswSweep(sweepInput, { storage: "vector", m: [PRODUCTION_GRAPH.m], efConstruction: [PRODUCTION_GRAPH.efConstruction], efSearch: [PRODUCTION_GRAPH.efSearch] })),
      ...(await hnswSweep(sweepInput, { storage: "halfvec", m: [PRODUCTION_GRAPH.m], efConstruction: [PRODUCTION_GRAPH.efConstruction], efSearch: [PRODUCTION_GRAPH.efSearch] })),
    ];
    let sweep: SweepPoint[] | undefined;
    let partition: PartitionResult | undefined;
    // the sweep is optional: if a build fails (memory, a refused parameter), the run keeps its figures
    if (input.sweep) try {
      const grid =
        input.sweep === "full"
          ? { m: [8, 16, 32], efConstruction: [64, 128], efSearch: [10, 20, 40, 80, 160, 320] }
          : { m: [16, 32], efConstruction: [64, 128], efSearch: [40, 100, 200, 400] };
      const steps = progressBar(`${backend} ${n}: HNSW sweep`, grid.m.length * grid.efConstruction.length);
      let done = 0;
      sweep = await hnswSweep(sweepInput, { storage: "vector", ...grid }, () => steps.update(++done));
      steps.stop();
      // the partition comparison runs once, with the full sweep
      if (input.sweep === "full") {
        const cat = "cat-07";
        const inCat = (i: number) => catalog.tracks[i].catalog === cat;
        const exactInCat = sweepInput.queries.map((q) => exactTopK(audio, q, 10, inCat).map((i) => catalog.tracks[i].externalId));
        partition = await partitionComparison(sweepInput, cat, exactInCat, catalog.tracks.filter((t) => t.catalog === cat).length / n, PRODUCTION_GRAPH);
      }
    } catch (err) {
      log(`${backend} ${n}: HNSW sweep failed: ${String(err)}`);
    }

    return {
      backend,
      tracks: n,
      clusters: catalog.clusters,
      loadMs,
      indexBuildMs,
      indexBytes,
      tableBytes,
      encodeText,
      graphql: { text: gqlText, track: gqlTrack },
      sql: { text: sqlText, textWithEncode: sqlTextWithEncode, track: sqlTrack },
      exactSql,
      exactAgreesWithBruteForce,
      qps,
      recall,
      efCurve,
      storage,
      ...(sweep ? { sweep } : {}),
      ...(partition ? { partition } : {}),
    };
  } finally {
    await server.stop();
  }
}
