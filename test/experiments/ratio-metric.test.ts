import { describe, expect, it } from "vitest";
import { ratioDifferenceTest, ratioEstimate, type UnitTotals } from "../../src/services/experiments/ratio-metric.ts";
import { summarize } from "../../src/services/experiments/statistics.ts";

describe("delta-method ratio estimate", () => {
  it("reduces to the plain standard error of the mean with one query per unit", () => {
    const values = [0, 1, 1, 0, 1, 1, 1, 0, 0, 1];
    const r = ratioEstimate(values.map((v) => ({ numerator: v, denominator: 1 })));
    const s = summarize(values);
    expect(r.value).toBeCloseTo(s.mean, 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(s.variance / values.length), 12);
  });

  it("does not shrink when a unit's identical queries are repeated (they add no information)", () => {
    const once: UnitTotals[] = [0, 1, 1, 0, 1, 0, 0, 1].map((v) => ({ numerator: v, denominator: 1 }));
    const fiveTimes = once.map((u) => ({ numerator: 5 * u.numerator, denominator: 5 }));
    const a = ratioEstimate(once);
    const b = ratioEstimate(fiveTimes);
    expect(b.value).toBeCloseTo(a.value, 12);
    expect(b.standardError).toBeCloseTo(a.standardError, 12);
    // A query-level standard error would have shrunk by √5: the bias the delta method avoids.
    const naive = summarize(fiveTimes.flatMap((u) => new Array<number>(5).fill(u.numerator / 5)));
    expect(Math.sqrt(naive.variance / naive.n)).toBeLessThan(a.standardError / 2);
  });

  it("matches the closed form on a small uneven example", () => {
    const units: UnitTotals[] = [
      { numerator: 1, denominator: 2 },
      { numerator: 3, denominator: 3 },
      { numerator: 0, denominator: 1 },
      { numerator: 2, denominator: 4 },
    ];
    // R = 6/10; residuals S − R·N = −0.2, 1.2, −0.6, −0.4; Σ² = 2.0; var = 2/3; mean N = 2.5.
    const r = ratioEstimate(units);
    expect(r.value).toBeCloseTo(0.6, 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(2 / 3 / (4 * 2.5 * 2.5)), 12);
  });

  it("is undefined for fewer than two units", () => {
    expect(ratioEstimate([]).value).toBeNaN();
    expect(ratioEstimate([{ numerator: 1, denominator: 2 }]).standardError).toBeNaN();
  });

  it("tests a difference with the combined standard error", () => {
    const a = { value: 0.3, standardError: 0.03, ci: [0, 0] as [number, number], units: 100 };
    const b = { value: 0.4, standardError: 0.04, ci: [0, 0] as [number, number], units: 100 };
    const t = ratioDifferenceTest(a, b);
    expect(t.difference).toBeCloseTo(0.1, 12);
    expect(t.statistic).toBeCloseTo(2, 12); // 0.1 / √(0.03² + 0.04²) = 0.1 / 0.05
    expect(t.pValue).toBeCloseTo(0.0455003, 6);
  });
});
