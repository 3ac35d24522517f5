import hnswlib from "hnswlib-node";
import { summarize, type LatencySummary } from "./percentiles.ts";
import { meanIndexRecallAtK } from "./recall.ts";

export interface InProcessResult {
  library: string;
  m: number;
  efConstruction: number;
  efSearch: number;
  buildMs: number;
  search: LatencySummary;
  recallAt10: number;
  recallAt10Filtered: number;
}

/**
 * The same vectors and queries in hnswlib (C++ HNSW inside this process, no SQL, no network):
 * the floor a database-backed index is compared against. Same m / ef_construction / ef_search
 * as the service's index (the caller passes them), one thread (`addPoint` is single-threaded here).
 */
export function inProcessBaseline(
  vectors: readonly Float32Array[],
  queries: readonly Float32Array[],
  exact: readonly number[][],
  exactFiltered: readonly number[][],
  accepts: (i: number) => boolean,
  p: { m: number; efConstruction: number; efSearch: number },
): InProcessResult {
  const dims = vectors[0].length;
  const index = new hnswlib.HierarchicalNSW("cosine", dims);
  const started = performance.now();
  index.initIndex(vectors.length, p.m, p.efConstruction, 100);
  vectors.forEach((v, i) => index.addPoint(Array.from(v), i));
  const buildMs = performance.now() - started;
  index.setEf(p.efSearch);
  const samples: number[] = [];
  const answers: string[][] = [];
  const filtered: string[][] = [];
  for (const q of queries) {
    const arr = Array.from(q);
    const t = performance.now();
    const r = index.searchKnn(arr, 10);
    samples.push(performance.now() - t);
    answers.push(r.neighbors.map(String));
    filtered.push(index.searchKnn(arr, 10, accepts).neighbors.map(String));
  }
  return {
    library: "hnswlib-node 3",
    ...p,
    buildMs,
    search: summarize(samples),
    recallAt10: meanIndexRecallAtK(answers, exact.map((e) => e.map(String)), 10),
    recallAt10Filtered: meanIndexRecallAtK(filtered, exactFiltered.map((e) => e.map(String)), 10),
  };
}
