// Reference values come from printed tables or from SciPy 1.17 (scipy.stats), an implementation
// independent of stdlib, so an error in our wiring (tails, pooling, df) shows up as a mismatch.
import { describe, expect, it } from "vitest";
import {
  binomialTest,
  chiSquareGoodnessOfFit,
  chiSquareIndependence,
  meanInterval,
  normalCdf,
  studentTCdf,
  summarize,
  twoProportionZTest,
  twoSidedNormalP,
  welchTTest,
  wilsonInterval,
  zCritical,
} from "../../src/services/experiments/statistics.ts";

describe("distribution functions", () => {
  it("matches normal table values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 12);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(zCritical(0.95)).toBeCloseTo(1.959964, 5);
    expect(zCritical(0.99)).toBeCloseTo(2.575829, 5);
  });

  it("keeps precision for tiny two-sided normal p-values", () => {
    expect(twoSidedNormalP(10)).toBeGreaterThan(0);
    expect(twoSidedNormalP(10)).toBeCloseTo(1.523970e-23, 28);
    expect(twoSidedNormalP(-1.959964)).toBeCloseTo(0.05, 6);
  });

  it("matches Student-t table critical values (two-sided 5%)", () => {
    // t-table: t_{0.975}(1) = 12.706, (10) = 2.228, (30) = 2.042
    expect(2 * studentTCdf(-12.706, 1)).toBeCloseTo(0.05, 4);
    expect(2 * studentTCdf(-2.228, 10)).toBeCloseTo(0.05, 3);
    expect(2 * studentTCdf(-2.042, 30)).toBeCloseTo(0.05, 3);
  });
});

describe("intervals", () => {
  it("Wilson interval matches SciPy's proportion_ci(method='wilson')", () => {
    const [lo, hi] = wilsonInterval(81, 263);
    expect(lo).toBeCloseTo(0.2552885, 6);
    expect(hi).toBeCloseTo(0.3662096, 6);
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775328, 6);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it("normal mean interval is mean ± 1.96·s/√n", () => {
    const s = summarize([1, 2, 3, 4, 5]);
    expect(s.mean).toBe(3);
    expect(s.variance).toBeCloseTo(2.5, 12);
    const [lo, hi] = meanInterval(s);
    expect(hi - 3).toBeCloseTo(1.959964 * Math.sqrt(2.5 / 5), 5);
    expect(3 - lo).toBeCloseTo(hi - 3, 12);
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(5, 3)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 3)).toThrow(RangeError);
  });
});

describe("two-sample tests", () => {
  it("two-proportion z-test uses the pooled variance (hand-computed reference)", () => {
    const r = twoProportionZTest(120, 1000, 150, 1000);
    expect(r.difference).toBeCloseTo(0.03, 12);
    expect(r.statistic).toBeCloseTo(1.9630498, 6);
    expect(r.pValue).toBeCloseTo(0.0496404, 6);
    expect(r.ci[0]).toBeLessThan(0.03);
    expect(r.ci[1]).toBeGreaterThan(0.03);
    expect(twoProportionZTest(0, 10, 0, 10).pValue).toBe(1);
  });

  it("Welch t-test matches SciPy ttest_ind(equal_var=False) on Welch's textbook sample", () => {
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = welchTTest(summarize(a), summarize(b));
    expect(r.statistic).toBeCloseTo(2.4553564, 6);
    expect(r.df).toBeCloseTo(24.9885293, 5);
    expect(r.pValue).toBeCloseTo(0.0213780, 6);
    expect(r.ci[0]).toBeCloseTo(0.3492371, 5);
    expect(r.ci[1]).toBeCloseTo(3.9840963, 5);
    // Swapping the groups flips the sign, not the p-value.
    const swapped = welchTTest(summarize(b), summarize(a));
    expect(swapped.statistic).toBeCloseTo(-r.statistic, 12);
    expect(swapped.pValue).toBeCloseTo(r.pValue, 12);
  });
});

describe("exact binomial and chi-square tests", () => {
  it("binomial test matches SciPy binomtest (R binom.test convention)", () => {
    expect(binomialTest(7, 20).pValue).toBeCloseTo(0.263175964, 8);
    expect(binomialTest(682, 925, 0.75).pValue).toBeCloseTo(0.3824915596, 8);
    expect(binomialTest(3, 30).pValue).toBeCloseTo(8.430331945e-6, 12);
    expect(binomialTest(0, 0).pValue).toBe(1);
  });

  it("goodness of fit matches SciPy chisquare", () => {
    const fair = chiSquareGoodnessOfFit([43, 52, 54, 40, 53, 58], [1, 1, 1, 1, 1, 1]);
    expect(fair.chiSquare).toBeCloseTo(4.84, 10);
    expect(fair.df).toBe(5);
    expect(fair.pValue).toBeCloseTo(0.4357174133, 8);
    const weighted = chiSquareGoodnessOfFit([5030, 4970, 10000], [0.25, 0.25, 0.5]);
    expect(weighted.chiSquare).toBeCloseTo(0.36, 10);
    expect(weighted.pValue).toBeCloseTo(0.8352702114, 8);
  });

  it("goodness of fit flags observations in a zero-weight cell", () => {
    const r = chiSquareGoodnessOfFit([50, 50, 3], [1, 1, 0]);
    expect(r.pValue).toBe(0);
    expect(chiSquareGoodnessOfFit([50, 50, 0], [1, 1, 0]).pValue).toBe(1);
  });

  it("independence test matches SciPy chi2_contingency(correction=False)", () => {
    const r = chiSquareIndependence([
      [30, 10],
      [20, 40],
    ]);
    expect(r.chiSquare).toBeCloseTo(16.6666667, 6);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(4.455709e-5, 9);
  });
});
