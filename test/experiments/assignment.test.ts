import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { assignVariant, bucketOf, BUCKETS, type VariantSpec } from "../../src/services/experiments/assignment.ts";
import { ExperimentInputError } from "../../src/services/experiments/errors.ts";
import { chiSquareGoodnessOfFit, chiSquareIndependence } from "../../src/services/experiments/statistics.ts";

const UNITS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
// Hashing 100k ids per case is the slow part on a loaded machine; allow for it.
const SLOW = 120_000;

function countVariants(key: string, variants: VariantSpec[], coverage = 1, units = UNITS): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const unit of units) {
    const { variant } = assignVariant(key, unit, variants, coverage);
    counts.set(variant, (counts.get(variant) ?? 0) + 1);
  }
  return counts;
}

describe("assignVariant", () => {
  it("documents its hash: first 8 bytes of SHA-256 of `key:unit`, mod 10 000", () => {
    // Recomputed independently so that a change of hash (and so of everyone's variant) fails here.
    const expected = Number(createHash("sha256").update("exp:u1").digest().readBigUInt64BE(0) % 10_000n);
    expect(bucketOf("exp", "u1")).toBe(expected);
    expect(assignVariant("exp", "u1", [{ name: "a", weight: 1 }], 1).bucket).toBe(expected);
  });

  it.each([
    { label: "50/50", variants: [{ name: "control", weight: 50 }, { name: "treatment", weight: 50 }] },
    { label: "20/30/50", variants: [{ name: "a", weight: 20 }, { name: "b", weight: 30 }, { name: "c", weight: 50 }] },
  ])("splits 100k units as weighted ($label): chi-square not rejected at α = 0.001", ({ variants }) => {
    const counts = countVariants("search-ranking-v2", variants);
    const observed = variants.map((v) => counts.get(v.name) ?? 0);
    expect(counts.get(null)).toBeUndefined();
    const { pValue } = chiSquareGoodnessOfFit(observed, variants.map((v) => v.weight));
    expect(pValue).toBeGreaterThan(0.001);
    if (variants.length === 3) {
      // Guard against a vacuous check: the same counts against slightly wrong weights are rejected.
      expect(chiSquareGoodnessOfFit(observed, [21, 29, 50]).pValue).toBeLessThan(0.001);
    }
  }, SLOW);

  it("is sticky: the same unit always gets the same variant", () => {
    const variants = [{ name: "a", weight: 1 }, { name: "b", weight: 1 }, { name: "c", weight: 1 }];
    for (const unit of UNITS.slice(0, 1000)) {
      expect(assignVariant("k", unit, variants, 0.7)).toEqual(assignVariant("k", unit, [...variants], 0.7));
    }
  });

  it("is independent across experiment keys (2 × 2 contingency not rejected)", () => {
    const variants = [{ name: "a", weight: 1 }, { name: "b", weight: 1 }];
    const table = [
      [0, 0],
      [0, 0],
    ];
    let same = 0;
    for (const unit of UNITS) {
      const x = assignVariant("exp-one", unit, variants, 1).variant === "a" ? 0 : 1;
      const y = assignVariant("exp-two", unit, variants, 1).variant === "a" ? 0 : 1;
      table[x][y] += 1;
      if (x === y) same += 1;
    }
    expect(chiSquareIndependence(table).pValue).toBeGreaterThan(0.001);
    expect(same / UNITS.length).toBeGreaterThan(0.49);
    expect(same / UNITS.length).toBeLessThan(0.51);
  }, SLOW);

  it.each([0, 0.1, 0.35, 1])("enrols a share ≈ coverage (%s) and keeps the weights inside it", (coverage) => {
    const variants = [{ name: "a", weight: 1 }, { name: "b", weight: 3 }];
    // Coverage 0 and 1 are exact, so a sample suffices for them.
    const units = coverage === 0 || coverage === 1 ? UNITS.slice(0, 5000) : UNITS;
    const counts = countVariants("coverage-test", variants, coverage, units);
    const enrolled = (counts.get("a") ?? 0) + (counts.get("b") ?? 0);
    // Binomial sd of the share at n = 100k is ≤ 0.0016; 0.006 is ~4 sd.
    expect(Math.abs(enrolled / units.length - coverage)).toBeLessThan(0.006);
    if (coverage > 0) expect((counts.get("b") ?? 0) / enrolled).toBeCloseTo(0.75, 1);
  }, SLOW);

  it("ramping coverage up never moves an enrolled unit to another variant", () => {
    const variants = [{ name: "a", weight: 2 }, { name: "b", weight: 1 }];
    for (const unit of UNITS.slice(0, 20_000)) {
      const low = assignVariant("ramp", unit, variants, 0.2).variant;
      const high = assignVariant("ramp", unit, variants, 0.8).variant;
      if (low !== null) expect(high).toBe(low);
    }
  });

  it("buckets lie in [0, BUCKETS)", () => {
    for (const unit of UNITS.slice(0, 5000)) {
      const b = bucketOf("range", unit);
      expect(Number.isInteger(b) && b >= 0 && b < BUCKETS).toBe(true);
    }
  });

  it.each([
    { label: "no variants", variants: [] as VariantSpec[], coverage: 1 },
    { label: "negative weight", variants: [{ name: "a", weight: -1 }, { name: "b", weight: 2 }], coverage: 1 },
    { label: "duplicate names", variants: [{ name: "a", weight: 1 }, { name: "a", weight: 1 }], coverage: 1 },
    { label: "blank name", variants: [{ name: " ", weight: 1 }], coverage: 1 },
    { label: "all-zero weights", variants: [{ name: "a", weight: 0 }, { name: "b", weight: 0 }], coverage: 1 },
    { label: "NaN weight", variants: [{ name: "a", weight: Number.NaN }], coverage: 1 },
    { label: "coverage > 1", variants: [{ name: "a", weight: 1 }], coverage: 1.5 },
    { label: "negative coverage", variants: [{ name: "a", weight: 1 }], coverage: -0.1 },
  ])("rejects $label with ExperimentInputError", ({ variants, coverage }) => {
    expect(() => assignVariant("k", "u", variants, coverage)).toThrow(ExperimentInputError);
  });

  it("never assigns a zero-weight variant", () => {
    const variants = [{ name: "off", weight: 0 }, { name: "on", weight: 1 }];
    for (const unit of UNITS.slice(0, 10_000)) expect(assignVariant("zero", unit, variants, 1).variant).toBe("on");
  });
});
