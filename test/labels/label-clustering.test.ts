import { describe, expect, it } from "vitest";
import { clusterLabels, cosineDistance, type LabelVector } from "../../src/labels/label-clustering.ts";
import { seededRandom } from "../../src/util/random.ts";
import { randomUnit } from "../experiments/vector-catalog.ts";

/** `n` labels around one random direction, spread by `noise` (cosine distance to it ≈ noise²/2·dims). */
function family(name: string, words: string[], rng: () => number, noise = 0.15): LabelVector[] {
  const centre = randomUnit(rng, 32);
  return words.map((w, i) => {
    const v = Float32Array.from(centre, (x) => x + noise * (rng() - 0.5));
    return { label: w, vocabulary: i % 2 ? `${name}-a` : `${name}-b`, vector: v };
  });
}

describe("label clustering (agglomerative, average linkage, cosine threshold)", () => {
  const rng = seededRandom("clusters");
  const sad = family("sad", ["sad", "sorrowful", "depressed", "gloomy"], rng);
  const happy = family("happy", ["happy", "joyful", "cheerful"], rng);
  const calm = family("calm", ["calm", "relaxed"], rng);
  const loner = family("odd", ["epic"], rng);
  const all = [...sad, ...happy, ...calm, ...loner];

  it("groups synonyms and separates the others, without being told how many groups there are", () => {
    const clusters = clusterLabels(all, 0.25);
    const groups = clusters.map((c) => c.members.map((m) => m.label).sort());
    expect(groups).toHaveLength(4);
    expect(groups).toContainEqual(["depressed", "gloomy", "sad", "sorrowful"]);
    expect(groups).toContainEqual(["cheerful", "happy", "joyful"]);
    expect(groups).toContainEqual(["calm", "relaxed"]);
    expect(groups).toContainEqual(["epic"]);
    // largest first, deterministic numbering
    expect(clusters[0].members).toHaveLength(4);
  });

  it("the threshold, not a preset k, decides the number of clusters", () => {
    expect(clusterLabels(all, 0.001)).toHaveLength(all.length);
    expect(clusterLabels(all, 1.99)).toHaveLength(1);
    expect(() => clusterLabels(all, 0)).toThrow(RangeError);
  });

  it("names a cluster by the member nearest its unit-length centroid", () => {
    const [c] = clusterLabels(sad, 0.5);
    let n = 0;
    for (const x of c.centroid) n += x * x;
    expect(Math.sqrt(n)).toBeCloseTo(1, 5);
    const nearest = [...sad].sort((a, b) => cosineDistance(a.vector, c.centroid) - cosineDistance(b.vector, c.centroid))[0];
    expect(c.name).toBe(nearest.label);
  });

  it("merges the same word from two vocabularies", () => {
    const v = randomUnit(rng, 32);
    const clusters = clusterLabels([{ label: "calm", vocabulary: "a", vector: v }, { label: "calm", vocabulary: "b", vector: v }, ...happy], 0.25);
    expect(clusters.find((c) => c.name === "calm")!.members.map((m) => m.vocabulary)).toEqual(["a", "b"]);
  });
});
