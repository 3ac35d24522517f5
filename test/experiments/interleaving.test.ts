import { describe, expect, it } from "vitest";
import { creditClicks, seededRandom, teamDraftInterleave, type Team } from "../../src/services/experiments/interleaving.ts";
import { ExperimentInputError } from "../../src/services/experiments/errors.ts";
import { binomialTest } from "../../src/services/experiments/statistics.ts";

/** An rng that replays fixed coin flips (< 0.5 means "A picks first"). */
function coins(...flips: number[]): () => number {
  let i = 0;
  return () => flips[i++ % flips.length];
}

describe("seededRandom", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = seededRandom("q-1");
    const b = seededRandom("q-1");
    const c = seededRandom("q-2");
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(seededRandom(7)()).toBe(seededRandom("7")());
  });

  it("is uniform on [0, 1): ten equal bins, chi-square-sized deviations", () => {
    const rng = seededRandom(42);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng();
      if (x >= 0 && x < 1) bins[Math.floor(x * 10)] += 1;
      else outside += 1;
    }
    expect(outside).toBe(0);
    const chi = bins.reduce((s, o) => s + (o - 10_000) ** 2 / 10_000, 0);
    expect(chi).toBeLessThan(27.88); // χ²(9) critical value at α = 0.001
  });
});

describe("teamDraftInterleave (Radlinski et al. 2008)", () => {
  it("follows the worked draft: per round a coin picks who goes first, each takes its best unused item", () => {
    const a = ["a1", "a2", "a3", "a4"];
    const b = ["b1", "a1", "b2", "b3"];
    // Round 1: A first → a1 (A), then B's best unused is b1 (B). Round 2: B first → b2, A → a2.
    const out = teamDraftInterleave(a, b, 4, coins(0.1, 0.9));
    expect(out.items).toEqual(["a1", "b1", "b2", "a2"]);
    expect(out.teams).toEqual<Team[]>(["A", "B", "B", "A"]);
  });

  it("skips items the other team already picked (shared items appear once)", () => {
    const a = ["x", "y", "z"];
    const b = ["x", "y", "z"];
    // Round 1: B first → x, A → y. Round 2: A first → z, and the list is full.
    const out = teamDraftInterleave(a, b, 3, coins(0.9, 0.1));
    expect(out.items).toEqual(["x", "y", "z"]);
    expect(out.teams).toEqual<Team[]>(["B", "A", "A"]);
  });

  it("handles duplicates inside one list, exhausted lists and a short total", () => {
    const out = teamDraftInterleave(["a", "a", "b"], ["c"], 10, coins(0.1));
    expect(out.items).toEqual(["a", "c", "b"]);
    expect(out.teams).toEqual<Team[]>(["A", "B", "A"]);
    expect(new Set(out.items).size).toBe(out.items.length);
    expect(teamDraftInterleave([], [], 5, Math.random)).toEqual({ items: [], teams: [] });
    expect(teamDraftInterleave(["a"], ["b"], 0, Math.random).items).toEqual([]);
  });

  it("stops at length even mid-round", () => {
    const out = teamDraftInterleave(["a1", "a2"], ["b1", "b2"], 3, coins(0.1));
    expect(out.items).toEqual(["a1", "b1", "a2"]);
  });

  it("gives both teams the top slot equally often (fairness of the coin)", () => {
    const rng = seededRandom("fairness");
    let aTop = 0;
    const n = 10_000;
    for (let i = 0; i < n; i++) if (teamDraftInterleave(["a1", "a2"], ["b1", "b2"], 4, rng).teams[0] === "A") aTop += 1;
    expect(binomialTest(aTop, n).pValue).toBeGreaterThan(0.001);
  });

  it("rejects a negative or fractional length", () => {
    expect(() => teamDraftInterleave(["a"], ["b"], -1, Math.random)).toThrow(ExperimentInputError);
    expect(() => teamDraftInterleave(["a"], ["b"], 1.5, Math.random)).toThrow(ExperimentInputError);
  });
});

describe("creditClicks", () => {
  const teams: Team[] = ["A", "B", "B", "A", "B"];

  it("credits clicks (1-based positions) to the contributing team", () => {
    expect(creditClicks(teams, [1, 2, 3])).toEqual({ a: 1, b: 2, outcome: "B" });
    expect(creditClicks(teams, [1, 4])).toEqual({ a: 2, b: 0, outcome: "A" });
    expect(creditClicks(teams, [1, 2])).toEqual({ a: 1, b: 1, outcome: "tie" });
    expect(creditClicks(teams, [])).toEqual({ a: 0, b: 0, outcome: "tie" });
  });

  it("counts repeated clicks on one position once and ignores positions outside the list", () => {
    expect(creditClicks(teams, [2, 2, 2, 1])).toEqual({ a: 1, b: 1, outcome: "tie" });
    expect(creditClicks(teams, [0, 6, -1, 1.5, 4])).toEqual({ a: 1, b: 0, outcome: "A" });
  });
});
