// A/A checks: with identical rankers every "significant" result is a false positive, so over many
// seeded runs the rate must sit near the nominal 5 %. Asserting ≤ 8 % leaves room for the
// binomial noise of the run count (sd ≈ 1.5 % at 200 runs).
import { describe, expect, it } from "vitest";
import { buildAbReport, buildInterleavingReport } from "../../src/services/experiments/report.ts";
import { simulateAbTest, simulateInterleaving, type SimulatedRanker } from "../../src/services/experiments/simulation.ts";
import { twoProportionZTest } from "../../src/services/experiments/statistics.ts";

const SAME: [SimulatedRanker, SimulatedRanker] = [
  { name: "control", quality: 0.3 },
  { name: "copy", quality: 0.3 },
];
const RUNS = 200;
// ~4 s each on an idle core; generous because the suite shares two cores with everything else.
const SLOW = 180_000;

describe("A/A false-positive rates", () => {
  it(`A/B report over ${RUNS} seeded runs: each metric significant in ≤ 8 % of runs`, () => {
    const hits = { ctr: 0, playsPerQuery: 0, mrr: 0, srm: 0 };
    for (let s = 0; s < RUNS; s++) {
      const report = buildAbReport(simulateAbTest({ seed: `aa-${s}`, units: 400, queriesPerUnit: 2, rankers: SAME }));
      const vs = report.variants[1].vsControl!;
      for (const metric of ["ctr", "playsPerQuery", "mrr"] as const) if (vs[metric].significant) hits[metric] += 1;
      if (report.srm.mismatch) hits.srm += 1;
    }
    const rates = Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / RUNS]));
    console.log(`A/A A/B false-positive rates over ${RUNS} runs: ${JSON.stringify(rates)}`);
    expect(rates.ctr).toBeLessThanOrEqual(0.08);
    expect(rates.playsPerQuery).toBeLessThanOrEqual(0.08);
    expect(rates.mrr).toBeLessThanOrEqual(0.08);
    // SRM uses α = 0.001: 200 runs should essentially never trip it.
    expect(hits.srm).toBeLessThanOrEqual(1);
  }, SLOW);

  it(`interleaving report over ${RUNS} seeded runs: a preference declared in ≤ 8 % of runs`, () => {
    let declared = 0;
    for (let s = 0; s < RUNS; s++) {
      if (buildInterleavingReport(simulateInterleaving({ seed: `aai-${s}`, units: 200, queriesPerUnit: 2, rankers: SAME })).preferred) declared += 1;
    }
    console.log(`A/A interleaving false-positive rate over ${RUNS} runs: ${declared / RUNS}`);
    expect(declared / RUNS).toBeLessThanOrEqual(0.08);
  }, SLOW);

  it("with many correlated queries per unit, the clustered test holds its level where a query-level test does not", () => {
    // Heavy users (activity 0.1–1.9) issue ~8 queries each: queries are far from independent.
    const runs = 100;
    let clustered = 0;
    let naive = 0;
    for (let s = 0; s < runs; s++) {
      const input = simulateAbTest({ seed: `cluster-${s}`, units: 200, queriesPerUnit: 8, rankers: SAME, activitySpread: 0.9 });
      const report = buildAbReport(input);
      if (report.variants[1].vsControl!.ctr.significant) clustered += 1;
      // The query-level two-proportion z-test that ignores units, for contrast.
      const clickedQueries = new Set(input.interactions.filter((i) => i.type === "CLICK").map((i) => i.queryId));
      const [a, b] = ["control", "copy"].map((v) => {
        const queries = input.exposures.filter((e) => e.variant === v);
        return { n: queries.length, x: queries.filter((e) => clickedQueries.has(e.queryId)).length };
      });
      if (twoProportionZTest(a.x, a.n, b.x, b.n).pValue < 0.05) naive += 1;
    }
    console.log(`A/A with clustered queries over ${runs} runs: delta method ${clustered / runs}, query-level z-test ${naive / runs}`);
    expect(clustered / runs).toBeLessThanOrEqual(0.1);
    expect(naive / runs).toBeGreaterThanOrEqual(0.15);
  }, SLOW);
});
