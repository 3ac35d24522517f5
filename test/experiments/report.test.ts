import { describe, expect, it } from "vitest";
import { buildAbReport, buildInterleavingReport, type InteractionRecord } from "../../src/services/experiments/report.ts";
import { ExperimentInputError } from "../../src/services/experiments/errors.ts";
import { twoProportionZTest, welchTTest, summarize, wilsonInterval } from "../../src/services/experiments/statistics.ts";

const VARIANTS = [
  { name: "control", weight: 1 },
  { name: "treatment", weight: 1 },
];

describe("buildAbReport with one query per unit (textbook tests)", () => {
  // control: q1 click@1, q2 click@3 + play, q3 nothing, q4 nothing
  // treatment: q5 click@2 & click@1 (best = 1), q6 click@1 + 2 plays, q7 click@4, q8 nothing
  const exposures = [
    ...["q1", "q2", "q3", "q4"].map((q, i) => ({ queryId: q, unitId: `c${i}`, variant: "control" })),
    ...["q5", "q6", "q7", "q8"].map((q, i) => ({ queryId: q, unitId: `t${i}`, variant: "treatment" })),
  ];
  const interactions: InteractionRecord[] = [
    { queryId: "q1", trackId: "x", type: "CLICK", position: 1 },
    { queryId: "q2", trackId: "y", type: "CLICK", position: 3 },
    { queryId: "q2", trackId: "y", type: "PLAY", position: 3 },
    { queryId: "q5", trackId: "x", type: "CLICK", position: 2 },
    { queryId: "q5", trackId: "z", type: "CLICK", position: 1 },
    { queryId: "q6", trackId: "x", type: "CLICK", position: 1 },
    { queryId: "q6", trackId: "x", type: "PLAY", position: 1 },
    { queryId: "q6", trackId: "w", type: "PLAY", position: 2 },
    { queryId: "q7", trackId: "v", type: "CLICK", position: 4 },
    { queryId: "q7", trackId: "v", type: "SKIP", position: 4 },
  ];
  const report = buildAbReport({ variants: VARIANTS, exposures, interactions });
  const [c, t] = report.variants;

  it("counts exposures, units, clicks and interactions per variant", () => {
    expect(report.control).toBe("control");
    expect([c.exposures, c.units, c.clicks]).toEqual([4, 4, 2]);
    expect([t.exposures, t.units, t.clicks]).toEqual([4, 4, 4]);
    expect(t.interactions).toEqual({ CLICK: 4, PLAY: 2, SKIP: 1, LIKE: 0 });
    expect(c.weight).toBe(0.5);
  });

  it("computes CTR, plays per query and MRR from their definitions", () => {
    expect(c.ctr.value).toBe(0.5);
    expect(t.ctr.value).toBe(0.75);
    expect(c.playsPerQuery.value).toBe(0.25);
    expect(t.playsPerQuery.value).toBe(0.5);
    expect(c.mrr.value).toBeCloseTo((1 + 1 / 3) / 4, 12);
    expect(t.mrr.value).toBeCloseTo((1 + 1 + 1 / 4) / 4, 12); // q5's best click is rank 1
    const [lo, hi] = wilsonInterval(3, 4);
    expect(t.ctr.lower).toBeCloseTo(lo, 12);
    expect(t.ctr.upper).toBeCloseTo(hi, 12);
  });

  it("compares with the control by two-proportion z-test and Welch t-test", () => {
    expect(c.vsControl).toBeNull();
    const ctr = t.vsControl!.ctr;
    expect(ctr.test).toBe("two-proportion z-test");
    expect(ctr.difference).toBeCloseTo(0.25, 12);
    expect(ctr.pValue).toBeCloseTo(twoProportionZTest(2, 4, 3, 4).pValue, 12);
    expect(ctr.relativeDifference).toBeCloseTo(0.5, 12);
    const mrr = t.vsControl!.mrr;
    expect(mrr.test).toBe("Welch t-test");
    expect(mrr.pValue).toBeCloseTo(welchTTest(summarize([1, 1 / 3, 0, 0]), summarize([1, 1, 0.25, 0])).pValue, 12);
    expect(mrr.significant).toBe(false);
  });

  it("passes the SRM check for a balanced split", () => {
    expect(report.srm.mismatch).toBe(false);
    expect(report.srm.pValue).toBe(1);
    expect(report.dataQuality).toEqual({ duplicateExposures: 0, unknownVariantExposures: 0, orphanInteractions: 0, unitsInSeveralVariants: 0 });
  });
});

describe("buildAbReport with many queries per unit", () => {
  it("switches to the delta-method test and estimates the ratio over all queries", () => {
    const exposures = [];
    const interactions: InteractionRecord[] = [];
    for (let u = 0; u < 40; u++) {
      const variant = u % 2 === 0 ? "control" : "treatment";
      for (let k = 0; k < 3; k++) {
        const queryId = `u${u}-q${k}`;
        exposures.push({ queryId, unitId: `u${u}`, variant });
        if (k < u % 3) interactions.push({ queryId, trackId: "t", type: "CLICK", position: 2 });
      }
    }
    const report = buildAbReport({ variants: VARIANTS, exposures, interactions });
    const t = report.variants[1];
    expect(t.units).toBe(20);
    expect(t.exposures).toBe(60);
    // Unit u clicks (at rank 2) in u % 3 of its 3 queries; treatment has the odd units.
    const clicked = Array.from({ length: 20 }, (_, i) => (2 * i + 1) % 3).reduce((s, x) => s + x, 0);
    expect(t.ctr.value).toBeCloseTo(clicked / 60, 12);
    expect(t.mrr.value).toBeCloseTo(clicked / 2 / 60, 12);
    expect(t.vsControl!.ctr.test).toMatch(/delta-method/);
    expect(t.ctr.lower!).toBeLessThan(t.ctr.value!);
    expect(t.ctr.upper!).toBeGreaterThan(t.ctr.value!);
  });
});

