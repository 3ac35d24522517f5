import type { RandomSource } from "../util/random.ts";

/**
 * Metrics of the instrument evaluation (docs/instruments.md), kept free of I/O so that
 * test/eval/instrument-metrics.test.ts can check each one on hand-made rankings.
 *
 * A clip's *ranking* is its instrument labels best first (Track.instruments with every label);
 * its *truth* is the set of labels the data set says it has.
 */

/** Whether any truth label is among the first k of the ranking. */
export function hitAtK(ranking: readonly string[], truth: ReadonlySet<string>, k: number): boolean {
  return ranking.slice(0, k).some((l) => truth.has(l));
}

/** Share of the first k labels that are true (k counts even when the ranking is shorter). */
export function precisionAtK(ranking: readonly string[], truth: ReadonlySet<string>, k: number): number {
  return ranking.slice(0, k).filter((l) => truth.has(l)).length / k;
}

/** Share of the truth found among the first k labels (truth outside the ranking counts as missed). */
export function recallAtK(ranking: readonly string[], truth: ReadonlySet<string>, k: number): number {
  if (truth.size === 0) return 0;
  return ranking.slice(0, k).filter((l) => truth.has(l)).length / truth.size;
}

/** 1-based position of `label` in the ranking, or null when it is not ranked. */
export function rankOf(ranking: readonly string[], label: string): number | null {
  const i = ranking.indexOf(label);
  return i < 0 ? null : i + 1;
}

/** A uniformly random order of `labels` (Fisher–Yates with the given source). */
export function shuffled<T>(labels: readonly T[], random: RandomSource): T[] {
  const out = [...labels];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The random baseline of a per-clip metric, measured: the metric averaged over `draws` random
 * orders of `labels` per clip (the same clips, truths and k as the model's figure).
 */
export function randomBaseline(
  labels: readonly string[],
  truths: ReadonlyArray<ReadonlySet<string>>,
  metric: (ranking: readonly string[], truth: ReadonlySet<string>) => number,
  draws: number,
  random: RandomSource,
): number {
  if (!truths.length || draws < 1) return 0;
  let sum = 0;
  for (const truth of truths) for (let d = 0; d < draws; d++) sum += metric(shuffled(labels, random), truth);
  return sum / (truths.length * draws);
}

/**
 * Average precision of a ranking of items (true = relevant) — the area under its precision–recall
 * curve; a random order's expectation is about the share of relevant items.
 */
export function averagePrecision(ranked: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((r, i) => {
    if (r) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return hits ? sum / hits : 0;
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
