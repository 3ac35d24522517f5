// The pure parts of `tunelens bench`: percentiles, recall, projection, the synthetic catalog.
import { describe, expect, it } from "vitest";
import { percentile, summarize } from "../../src/bench/percentiles.ts";
import { exactTopK, meanIndexRecallAtK, indexRecallAtK } from "../../src/bench/recall.ts";
import { projectLogarithmic, projectPowerLaw } from "../../src/bench/projection.ts";
import { generateCatalog, seededRng } from "../../src/bench/synthetic-catalog.ts";
import { benchQuerySentences } from "../../src/bench/query-sentences.ts";
import { loadConfig } from "../../src/config.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe("percentiles", () => {
  it("interpolates between closest ranks", () => {
    const xs = Array.from({ length: 101 }, (_, i) => i); // 0..100
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBeCloseTo(99);
    expect(percentile([1, 2], 0.5)).toBe(1.5);
    expect(percentile([], 0.5)).toBeNaN();
  });
  it("summarises unsorted samples", () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s).toMatchObject({ n: 5, p50Ms: 3, maxMs: 5, meanMs: 3 });
    expect(s.p99Ms).toBeCloseTo(4.96);
  });
});

describe("recall", () => {
  it("counts the exact top k found, over what exists", () => {
    expect(indexRecallAtK(["a", "b", "x"], ["a", "b", "c"], 3)).toBeCloseTo(2 / 3);
    expect(indexRecallAtK(["a"], ["a"], 10)).toBe(1); // only one match exists
    expect(meanIndexRecallAtK([["a"], ["z"]], [["a"], ["b"]], 1)).toBe(0.5);
    expect(() => meanIndexRecallAtK([["a"]], [], 1)).toThrow();
  });
  it("exact top k is the brute-force cosine order, filter respected", () => {
    const rng = seededRng(1);
    const vs = Array.from({ length: 200 }, () => {
      const v = Float32Array.from({ length: 8 }, () => rng() - 0.5);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
    const q = vs[3];
    const top = exactTopK(vs, q, 5);
    const sorted = vs.map((v, i) => ({ i, s: dot(v, q) })).sort((a, b) => b.s - a.s).slice(0, 5).map((x) => x.i);
    expect(top).toEqual(sorted);
    expect(top[0]).toBe(3);
    expect(exactTopK(vs, q, 5, (i) => i % 2 === 0).every((i) => i % 2 === 0)).toBe(true);
  });
});

describe("projection", () => {
  it("fits the power law through two sizes", () => {
    const p = projectPowerLaw("size", { tracks: 10_000, value: 10 }, { tracks: 100_000, value: 100 }, [1_000_000]);
    expect(p.exponent).toBeCloseTo(1);
    expect(p.projected[0].value).toBeCloseTo(1000);
    const flat = projectPowerLaw("latency", { tracks: 10_000, value: 2 }, { tracks: 100_000, value: 2 }, [10_000_000]);
    expect(flat.projected[0].value).toBeCloseTo(2);
    expect(() => projectPowerLaw("x", { tracks: 10, value: 1 }, { tracks: 5, value: 1 }, [])).toThrow();
  });

  it("fits a logarithmic search latency: the same increment per tenfold growth", () => {
    const p = projectLogarithmic("p50", { tracks: 10_000, value: 2 }, { tracks: 100_000, value: 3 }, [1_000_000, 10_000_000]);
    expect(p.model).toBe("log");
    expect(p.exponent).toBeCloseTo(1);
    expect(p.projected.map((x) => x.value)).toEqual([expect.closeTo(4), expect.closeTo(5)]);
    expect(() => projectLogarithmic("x", { tracks: 10, value: 1 }, { tracks: 10, value: 1 }, [])).toThrow();
  });
});

describe("synthetic catalog", () => {
  const anchors = generateCatalog(30, 32, [], 7).tracks.map((t) => t.audio);
  const c = generateCatalog(3000, 32, anchors, 3);

  it("is deterministic, unit-norm, with a selective filter of about 2 %", () => {
    expect(generateCatalog(3000, 32, anchors, 3).tracks[17].audio).toEqual(c.tracks[17].audio);
    for (const t of c.tracks.slice(0, 50)) expect(Math.hypot(...t.audio)).toBeCloseTo(1, 4);
    const admitted = c.tracks.filter((_, i) => c.accepts(i)).length / c.tracks.length;
    expect(admitted).toBeCloseTo(c.selectivity, 6);
    expect(c.selectivity).toBeGreaterThan(0.005);
    expect(c.selectivity).toBeLessThan(0.05);
    for (const [i, t] of c.tracks.entries()) {
      if (c.accepts(i)) expect(c.selectiveFilter.genres).toContain(t.metadata.genre);
    }
  });

  it("is clustered: nearest neighbours are much nearer than random pairs (unlike uniform vectors)", () => {
    const vs = c.tracks.map((t) => t.audio);
    let nn = 0;
    let random = 0;
    for (let i = 0; i < 50; i++) {
      const [, second] = exactTopK(vs, vs[i], 2); // first is the track itself
      nn += dot(vs[i], vs[second]) / 50;
      random += dot(vs[i], vs[(i * 997 + 13) % vs.length]) / 50;
    }
    expect(nn).toBeGreaterThan(random + 0.3);
  });

  it("query sentences are distinct", () => {
    const s = benchQuerySentences(300);
    expect(new Set(s).size).toBe(300);
  });
});

describe("index settings from the environment (Config.vectorIndex)", () => {
  const vectorIndex = (env: Record<string, string>) => loadConfig(env).vectorIndex;
  it("TUNELENS_HNSW_EF_SEARCH defaults to 100 and refuses nonsense", () => {
    expect(vectorIndex({}).efSearch).toBe(100);
    expect(vectorIndex({ TUNELENS_HNSW_EF_SEARCH: "" }).efSearch).toBe(100);
    expect(vectorIndex({ TUNELENS_HNSW_EF_SEARCH: "160" }).efSearch).toBe(160);
    expect(() => vectorIndex({ TUNELENS_HNSW_EF_SEARCH: "0" })).toThrow(/TUNELENS_HNSW_EF_SEARCH/);
    expect(() => vectorIndex({ TUNELENS_HNSW_EF_SEARCH: "1001" })).toThrow(/TUNELENS_HNSW_EF_SEARCH/);
    expect(() => vectorIndex({ TUNELENS_HNSW_EF_SEARCH: "many" })).toThrow(/TUNELENS_HNSW_EF_SEARCH/);
  });
  it("TUNELENS_HNSW_EF_SEARCH_SINGLE (single-signal pools) defaults to 1000, apart from the fused least", () => {
    expect(vectorIndex({}).singleSignalEfSearch).toBe(1000);
    expect(vectorIndex({ TUNELENS_HNSW_EF_SEARCH_SINGLE: "" }).singleSignalEfSearch).toBe(1000);
    expect(vectorIndex({ TUNELENS_HNSW_EF_SEARCH_SINGLE: "400", TUNELENS_HNSW_EF_SEARCH: "160" })).toMatchObject({ singleSignalEfSearch: 400, efSearch: 160 });
    expect(() => vectorIndex({ TUNELENS_HNSW_EF_SEARCH_SINGLE: "0" })).toThrow(/TUNELENS_HNSW_EF_SEARCH_SINGLE/);
    expect(() => vectorIndex({ TUNELENS_HNSW_EF_SEARCH_SINGLE: "1001" })).toThrow(/TUNELENS_HNSW_EF_SEARCH_SINGLE/);
  });
  it("TUNELENS_VECTOR_INDEX is vector (default) or halfvec", () => {
    expect(vectorIndex({}).storage).toBe("vector");
    expect(vectorIndex({ TUNELENS_VECTOR_INDEX: "halfvec" }).storage).toBe("halfvec");
    expect(() => vectorIndex({ TUNELENS_VECTOR_INDEX: "float8" })).toThrow(/vector or halfvec/);
  });
});
