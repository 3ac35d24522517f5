import type { Database } from "../db/database.ts";
import { LabelRepository, type StoredCluster } from "../db/repositories/label.repository.ts";
import { clusterLabels, DEFAULT_CLUSTER_THRESHOLD, type LabelCluster, type LabelVector } from "../labels/label-clustering.ts";
import type { Vocabulary } from "../labels/vocabulary.ts";
import { wordVectorsFor } from "../labels/word-vectors.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import { SERVED_MOOD_SETTINGS } from "./mood.service.ts";

export interface AlignmentResult {
  clusters: LabelCluster[];
  labels: number;
  threshold: number;
}

/**
 * `tunelens labels align`: embeds every label of several vocabularies with the served model's
 * text tower (the prompt template mood queries use, so centroids and queries share a space),
 * clusters mood and genre labels separately (a mood word and a genre name are never synonyms)
 * and replaces the model's stored clusters in one transaction.
 */
export class LabelAlignmentService {
  private readonly labels: LabelRepository;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
  ) {
    this.labels = new LabelRepository(db);
  }

  async align(vocabularies: readonly Vocabulary[], threshold = DEFAULT_CLUSTER_THRESHOLD): Promise<AlignmentResult> {
    const words = wordVectorsFor(this.runtime.encoder, SERVED_MOOD_SETTINGS.template);
    const vectors = await words.vectors(vocabularies.flatMap((v) => v.labels));
    const clusters: LabelCluster[] = [];
    for (const kind of ["mood", "genre"] as const) {
      const items: LabelVector[] = vocabularies
        .filter((v) => v.kind === kind)
        .flatMap((v) => v.labels.map((label) => ({ label, vocabulary: v.name, vector: vectors.get(label)! })));
      clusters.push(...clusterLabels(items, threshold));
    }
    await this.labels.replaceClusters(this.runtime.model.id, threshold, clusters.map((c) => ({ name: c.name, centroid: c.centroid, members: c.members })));
    return { clusters, labels: vectors.size, threshold };
  }

  /** the served model's version: the clusters belong to it */
  get modelVersion(): string {
    return this.runtime.model.version;
  }

  clusters(): Promise<StoredCluster[]> {
    return this.labels.clusters(this.runtime.model.id);
  }
}
