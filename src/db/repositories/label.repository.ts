import type { Database } from "../database.ts";
import { parseVector, vectorParam } from "./vector-sql.ts";

export interface StoredCluster {
  clusterId: number;
  name: string;
  threshold: number;
  centroid: Float32Array;
  members: Array<{ label: string; vocabulary: string }>;
}

export interface NewCluster {
  name: string;
  centroid: Float32Array;
  members: Array<{ label: string; vocabulary: string; vector: Float32Array }>;
}

/** Label clusters and members per model (sql/005_labels.sql). */
export class LabelRepository {
  constructor(private readonly db: Database) {}

  /** Replaces the model's clusters in one transaction: re-aligning is idempotent. */
  async replaceClusters(modelId: number, threshold: number, clusters: readonly NewCluster[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM label_clusters WHERE model_id = $1`, [modelId]);
      if (!clusters.length) return;
      await tx.query(
        `INSERT INTO label_clusters (model_id, cluster_id, name, centroid, threshold)
         SELECT $1, c.ord, c.name, c.centroid::vector, $2
           FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS c(name, centroid, ord)`,
        [modelId, threshold, clusters.map((c) => c.name), clusters.map((c) => vectorParam(c.centroid))],
      );
      const members = clusters.flatMap((c, i) => c.members.map((m) => ({ cluster: i + 1, ...m })));
      await tx.query(
        `INSERT INTO label_members (model_id, cluster_id, label, vocabulary, embedding)
         SELECT $1, m.cluster, m.label, m.vocabulary, m.embedding::vector
           FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS m(cluster, label, vocabulary, embedding)
         ON CONFLICT (model_id, label, vocabulary) DO NOTHING`,
        [modelId, members.map((m) => m.cluster), members.map((m) => m.label), members.map((m) => m.vocabulary), members.map((m) => vectorParam(m.vector))],
      );
    });
  }

  async clusters(modelId: number): Promise<StoredCluster[]> {
    const rows = await this.db.query<{ cluster_id: number; name: string; threshold: number; centroid: string; members: Array<{ label: string; vocabulary: string }> }>(
      `SELECT c.cluster_id, c.name, c.threshold, c.centroid::text AS centroid,
              COALESCE(jsonb_agg(jsonb_build_object('label', m.label, 'vocabulary', m.vocabulary) ORDER BY m.label, m.vocabulary)
                       FILTER (WHERE m.label IS NOT NULL), '[]'::jsonb) AS members
         FROM label_clusters c
         LEFT JOIN label_members m ON m.model_id = c.model_id AND m.cluster_id = c.cluster_id
        WHERE c.model_id = $1
        GROUP BY c.cluster_id, c.name, c.threshold, c.centroid::text
        ORDER BY c.cluster_id`,
      [modelId],
    );
    return rows.map((r) => ({ clusterId: Number(r.cluster_id), name: r.name, threshold: Number(r.threshold), centroid: parseVector(r.centroid), members: r.members }));
  }

  /** For each word that is a member of one of the model's clusters: that cluster's centroid. */
  async centroidsOf(modelId: number, words: readonly string[]): Promise<Map<string, { clusterId: number; name: string; centroid: Float32Array }>> {
    if (!words.length) return new Map();
    const rows = await this.db.query<{ label: string; cluster_id: number; name: string; centroid: string }>(
      `SELECT DISTINCT ON (m.label) m.label, c.cluster_id, c.name, c.centroid::text AS centroid
         FROM label_members m JOIN label_clusters c ON c.model_id = m.model_id AND c.cluster_id = m.cluster_id
        WHERE m.model_id = $1 AND m.label = ANY($2::text[])
        ORDER BY m.label, c.cluster_id`,
      [modelId, [...words]],
    );
    return new Map(rows.map((r) => [r.label, { clusterId: Number(r.cluster_id), name: r.name, centroid: parseVector(r.centroid) }]));
  }

  /**
   * Audio vectors of these tracks with each track's catalog (zero-shot percentiles place a track
   * within its own catalog); absent tracks are missing from the map.
   */
  async trackAudio(modelId: number, trackIds: readonly string[]): Promise<Map<string, { vector: Float32Array; catalog: string }>> {
    if (!trackIds.length) return new Map();
    const rows = await this.db.query<{ track_id: string; embedding: string; catalog: string }>(
      `SELECT track_id, embedding::text AS embedding, catalog FROM embeddings
        WHERE model_id = $1 AND kind = 'audio' AND track_id = ANY($2::uuid[])`,
      [modelId, [...trackIds]],
    );
    return new Map(rows.map((r) => [r.track_id, { vector: parseVector(r.embedding), catalog: r.catalog }]));
  }

  /** Stored vectors of one kind for these tracks (absent tracks are missing from the map). */
  async trackVectors(modelId: number, kind: "audio" | "description", trackIds: readonly string[]): Promise<Map<string, Float32Array>> {
    if (!trackIds.length) return new Map();
    const rows = await this.db.query<{ track_id: string; embedding: string }>(
      `SELECT track_id, embedding::text AS embedding FROM embeddings
        WHERE model_id = $1 AND kind = $2 AND track_id = ANY($3::uuid[])`,
      [modelId, kind, [...trackIds]],
    );
    return new Map(rows.map((r) => [r.track_id, parseVector(r.embedding)]));
  }
}
