/**
 * Statistical tests and intervals behind experiment reports.
 *
 * Distribution functions come from stdlib (https://stdlib.io, Apache-2.0), which implements them
 * with the Cephes/Boost algorithms (regularised incomplete beta/gamma); nothing numerical is
 * hand-rolled here beyond the closed-form test statistics.
 */
import { createRequire } from "node:module";
import normalCdfBase from "@stdlib/stats-base-dists-normal-cdf";
import type normalQuantileFn from "@stdlib/stats-base-dists-normal-quantile";
import type tCdfFn from "@stdlib/stats-base-dists-t-cdf";
import type tQuantileFn from "@stdlib/stats-base-dists-t-quantile";
import type chiSquareCdfFn from "@stdlib/stats-base-dists-chisquare-cdf";
import type binomialTestFn from "@stdlib/stats-binomial-test";

// Only experiment reports use these: loaded (synchronously, they are CommonJS) on first use. With
// their incomplete beta/gamma kernels they are ≈600 files that every server start used to read
// and compile before it could answer. The normal CDF stays eager: search relevance calls it.
const require = createRequire(import.meta.url);
function lazy<F>(id: string): () => F {
  let loaded: F | undefined;
  return () => (loaded ??= require(id) as F);
}
const normalQuantileBase = lazy<typeof normalQuantileFn>("@stdlib/stats-base-dists-normal-quantile");
const tCdfBase = lazy<typeof tCdfFn>("@stdlib/stats-base-dists-t-cdf");
const tQuantileBase = lazy<typeof tQuantileFn>("@stdlib/stats-base-dists-t-quantile");
const chiSquareCdfBase = lazy<typeof chiSquareCdfFn>("@stdlib/stats-base-dists-chisquare-cdf");
const stdlibBinomialTest = lazy<typeof binomialTestFn>("@stdlib/stats-binomial-test");

/** A closed interval `[lower, upper]`. */
export type Interval = [lower: number, upper: number];

/** Result shared by the two-sample tests: the estimate of `b − a`, its CI and a two-sided p-value. */
export interface TwoSampleTest {
  /** Estimated difference, second sample minus first (treatment minus control). */
  difference: number;
  /** Confidence interval for the difference. */
  ci: Interval;
  /** Test statistic (z or t). */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Name of the test, for reports. */
  test: string;
}

/** Summary of a sample: size, mean and unbiased (n − 1) variance. */
export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalCdfBase(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileBase()(p, 0, 1);
}

