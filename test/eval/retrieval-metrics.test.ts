import { describe, expect, it } from "vitest";
import { seededRandom } from "../helpers/audio-fixtures.ts";
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
    // The closed form against a simulation of its own: shuffle 43 items, put the relevant ones
    // first, count how often one of them lands in the top 10.
    const rand = seededRandom(7);
    const trials = 20_000;
    for (const r of [1, 2, 3]) {
      let hits = 0;
      for (let t = 0; t < trials; t++) {
        const order = Array.from({ length: 43 }, (_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        if (order.slice(0, 10).some((item) => item < r)) hits++;
      }
      const p = randomRecallAt(10, 43, r);
      // four standard errors of a binomial proportion
      expect(Math.abs(hits / trials - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / trials));
    }
  });

  it("random baseline: Monte Carlo precision@10 matches its expectation r / n", () => {
    const sim = randomBaseline([1, 2, 3], 43, 4000);
    expect(sim.recallAt10).toBeCloseTo((randomRecallAt(10, 43, 1) + randomRecallAt(10, 43, 2) + randomRecallAt(10, 43, 3)) / 3, 10);
    // E[relevant in top 10] / 10 = r / n for each query
    const expected = (1 / 43 + 2 / 43 + 3 / 43) / 3;
    expect(sim.precisionAt10).toBeGreaterThan(expected * 0.9);
    expect(sim.precisionAt10).toBeLessThan(expected * 1.1);
    expect(sim.mapAt10).toBeGreaterThan(0);
    expect(sim.mapAt10).toBeLessThan(sim.recallAt10);
  });
});
