import { describe, expect, it } from "vitest";
import { checkConstraintWeights, constraintBonus, constraintRerank } from "../../src/services/query-constraints/constraint-rerank.ts";
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

describe("constraintRerank", () => {
  const ranked = [
    { trackId: "a", score: 0.9 },
    { trackId: "b", score: 0.85 },
    { trackId: "c", score: 0.8 },
    { trackId: "d", score: 0.7 },
    { trackId: "e", score: 0.6 },
  ];

  it("moves a boosted candidate up and keeps everyone's own score", () => {
    const out = constraintRerank(ranked, new Map([["c", 0.15]]));
    expect(out.map((r) => r.trackId)).toEqual(["c", "a", "b", "d", "e"]);
    expect(out[0].score).toBe(0.8);
  });

  it("keeps the base order without bonuses, and on ties", () => {
    expect(constraintRerank(ranked, new Map()).map((r) => r.trackId)).toEqual(["a", "b", "c", "d", "e"]);
    // Binary fractions, so the sums tie exactly (0.9 + 0.05 is not 0.95 in floating point).
    const exact = [
      { trackId: "a", score: 0.75 },
      { trackId: "b", score: 0.5 },
      { trackId: "c", score: 0.25 },
    ];
    const bonus = new Map([["b", 0.25], ["c", 0.5]]);
    expect(exact.map((r) => r.score + (bonus.get(r.trackId) ?? 0))).toEqual([0.75, 0.75, 0.75]);
    expect(constraintRerank(exact, bonus).map((r) => r.trackId)).toEqual(["a", "b", "c"]);
    // the same ranking given in another base order keeps that order: the tie-break is the base rank
    expect(constraintRerank([exact[2], exact[0], exact[1]], bonus).map((r) => r.trackId)).toEqual(["c", "a", "b"]);
  });

  it("re-orders only the window; the rest follows in base order", () => {
    const out = constraintRerank(ranked, new Map([["b", 0.2], ["e", 1]]), 3);
    expect(out.map((r) => r.trackId)).toEqual(["b", "a", "c", "d", "e"]);
  });
});
