/**
 * Ratio metrics over clustered data, with the delta method.
 *
 * An A/B experiment randomises *units* (users), but metrics like CTR are per *query*, and one unit
 * issues many queries whose outcomes are correlated (an enthusiastic user clicks everywhere).
 * Treating queries as independent understates the variance and inflates false positives. The
 * delta method treats each unit as one independent cluster contributing a numerator S_u (e.g.
 * clicked queries) and a denominator N_u (its queries):
 *
 *   R̂ = ΣS_u / ΣN_u,   Var(R̂) ≈ Var(S_u − R̂·N_u) / (n · mean(N_u)²)
 *
 * (Deng, Knoblich & Lu, "Applying the Delta Method in Metric Analytics", KDD 2018, §3). It assumes
 * units are independent of each other and numerous enough for the CLT; queries within a unit may
 * depend on each other arbitrarily.
 */
import { normalInterval, twoSidedNormalP, type Interval, type TwoSampleTest } from "./statistics.ts";

/** One randomisation unit's contribution to a ratio metric. */
export interface UnitTotals {
  /** Sum of the per-query values over the unit's queries (clicked queries, plays, reciprocal ranks). */
  numerator: number;
  /** Number of the unit's queries. */
  denominator: number;
}

/** Point estimate, delta-method standard error and normal CI of a ratio metric. */
export interface RatioEstimate {
  value: number;
  standardError: number;
  ci: Interval;
  units: number;
}

/** Estimates ΣS/ΣN with its delta-method standard error; NaN where fewer than two units. */
export function ratioEstimate(units: readonly UnitTotals[], confidence = 0.95): RatioEstimate {
  const n = units.length;
  let sumS = 0;
  let sumN = 0;
  for (const u of units) {
    sumS += u.numerator;
    sumN += u.denominator;
  }
  if (n === 0 || sumN === 0) return { value: Number.NaN, standardError: Number.NaN, ci: [Number.NaN, Number.NaN], units: n };
  const value = sumS / sumN;
  if (n < 2) return { value, standardError: Number.NaN, ci: [Number.NaN, Number.NaN], units: n };
  // Var(S − R·N): the linearised residual of each cluster around the ratio (its mean is 0).
  let residualSquares = 0;
  for (const u of units) residualSquares += (u.numerator - value * u.denominator) ** 2;
  const residualVariance = residualSquares / (n - 1);
  const meanN = sumN / n;
  const standardError = Math.sqrt(residualVariance / (n * meanN * meanN));
  return { value, standardError, ci: normalInterval(value, standardError, confidence), units: n };
}

/**
 * Two-sided z-test of H0: R_b = R_a for two independent groups of units, using each group's
 * delta-method standard error.
 */
export function ratioDifferenceTest(a: RatioEstimate, b: RatioEstimate, confidence = 0.95): TwoSampleTest {
  const test = "delta-method z-test (units as clusters)";
  const difference = b.value - a.value;
  const se = Math.sqrt(a.standardError ** 2 + b.standardError ** 2);
  if (!Number.isFinite(se)) return { difference, ci: [Number.NaN, Number.NaN], statistic: Number.NaN, pValue: Number.NaN, test };
  if (se === 0) return { difference, ci: [difference, difference], statistic: 0, pValue: difference === 0 ? 1 : 0, test };
  const statistic = difference / se;
  return { difference, ci: normalInterval(difference, se, confidence), statistic, pValue: twoSidedNormalP(statistic), test };
}
