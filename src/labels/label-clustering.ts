import { agnes } from "ml-hclust";
import { cosineSimilarity } from "../embedding/vector-norm.ts";

export interface LabelVector {
  label: string;
  vocabulary: string;
  vector: Float32Array;
}

export interface LabelCluster {
  /** the member closest to the centroid */
  name: string;
  members: LabelVector[];
  /** unit-length mean of the members' unit vectors */
  centroid: Float32Array;
}

/**
 * Average cosine distance below which two groups of labels are merged. The threshold belongs to
 * the text tower and the prompt template, so it is re-chosen when the shipped model changes, by
 * inspecting the clusters of the shipped vocabularies. tunelens-default v0.4 (v0.3's towers, query
 * centring, which spreads word vectors apart): 0.2 joins dramatic/epic, celtic/folk, the rock and
 * pop families and each word shared by two vocabularies, as 0.15 did for v0.3; at 0.15 no two mood
 * words merge, and 0.25 already joins depressed with excited. (v0.3 wanted 0.15, v0.2's USE-lite
 * tower 0.1.) `labels align --threshold` overrides it.
 */
export const DEFAULT_CLUSTER_THRESHOLD = 0.2;

export function cosineDistance(a: Float32Array, b: Float32Array): number {
  return 1 - cosineSimilarity(a, b);
}

export function meanDirection(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0]?.length ?? 0);
  for (const v of vectors) {
    let n = 0;
    for (let i = 0; i < v.length; i++) n += v[i] * v[i];
    n = Math.sqrt(n) || 1;
    for (let i = 0; i < v.length; i++) out[i] += v[i] / n;
  }
  let n = 0;
  for (let i = 0; i < out.length; i++) n += out[i] * out[i];
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/**
 * Agglomerative clustering with average linkage over cosine distance, cut where groups are
 * further apart than `threshold`: the number of clusters follows from the data, not a preset k.
 * Clusters come out largest first, then by name, so the numbering is deterministic.
 */
export function clusterLabels(items: readonly LabelVector[], threshold = DEFAULT_CLUSTER_THRESHOLD): LabelCluster[] {
  if (!(threshold > 0 && threshold < 2)) throw new RangeError(`cluster threshold must be in (0, 2), got ${threshold}`);
  if (items.length === 0) return [];
  let groups: number[][];
  if (items.length === 1) groups = [[0]];
  else {
    const distances = items.map((a) => items.map((b) => Math.max(0, cosineDistance(a.vector, b.vector))));
    const tree = agnes(distances, { method: "average", isDistanceMatrix: true });
    // cut() keeps subtrees whose merge height is below the threshold; a root below it is one cluster.
    groups = tree.height <= threshold ? [tree.indices()] : tree.cut(threshold).map((c) => c.indices());
  }
  return groups
    .map((indices) => {
      const members = indices.map((i) => items[i]);
      const centroid = meanDirection(members.map((m) => m.vector));
      const name = [...members].sort((a, b) => cosineDistance(a.vector, centroid) - cosineDistance(b.vector, centroid) || a.label.localeCompare(b.label))[0].label;
      members.sort((a, b) => a.label.localeCompare(b.label) || a.vocabulary.localeCompare(b.vocabulary));
      return { name, members, centroid };
    })
    .sort((a, b) => b.members.length - a.members.length || a.name.localeCompare(b.name));
}
