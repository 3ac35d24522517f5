import type { Queryable } from "../database.ts";
import type { EmbeddingKind } from "./model.repository.ts";
import { parseVector, vectorParam } from "./vector-sql.ts";

export class EmbeddingRepository {
  constructor(private readonly db: Queryable) {}

  async upsert(trackId: string, modelId: number, kind: EmbeddingKind, vector: Float32Array): Promise<void> {
    await this.db.query(
      `INSERT INTO embeddings (track_id, model_id, kind, embedding) VALUES ($1, $2, $3, $4::vector)
       ON CONFLICT (model_id, kind, track_id) DO UPDATE SET embedding = EXCLUDED.embedding, created_at = now()`,
      [trackId, modelId, kind, vectorParam(vector)],
    );
  }

  async find(trackId: string, modelId: number, kind: EmbeddingKind): Promise<Float32Array | null> {
    const rows = await this.db.query<{ embedding: string }>(
      `SELECT embedding::text AS embedding FROM embeddings WHERE track_id = $1 AND model_id = $2 AND kind = $3`,
      [trackId, modelId, kind],
    );
    return rows[0] ? parseVector(rows[0].embedding) : null;
  }

  /** Track ids that have no embedding of `kind` under `modelId` (what re-embedding must still do). */
  async missingTrackIds(modelId: number, kind: EmbeddingKind, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT t.id FROM tracks t
        WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.track_id = t.id AND e.model_id = $1 AND e.kind = $2)
        ORDER BY t.created_at, t.id LIMIT $3`,
      [modelId, kind, limit],
    );
    return rows.map((r) => r.id);
  }

  async count(modelId: number, kind: EmbeddingKind): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM embeddings WHERE model_id = $1 AND kind = $2`,
      [modelId, kind],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