/** Student-t CDF with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  return tCdfBase()(t, df);
}

/** Two-sided normal critical value for a confidence level, e.g. 0.95 → 1.95996… */
export function zCritical(confidence = 0.95): number {
  assertConfidence(confidence);
  return normalQuantile(1 - (1 - confidence) / 2);
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedNormalP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  // Use the lower tail of −|z| rather than 1 − Φ(|z|) so that tiny p-values keep their precision.
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/** Mean and unbiased variance of a sample (Welford's one-pass update, stable for large n). */
export function summarize(values: readonly number[]): SampleSummary {
  let mean = 0;
  let m2 = 0;
  let n = 0;
  for (const v of values) {
    n += 1;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return { n, mean: n > 0 ? mean : Number.NaN, variance: n > 1 ? m2 / (n - 1) : Number.NaN };
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Unlike the Wald interval it stays
 * inside [0, 1] and keeps near-nominal coverage for small n or proportions near 0 or 1.
 * Assumes the n trials are independent.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  assertCount(successes, n);
  if (n === 0) return [0, 1];
  const z = zCritical(confidence);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Normal-approximation (Wald) interval `mean ± z·se`, for means of many independent observations
 * or for estimates whose standard error was computed elsewhere (e.g. by the delta method).
 */
export function normalInterval(estimate: number, standardError: number, confidence = 0.95): Interval {
  const half = zCritical(confidence) * standardError;
  return [estimate - half, estimate + half];
}

/** Normal-approximation interval for the mean of a sample of independent observations. */
export function meanInterval(sample: SampleSummary, confidence = 0.95): Interval {
  if (sample.n < 2) return [Number.NaN, Number.NaN];
  return normalInterval(sample.mean, Math.sqrt(sample.variance / sample.n), confidence);
}

/**
 * Two-proportion z-test of H0: p_a = p_b, two-sided. The statistic uses the pooled proportion
 * (the variance under H0); the interval for p_b − p_a uses the unpooled Wald standard error.
 * Assumes independent Bernoulli trials in both groups and n·p large enough for the normal
 * approximation (≳ 5 successes and failures per group).
 */
export function twoProportionZTest(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
  confidence = 0.95,
): TwoSampleTest {
  assertCount(successesA, nA);
  assertCount(successesB, nB);
  const test = "two-proportion z-test";
  if (nA === 0 || nB === 0) return undefinedTest(test);
  const pA = successesA / nA;
  const pB = successesB / nB;
  const difference = pB - pA;
  const pooled = (successesA + successesB) / (nA + nB);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const seUnpooled = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  // Both groups all-success or all-failure: no evidence of any difference.
  const statistic = sePooled > 0 ? difference / sePooled : 0;
  return {
    difference,
    ci: normalInterval(difference, seUnpooled, confidence),
    statistic,
    pValue: sePooled > 0 ? twoSidedNormalP(statistic) : 1,
    test,
  };
}

/**
 * Welch's unequal-variance t-test of H0: μ_a = μ_b, two-sided (Welch 1947), with the
 * Welch–Satterthwaite degrees of freedom. Assumes independent observations; relies on the CLT
 * for non-normal data such as per-query play counts or reciprocal ranks.
 */
export function welchTTest(a: SampleSummary, b: SampleSummary, confidence = 0.95): TwoSampleTest & { df: number } {
  const test = "Welch t-test";
  if (a.n < 2 || b.n < 2) return { ...undefinedTest(test), df: Number.NaN };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const difference = b.mean - a.mean;
  if (se === 0) {
    // Both samples constant: identical means mean no difference, different means are certain.
    return { difference, ci: [difference, difference], statistic: 0, pValue: difference === 0 ? 1 : 0, test, df: a.n + b.n - 2 };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const statistic = difference / se;
  const pValue = Math.min(1, 2 * studentTCdf(-Math.abs(statistic), df));
  const tc = tQuantileBase()(1 - (1 - assertConfidence(confidence)) / 2, df);
  return { difference, ci: [difference - tc * se, difference + tc * se], statistic, pValue, test, df };
}

/**
 * Exact binomial test of H0: P(success) = p (default ½), two-sided. stdlib follows R's
 * `binom.test`: the two-sided p-value sums the probabilities of all outcomes no more likely than
 * the observed one. Used as the sign test for interleaving wins vs losses.
 */
export function binomialTest(successes: number, n: number, p = 0.5): { pValue: number; proportion: number } {
  assertCount(successes, n);
  if (n === 0) return { pValue: 1, proportion: Number.NaN };
  const result = stdlibBinomialTest()(successes, n, { p, alternative: "two-sided" });
  return { pValue: Math.min(1, result.pValue), proportion: successes / n };
}

/** Upper tail P(X ≥ x) of a chi-square distribution with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (x <= 0) return 1;
  return Math.max(0, 1 - chiSquareCdfBase()(x, df));
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected proportions
 * (normalised here, so weights work too). Used for the sample-ratio-mismatch check. Assumes
 * independent units and expected counts ≳ 5 per cell. Cells with zero expected proportion must
 * have zero observations (otherwise the statistic is infinite and p = 0).
 */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  expectedProportions: readonly number[],
): { chiSquare: number; df: number; pValue: number } {
  if (observed.length !== expectedProportions.length || observed.length < 2) {
    throw new RangeError("chi-square goodness of fit needs at least two cells and one proportion per cell");
  }
  const total = observed.reduce((s, o) => s + o, 0);
  const weightSum = expectedProportions.reduce((s, w) => s + w, 0);
  if (!(weightSum > 0) || expectedProportions.some((w) => !(w >= 0))) {
    throw new RangeError("expected proportions must be non-negative and not all zero");
  }
  let chiSquare = 0;
  let cells = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = (total * expectedProportions[i]) / weightSum;
    if (expected === 0) {
      if (observed[i] > 0) chiSquare = Number.POSITIVE_INFINITY;
      continue;
    }
    cells += 1;
    chiSquare += (observed[i] - expected) ** 2 / expected;
  }
  const df = cells - 1;
  if (total === 0 || df < 1) return { chiSquare: 0, df: Math.max(df, 0), pValue: 1 };
  return { chiSquare, df, pValue: Number.isFinite(chiSquare) ? chiSquareSurvival(chiSquare, df) : 0 };
}

/**
 * Pearson's chi-square test of independence for an r × c contingency table
 * (df = (r − 1)(c − 1)). Assumes independent observations and expected counts ≳ 5 per cell.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): { chiSquare: number; df: number; pValue: number } {
  const rows = table.length;
  const cols = table[0]?.length ?? 0;
  if (rows < 2 || cols < 2 || table.some((r) => r.length !== cols)) {
    throw new RangeError("a contingency table needs at least 2 × 2 cells of equal row length");
  }
  const rowSums = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: cols }, (_, j) => table.reduce((s, r) => s + r[j], 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  let chiSquare = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const expected = (rowSums[i] * colSums[j]) / total;
      if (expected > 0) chiSquare += (table[i][j] - expected) ** 2 / expected;
    }
  }
  const df = (rows - 1) * (cols - 1);
  return { chiSquare, df, pValue: chiSquareSurvival(chiSquare, df) };
}

function undefinedTest(test: string): TwoSampleTest {
  return { difference: Number.NaN, ci: [Number.NaN, Number.NaN], statistic: Number.NaN, pValue: Number.NaN, test };
}

function assertCount(successes: number, n: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || n < 0 || successes > n) {
    throw new RangeError(`invalid count: ${successes} successes out of ${n}`);
  }
}

function assertConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return confidence;
}
