import { describe, expect, it } from "vitest";
import { checkConstraintWeights, constraintBonus } from "../../src/services/query-constraints/constraint-rerank.ts";
import { parseQueryConstraints } from "../../src/services/query-constraints/parse-query.ts";

const w = { tempo: 0.1, key: 0.05 };

describe("constraintBonus", () => {
  const c = parseQueryConstraints("techno at 128 bpm in A minor")!;

  it("adds weighted tempo and key agreement", () => {
    expect(constraintBonus(c, { bpm: 128, key: "A minor" }, w)).toBeCloseTo(0.15, 10);
    expect(constraintBonus(c, { bpm: 128, key: "C major" }, w)).toBeCloseTo(0.1 + 0.025, 10);
    expect(constraintBonus(c, { bpm: 64, key: null }, w)).toBeCloseTo(0.05, 10);
  });

  it("gives nothing (and takes nothing) without estimates", () => {
    expect(constraintBonus(c, { bpm: null, key: null }, w)).toBe(0);
    expect(constraintBonus(c, undefined, w)).toBe(0);
  });

  it("uses only what the query stated", () => {
    const tempoOnly = parseQueryConstraints("128 bpm")!;
    expect(constraintBonus(tempoOnly, { bpm: 90, key: "A minor" }, w)).toBe(0);
  });

  it("validates weights", () => {
    expect(() => checkConstraintWeights({ tempo: -0.1, key: 0 })).toThrow(RangeError);
    expect(() => checkConstraintWeights({ tempo: 0.1, key: Number.NaN })).toThrow(RangeError);
    expect(() => checkConstraintWeights({ tempo: 2, key: 0 })).toThrow(RangeError);
  });
});