describe("sample-ratio mismatch and data quality", () => {
  const manyUnits = (control: number, treatment: number) => [
    ...Array.from({ length: control }, (_, i) => ({ queryId: `c${i}`, unitId: `c${i}`, variant: "control" })),
    ...Array.from({ length: treatment }, (_, i) => ({ queryId: `t${i}`, unitId: `t${i}`, variant: "treatment" })),
  ];

  it("flags 1000 vs 850 units on a 50/50 split, not 1000 vs 990", () => {
    const bad = buildAbReport({ variants: VARIANTS, exposures: manyUnits(1000, 850), interactions: [] });
    expect(bad.srm.mismatch).toBe(true);
    expect(bad.srm.pValue).toBeLessThan(0.001);
    const fine = buildAbReport({ variants: VARIANTS, exposures: manyUnits(1000, 990), interactions: [] });
    expect(fine.srm.mismatch).toBe(false);
  });

  it("judges the split against the configured weights", () => {
    const weighted = [
      { name: "control", weight: 2 },
      { name: "treatment", weight: 1 },
    ];
    expect(buildAbReport({ variants: weighted, exposures: manyUnits(1000, 500), interactions: [] }).srm.mismatch).toBe(false);
    expect(buildAbReport({ variants: weighted, exposures: manyUnits(1000, 1000), interactions: [] }).srm.mismatch).toBe(true);
  });

  it("sets aside duplicate, unknown and orphan records and counts them", () => {
    const report = buildAbReport({
      variants: VARIANTS,
      exposures: [
        { queryId: "a", unitId: "u1", variant: "control" },
        { queryId: "a", unitId: "u1", variant: "control" },
        { queryId: "b", unitId: "u1", variant: "treatment" },
        { queryId: "c", unitId: "u2", variant: "retired" },
      ],
      interactions: [
        { queryId: "a", type: "CLICK", position: 0 }, // bad position: counts for CTR, not MRR
        { queryId: "zzz", type: "CLICK", position: 1 },
      ],
    });
    expect(report.dataQuality).toEqual({ duplicateExposures: 1, unknownVariantExposures: 1, orphanInteractions: 1, unitsInSeveralVariants: 1 });
    expect(report.variants[0].ctr.value).toBe(1);
    expect(report.variants[0].mrr.value).toBe(0);
    // Too little data for intervals: nulls, never NaN (GraphQL cannot carry NaN).
    expect(report.variants[0].mrr.lower).toBeNull();
    expect(report.variants[1].vsControl!.mrr.pValue).toBeNull();
  });
});

describe("buildInterleavingReport", () => {
  it("aggregates credited clicks per unit, excludes ties from the sign test and names the winner", () => {
    const exposures = [];
    const interactions: InteractionRecord[] = [];
    // 30 units. u0–u24: B's item at rank 2 is clicked in both queries. u25–u27: A's item at rank 1
    // clicked once. u28: one click for each team (tie). u29: no clicks (tie).
    for (let u = 0; u < 30; u++) {
      for (let k = 0; k < 2; k++) {
        const queryId = `u${u}-${k}`;
        exposures.push({ queryId, unitId: `u${u}`, teams: ["A", "B", "A", "B"] as ("A" | "B")[] });
        if (u < 25) interactions.push({ queryId, type: "CLICK", position: 2 });
        if (u >= 25 && u < 28 && k === 0) interactions.push({ queryId, type: "CLICK", position: 1 });
        if (u === 28) interactions.push({ queryId, type: "CLICK", position: k === 0 ? 1 : 4 });
      }
    }
    interactions.push({ queryId: "u0-0", type: "PLAY", position: 1 }); // not a credit type by default
    const r = buildInterleavingReport({ variants: VARIANTS, exposures, interactions });
    expect(r.perUnit).toEqual({ winsA: 3, winsB: 25, ties: 2, units: 30 });
    expect(r.perQuery).toEqual({ winsA: 4, winsB: 51, ties: 5 });
    expect(r.deltaAB).toBeCloseTo((25 + 1) / 30 - 0.5, 12);
    expect(r.pValue).toBeLessThan(0.001);
    expect(r.preferred).toBe("treatment");
    expect(r.preferenceB.value).toBeCloseTo(25 / 28, 12);
  });

  it("prefers nobody on an even split, and can credit plays when asked", () => {
    const exposures = Array.from({ length: 20 }, (_, u) => ({ queryId: `q${u}`, unitId: `u${u}`, teams: ["A", "B"] as ("A" | "B")[] }));
    const interactions: InteractionRecord[] = exposures.map((e, u) => ({ queryId: e.queryId, type: "PLAY" as const, position: (u % 2) + 1 }));
    const clicksOnly = buildInterleavingReport({ variants: VARIANTS, exposures, interactions });
    expect(clicksOnly.perUnit.ties).toBe(20);
    expect(clicksOnly.preferenceB.value).toBeNull();
    const plays = buildInterleavingReport({ variants: VARIANTS, exposures, interactions, creditTypes: ["PLAY"] });
    expect(plays.perUnit).toEqual({ winsA: 10, winsB: 10, ties: 0, units: 20 });
    expect(plays.pValue).toBe(1);
    expect(plays.preferred).toBeNull();
  });

  it("requires exactly two variants", () => {
    expect(() => buildInterleavingReport({ variants: [...VARIANTS, { name: "x", weight: 1 }], exposures: [], interactions: [] })).toThrow(ExperimentInputError);
  });
});
