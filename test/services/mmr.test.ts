import { describe, expect, it } from "vitest";
import { mmrRerank } from "../../src/services/mmr.ts";

const v = (...xs: number[]) => Float32Array.from(xs);

describe("mmrRerank (maximal marginal relevance)", () => {
  // Two near-duplicates at the top and one different item slightly lower.
  const candidates = [
    { trackId: "a", score: 0.95, vector: v(1, 0) },
    { trackId: "a-dup", score: 0.94, vector: v(0.999, 0.045) },
    { trackId: "b", score: 0.8, vector: v(0, 1) },
  ];

  it("λ = 1 keeps the relevance order", () => {
    expect(mmrRerank(candidates, 1, 3).map((c) => c.trackId)).toEqual(["a", "a-dup", "b"]);
  });

  it("λ < 1 moves a near-duplicate below a different item", () => {
    expect(mmrRerank(candidates, 0.5, 3).map((c) => c.trackId)).toEqual(["a", "b", "a-dup"]);
  });

  it("returns at most k items and never the same item twice; null vectors count as dissimilar", () => {
    const withNull = [...candidates, { trackId: "c", score: 0.1, vector: null }];
    const out = mmrRerank(withNull, 0.3, 3);
    expect(out).toHaveLength(3);
    expect(new Set(out.map((c) => c.trackId)).size).toBe(3);
    expect(mmrRerank(withNull, 0.3, 10)).toHaveLength(4);
  });

  it("rejects λ outside [0, 1]", () => {
    expect(() => mmrRerank(candidates, 1.5, 2)).toThrow(RangeError);
  });
});
