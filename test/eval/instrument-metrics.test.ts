// The instrument evaluation's metric code (docs/zero-shot-instruments.md) on hand-made rankings,
// and the random baseline it reports measured against the value it must converge to.
import { describe, expect, it } from "vitest";
import { averagePrecision, hitAtK, mean, precisionAtK, randomBaseline, rankOf, recallAtK, shuffled } from "../../src/eval/instrument-metrics.ts";
import { truthOf } from "../../src/eval/instrument-eval.ts";
import { defaultInstrumentVocabulary } from "../../src/labels/instrument-vocabulary.ts";
import { seededRandom } from "../../src/util/random.ts";

const ranking = ["piano", "drums", "violin", "flute", "organ"];

describe("instrument metrics", () => {
  it("hit@k, precision@k and recall@k count only the first k labels", () => {
    const truth = new Set(["violin", "organ", "harp"]);
    expect(hitAtK(ranking, truth, 2)).toBe(false);
    expect(hitAtK(ranking, truth, 3)).toBe(true);
    expect(precisionAtK(ranking, truth, 1)).toBe(0);
    expect(precisionAtK(ranking, truth, 5)).toBeCloseTo(2 / 5);
    // k counts even beyond a short ranking: a 2-label list cannot have precision@5 above 2/5
    expect(precisionAtK(["violin", "organ"], truth, 5)).toBeCloseTo(2 / 5);
    expect(recallAtK(ranking, truth, 3)).toBeCloseTo(1 / 3);
    expect(recallAtK(ranking, truth, 5)).toBeCloseTo(2 / 3);
    expect(recallAtK(ranking, new Set(), 5)).toBe(0);
    expect(rankOf(ranking, "flute")).toBe(4);
    expect(rankOf(ranking, "harp")).toBeNull();
  });

  it("average precision is 1 for relevant items first and lower the later they come", () => {
    expect(averagePrecision([true, true, false, false])).toBe(1);
    expect(averagePrecision([false, true])).toBeCloseTo(0.5);
    expect(averagePrecision([true, false, true])).toBeCloseTo((1 + 2 / 3) / 2);
    expect(averagePrecision([false, false])).toBe(0);
  });

  it("the measured random baseline converges to the expectation of a random order", () => {
    const labels = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const truths = [new Set(["l3"]), new Set(["l7", "l8"])];
    const random = seededRandom("baseline");
    // one true label: hit@3 = 3/20; two true labels: 1 − C(18,3)/C(20,3) = 1 − 816/1140
    // 20,000 draws per truth: standard error about 0.002, so 0.01 is five of them
    const hit3 = randomBaseline(labels, truths, (r, t) => (hitAtK(r, t, 3) ? 1 : 0), 20_000, random);
    expect(Math.abs(hit3 - mean([3 / 20, 1 - 816 / 1140]))).toBeLessThan(0.01);
    const p5 = randomBaseline(labels, truths, (r, t) => precisionAtK(r, t, 5), 20_000, random);
    expect(Math.abs(p5 - mean([1 / 20, 2 / 20]))).toBeLessThan(0.01);
  });

  it("shuffled is a permutation and is not the identity for a long list", () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const s = shuffled(xs, seededRandom("s"));
    expect([...s].sort((a, b) => a - b)).toEqual(xs);
    expect(s).not.toEqual(xs);
  });

  it("a synthetic clip's truth: its GM names as vocabulary labels plus the broader words covering them", () => {
    const v = defaultInstrumentVocabulary();
    const t = truthOf(["electric guitar", "synth pad", "drums", "acoustic bass", "brass section"], v);
    expect([...t].sort()).toEqual(["bass", "brass", "double bass", "drums", "electric guitar", "guitar", "synth", "synth pad"].sort());
    // a violin is not a string section, and a piano is not an electric piano
    expect([...truthOf(["violin"], v)]).toEqual(["violin"]);
    expect([...truthOf(["piano"], v)]).toEqual(["piano"]);
  });
});
