import type { BenchRepository, IterativeScan, VectorStorage } from "../db/repositories/bench.repository.ts";
import { sampleLatency } from "./latency-sampler.ts";
import { meanIndexRecallAtK } from "./recall.ts";

export interface SweepPoint {
  storage: VectorStorage;
  m: number;
  efConstruction: number;
  efSearch: number;
  buildMs: number;
  indexBytes: number;
  recallAt10: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SweepInput {
  repo: BenchRepository;
  dims: number;
  queries: readonly Float32Array[];
  /** exact top-10 external ids per query */
  exact: readonly string[][];
}

/** Recall and latency of every ef_search on the index currently on bench_vectors. */
async function probe(input: SweepInput, storage: VectorStorage, efSearch: number, iterative: IterativeScan = "off", catalog?: string, exact = input.exact) {
  const answers: string[][] = [];
  const latency = await sampleLatency(input.queries.length, async (i) => {
    const ids = await input.repo.sweepQuery(input.queries[i], 10, { dims: input.dims, storage, settings: { efSearch, iterative }, catalog });
    answers[i] = ids;
  }, 5);
  return { recallAt10: meanIndexRecallAtK(answers, exact, 10), p50Ms: latency.p50Ms, p99Ms: latency.p99Ms };
}

/**
 * HNSW parameter sweep on a plain copy of the audio vectors (bench_vectors): for each (m,
 * ef_construction) one build — timed, sized — then recall@10 and latency for each ef_search.
 */
export async function hnswSweep(
  input: SweepInput,
  grid: { storage: VectorStorage; m: number[]; efConstruction: number[]; efSearch: number[] },
  onStep?: () => void,
): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const m of grid.m) {
    for (const efConstruction of grid.efConstruction) {
      if (efConstruction < 2 * m) continue; // pgvector refuses ef_construction < 2·m
      await input.repo.dropSweepIndexes();
      const buildMs = await input.repo.buildSweepIndex({ dims: input.dims, m, efConstruction, storage: grid.storage });
      const indexBytes = (await input.repo.hnswIndexSizes("bench_vectors")).reduce((s, x) => s + x.bytes, 0);
      for (const efSearch of grid.efSearch) {
        points.push({ storage: grid.storage, m, efConstruction, efSearch, buildMs, indexBytes, ...(await probe(input, grid.storage, efSearch)) });
      }
      onStep?.();
    }
  }
  await input.repo.dropSweepIndexes();
  return points;
}

export interface PartitionResult {
  catalog: string;
  share: number;
  globalIndex: { iterativeOff: number; relaxedOrder: number };
  perCatalogIndex: number;
  perCatalogBuildMs: number;
}

/**
 * Multi-tenant recall: a query restricted to one catalog, answered (a) from one global HNSW
 * index — without iterative scans most of the 40 candidates belong to other catalogs and are
 * filtered away — and (b) from a partial index holding only that catalog (pgvector's advice
 * for filtering on a few distinct values).
 */
export async function partitionComparison(
  input: SweepInput,
  catalog: string,
  exactInCatalog: readonly string[][],
  share: number,
  graph: { m: number; efConstruction: number; efSearch: number },
): Promise<PartitionResult> {
  const { m, efConstruction, efSearch } = graph;
  await input.repo.dropSweepIndexes();
  await input.repo.buildSweepIndex({ dims: input.dims, m, efConstruction, storage: "vector" });
  const off = await probe(input, "vector", efSearch, "off", catalog, exactInCatalog);
  const relaxed = await probe(input, "vector", efSearch, "relaxed_order", catalog, exactInCatalog);
  const perCatalogBuildMs = await input.repo.buildSweepIndex({ dims: input.dims, m, efConstruction, storage: "vector", catalog });
  const partial = await probe(input, "vector", efSearch, "off", catalog, exactInCatalog);
  await input.repo.dropSweepIndexes();
  return { catalog, share, globalIndex: { iterativeOff: off.recallAt10, relaxedOrder: relaxed.recallAt10 }, perCatalogIndex: partial.recallAt10, perCatalogBuildMs };
}
