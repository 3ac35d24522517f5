// Simulated users (position-based click model) where treatment B lifts relevant items: the
// reports must find B better, and interleaving must need far fewer units than an A/B test.
import { describe, expect, it } from "vitest";
import { buildAbReport, buildInterleavingReport } from "../../src/services/experiments/report.ts";
import { simulateAbTest, simulateInterleaving, type SimulatedRanker } from "../../src/services/experiments/simulation.ts";

const SLOW = 120_000; // a few seconds on an idle core; the suite shares two cores.

const BETTER_B: [SimulatedRanker, SimulatedRanker] = [
  { name: "control", quality: 0.3 },
  { name: "treatment", quality: 0.4 },
];

describe("simulation", () => {
  it("is reproducible from its seed", () => {
    const config = { units: 50, queriesPerUnit: 2, rankers: BETTER_B };
    expect(simulateAbTest({ ...config, seed: "s" })).toEqual(simulateAbTest({ ...config, seed: "s" }));
    expect(simulateAbTest({ ...config, seed: "s" }).interactions).not.toEqual(simulateAbTest({ ...config, seed: "t" }).interactions);
    expect(simulateInterleaving({ ...config, seed: "s" })).toEqual(simulateInterleaving({ ...config, seed: "s" }));
  });

  it("A/B report: 3000 units declare the better ranker significantly better on CTR or MRR", () => {
    const report = buildAbReport(simulateAbTest({ seed: "ab-better", units: 3000, queriesPerUnit: 3, rankers: BETTER_B }));
    const vs = report.variants[1].vsControl!;
    console.log(
      `A/B, 3000 units: CTR ${fmt(report.variants[0].ctr.value)} → ${fmt(report.variants[1].ctr.value)} (p=${vs.ctr.pValue?.toExponential(2)}),` +
        ` MRR ${fmt(report.variants[0].mrr.value)} → ${fmt(report.variants[1].mrr.value)} (p=${vs.mrr.pValue?.toExponential(2)})`,
    );
    expect(report.srm.mismatch).toBe(false);
    expect(vs.ctr.test).toMatch(/delta-method/);
    expect(vs.ctr.difference!).toBeGreaterThan(0);
    expect(vs.mrr.difference!).toBeGreaterThan(0);
    expect(Math.min(vs.ctr.pValue!, vs.mrr.pValue!)).toBeLessThan(0.05);
  });

  it("interleaving report: 300 units declare the better ranker", () => {
    const report = buildInterleavingReport(simulateInterleaving({ seed: "il-better", units: 300, queriesPerUnit: 3, rankers: BETTER_B }));
    console.log(`interleaving, 300 units: ${JSON.stringify(report.perUnit)}, p=${report.pValue.toExponential(2)}`);
    expect(report.preferred).toBe("treatment");
    expect(report.deltaAB!).toBeGreaterThan(0);
  });

  it("at 300 units interleaving detects B in most seeded runs while the A/B test mostly does not", () => {
    const runs = 20;
    let interleavingHits = 0;
    let abHits = 0;
    for (let s = 0; s < runs; s++) {
      const config = { seed: `power-${s}`, units: 300, queriesPerUnit: 3, rankers: BETTER_B };
      if (buildInterleavingReport(simulateInterleaving(config)).preferred === "treatment") interleavingHits += 1;
      const vs = buildAbReport(simulateAbTest(config)).variants[1].vsControl!;
      if (vs.ctr.significant || vs.mrr.significant) abHits += 1;
    }
    console.log(`power at 300 units over ${runs} runs: interleaving ${interleavingHits / runs}, A/B (CTR or MRR) ${abHits / runs}`);
    expect(interleavingHits / runs).toBeGreaterThanOrEqual(0.9);
    expect(abHits / runs).toBeLessThanOrEqual(0.5);
  }, SLOW);
});

function fmt(x: number | null): string {
  return x === null ? "n/a" : x.toFixed(4);
}
