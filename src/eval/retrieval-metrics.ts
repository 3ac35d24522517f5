import { seededRandom } from "../util/random.ts";

/**
 * Retrieval metrics of the evaluation protocol (docs/quality.md): a query is found at k when any of its
 * relevant tracks is in the top k.
 */
export interface QueryOutcome {
  /** 1-based ranks of the relevant tracks in the ranking (missing ones omitted) */
  relevantRanks: number[];
  relevantCount: number;
}

export interface RetrievalMetrics {
  queries: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  /** median over queries of the rank of the first relevant track */
  medianRank: number;
  mapAt10: number;
  precisionAt10: number;
  /** share of the top 50 that is relevant (the useful figure when relevant sets are large) */
  precisionAt50?: number;
  /** mean size of a query's relevant set */
  meanRelevant?: number;
  /** recall@k for k = 1..recallCurve.length (for plots) */
  recallCurve: number[];
}

/** how far recall curves go */
export const CURVE_DEPTH = 30;

export function averagePrecisionAt(k: number, o: QueryOutcome): number {
  const ranks = o.relevantRanks.filter((r) => r <= k).sort((a, b) => a - b);
  let sum = 0;
  ranks.forEach((rank, i) => {
    sum += (i + 1) / rank;
  });
  const denom = Math.min(o.relevantCount, k);
  return denom > 0 ? sum / denom : 0;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** `catalogSize` gives unfound queries the worst possible rank. */
export function summarize(outcomes: QueryOutcome[], catalogSize: number): RetrievalMetrics {
  const n = outcomes.length || 1;
  const firstRank = (o: QueryOutcome) => (o.relevantRanks.length ? Math.min(...o.relevantRanks) : catalogSize + 1);
  const recall = (k: number) => outcomes.filter((o) => firstRank(o) <= k).length / n;
  const precisionAt = (k: number) => outcomes.reduce((s, o) => s + o.relevantRanks.filter((r) => r <= k).length / k, 0) / n;
  return {
    queries: outcomes.length,
    recallAt1: recall(1),
    recallAt5: recall(5),
    recallAt10: recall(10),
    medianRank: median(outcomes.map(firstRank)),
    mapAt10: outcomes.reduce((s, o) => s + averagePrecisionAt(10, o), 0) / n,
    precisionAt10: precisionAt(10),
    precisionAt50: precisionAt(50),
    meanRelevant: outcomes.reduce((s, o) => s + o.relevantCount, 0) / n,
    recallCurve: Array.from({ length: Math.min(CURVE_DEPTH, catalogSize) }, (_, i) => recall(i + 1)),
  };
}

/** Probability that a uniformly random ranking of n items puts ≥1 of r relevant in the top k. */
export function randomRecallAt(k: number, n: number, r: number): number {
  if (r <= 0) return 0;
  if (k >= n) return 1;
  // 1 - C(n-r, k) / C(n, k), as a running product to stay in floating range.
  let none = 1;
  for (let i = 0; i < k; i++) none *= (n - r - i) / (n - i);
  return 1 - Math.max(0, none);
}


/**
 * The random-ranking baseline for the same queries: R@k exactly, the rank- and precision-based
 * metrics by Monte Carlo over seeded random permutations.
 */
export function randomBaseline(relevantCounts: number[], catalogSize: number, trials = 2000, seed = 1): RetrievalMetrics {
  // Seeded, so the baseline is the same in every run.
  const rand = seededRandom(seed);
  const n = catalogSize;
  const perTrial: RetrievalMetrics[] = [];
  for (let t = 0; t < trials; t++) {
    const outcomes = relevantCounts.map((r) => {
      // ranks of r relevant items in a random permutation: r distinct positions in 1..n
      const ranks = new Set<number>();
      while (ranks.size < Math.min(r, n)) ranks.add(1 + Math.floor(rand() * n));
      return { relevantRanks: [...ranks], relevantCount: r };
    });
    perTrial.push(summarize(outcomes, n));
  }
  const mean = (f: (m: RetrievalMetrics) => number) => perTrial.reduce((s, m) => s + f(m), 0) / perTrial.length;
  const q = relevantCounts.length || 1;
  const exact = (k: number) => relevantCounts.reduce((s, r) => s + randomRecallAt(k, n, r), 0) / q;
  return {
    queries: relevantCounts.length,
    recallAt1: exact(1),
    recallAt5: exact(5),
    recallAt10: exact(10),
    medianRank: mean((m) => m.medianRank),
    mapAt10: mean((m) => m.mapAt10),
    precisionAt10: mean((m) => m.precisionAt10),
    precisionAt50: mean((m) => m.precisionAt50 ?? 0),
    meanRelevant: relevantCounts.reduce((s, r) => s + r, 0) / q,
    recallCurve: Array.from({ length: Math.min(CURVE_DEPTH, n) }, (_, i) => exact(i + 1)),
  };
}

/**
 * True when finding one relevant track in the top 10 is easy even for a random ranking (a
 * query's relevant set is a sizeable share of the catalogue, e.g. "every calm track"): found@k
 * then tells models apart poorly and precision@k is the figure to read.
 */
export function relevantSetsAreLarge(random: RetrievalMetrics): boolean {
  return random.recallAt10 >= 0.5;
}
