import { describe, expect, it } from "vitest";
import { fuseRankings, parseHybridFusion } from "../../src/services/hybrid-fusion.ts";

const vector = [
  { trackId: "a", score: 0.9 },
  { trackId: "b", score: 0.8 },
  { trackId: "c", score: 0.7 },
];

describe("hybrid fusion", () => {
  it("without keyword hits keeps the vector order under either method", () => {
    expect(fuseRankings(vector, []).map((h) => h.trackId)).toEqual(["a", "b", "c"]);
    expect(fuseRankings(vector, [], { method: "weighted", keywordWeight: 0.5 }).map((h) => h.trackId)).toEqual(["a", "b", "c"]);
  });

  it("RRF lifts a track both lists agree on above one only the vectors like", () => {
    const fused = fuseRankings(vector, [{ trackId: "c", score: 0.4 }], { method: "rrf", k: 60 });
    expect(fused[0]).toMatchObject({ trackId: "c", vectorScore: 0.7, keywordScore: 0.4 });
    expect(fused[0].score).toBeCloseTo(((1 / 63 + 1 / 61) * 61) / 2, 12);
    // scaled so that first in both lists would be 1, first in one only 0.5
    expect(fuseRankings(vector, [{ trackId: "a", score: 1 }])[0].score).toBeCloseTo(1, 12);
    expect(fused.find((h) => h.trackId === "a")!.score).toBeCloseTo(0.5, 12);
  });

  it("a keyword-only track enters the fused list; weighted fusion gives it the list's lowest vector score", () => {
    const fused = fuseRankings(vector, [{ trackId: "z", score: 2 }], { method: "weighted", keywordWeight: 0.5 });
    const z = fused.find((h) => h.trackId === "z")!;
    expect(z.vectorScore).toBeNull();
    expect(z.score).toBeCloseTo(0.5 * 1 + 0.5 * 0.7, 12);
    expect(fused[0].trackId).toBe("z");
  });

  it("equal fused scores fall back to the vector order, then the id", () => {
    const fused = fuseRankings([{ trackId: "b", score: 0.5 }], [{ trackId: "a", score: 1 }], { method: "rrf", k: 60 });
    expect(fused.map((h) => h.trackId)).toEqual(["b", "a"]);
  });

  it("parses the configuration and refuses nonsense", () => {
    expect(parseHybridFusion("rrf")).toEqual({ method: "rrf", k: 60 });
    expect(parseHybridFusion("rrf:10")).toEqual({ method: "rrf", k: 10 });
    expect(parseHybridFusion("weighted:0.2")).toEqual({ method: "weighted", keywordWeight: 0.2 });
    expect(() => parseHybridFusion("weighted:2")).toThrow(RangeError);
    expect(() => parseHybridFusion("rrf:x")).toThrow(RangeError);
    expect(() => parseHybridFusion("bm25")).toThrow(RangeError);
  });
});
