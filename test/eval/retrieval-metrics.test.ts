import { describe, expect, it } from "vitest";
import { averagePrecisionAt, randomBaseline, randomRecallAt, summarize } from "../../src/eval/retrieval-metrics.ts";

describe("retrieval metrics", () => {
  it("scores found-at-k, median rank and AP@10 as the protocol defines them", () => {
    const m = summarize(
      [
        { relevantRanks: [1], relevantCount: 1 },
        { relevantRanks: [3, 12], relevantCount: 2 },
        { relevantRanks: [], relevantCount: 1 },
      ],
      20,
    );
    expect(m.recallAt1).toBeCloseTo(1 / 3);
    expect(m.recallAt5).toBeCloseTo(2 / 3);
    expect(m.recallAt10).toBeCloseTo(2 / 3);
    expect(m.medianRank).toBe(3); // ranks 1, 3 and 21 (not found → n + 1)
    expect(m.mapAt10).toBeCloseTo((1 + (1 / 3) / 2 + 0) / 3);
  });

  it("AP@10 counts every relevant track inside the cutoff", () => {
    expect(averagePrecisionAt(10, { relevantRanks: [1, 2], relevantCount: 2 })).toBe(1);
    expect(averagePrecisionAt(10, { relevantRanks: [2, 4], relevantCount: 2 })).toBeCloseTo((1 / 2 + 2 / 4) / 2);
  });

  it("random recall matches the closed form and a simulation", () => {
    expect(randomRecallAt(1, 10, 1)).toBeCloseTo(0.1);
    expect(randomRecallAt(10, 10, 1)).toBe(1);
    // 1 - C(8,2)/C(10,2) = 1 - 28/45
    expect(randomRecallAt(2, 10, 2)).toBeCloseTo(1 - 28 / 45);
    const sim = randomBaseline([1, 2, 3], 43, 4000);
    const exact = (randomRecallAt(10, 43, 1) + randomRecallAt(10, 43, 2) + randomRecallAt(10, 43, 3)) / 3;
    expect(sim.recallAt10).toBeCloseTo(exact, 10);
    expect(sim.mapAt10).toBeGreaterThan(0);
    expect(sim.mapAt10).toBeLessThan(sim.recallAt10);
  });
});
