import type { Database } from "../database.ts";
import type { ModelRecord } from "./model.repository.ts";
import { sqlInt, vectorParam } from "./vector-sql.ts";

export type RankingSignal = "audio" | "description" | "fused";

export interface VectorQuery {
  model: ModelRecord;
  /** compared with tracks' audio embeddings */
  audioVector: Float32Array | null;
  /** compared with tracks' fused description embeddings */
  descriptionVector: Float32Array | null;
  signal: RankingSignal;
  /** weight of the audio similarity in the fused score, 0..1 */
  alpha: number;
  /** how many ranked rows to return (callers ask offset + first + 1) */
  limit: number;
  excludeTrackIds: readonly string[];
}

export interface ScoredTrack {
  trackId: string;
  score: number;
  audioScore: number | null;
  descriptionScore: number | null;
}

interface ScoreRow {
  track_id: string;
  score: number;
  audio_score: number | null;
  description_score: number | null;
}

/**
 * Approximate nearest-neighbour search over the partial HNSW indexes. Each signal first takes its
 * top `limit` candidates from its index (iterative scans keep filtered queries from coming back
 * short), then the union is re-scored exactly and ordered by score, then track id, so that equal
 * scores page stably.
 */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  async nearest(q: VectorQuery): Promise<ScoredTrack[]> {
    const m = sqlInt(q.model.id, "model id");
    const d = sqlInt(q.model.dimensions, "dimensions");
    const useAudio = q.signal !== "description" && q.audioVector !== null;
    const useDescription = q.signal !== "audio" && q.descriptionVector !== null;
    if (!useAudio && !useDescription) return [];
    const alpha = q.signal === "fused" ? Math.min(1, Math.max(0, q.alpha)) : q.signal === "audio" ? 1 : 0;

    const candidate = (kind: "audio" | "description", param: string) => `(
        SELECT track_id FROM embeddings
         WHERE model_id = ${m} AND kind = '${kind}' AND NOT (track_id = ANY($3::uuid[]))
         ORDER BY embedding::vector(${d}) <=> ${param}::vector(${d})
         LIMIT $4)`;
    const parts = [useAudio ? candidate("audio", "$1") : null, useDescription ? candidate("description", "$2") : null]
      .filter((p): p is string => p !== null)
      .join(" UNION ");

    const sql = `
      WITH candidates AS (${parts}),
      scored AS (
        SELECT c.track_id,
               CASE WHEN $1::text IS NULL THEN NULL ELSE 1 - (a.embedding::vector(${d}) <=> $1::vector(${d})) END AS audio_score,
               CASE WHEN $2::text IS NULL THEN NULL ELSE 1 - (e.embedding::vector(${d}) <=> $2::vector(${d})) END AS description_score
          FROM candidates c
          LEFT JOIN embeddings a ON a.track_id = c.track_id AND a.model_id = ${m} AND a.kind = 'audio'
          LEFT JOIN embeddings e ON e.track_id = c.track_id AND e.model_id = ${m} AND e.kind = 'description'
      )
      SELECT track_id, audio_score, description_score,
             CASE
               WHEN audio_score IS NOT NULL AND description_score IS NOT NULL
                 THEN $5::float8 * audio_score + (1 - $5::float8) * description_score
               ELSE COALESCE(audio_score, description_score)
             END AS score
        FROM scored
       ORDER BY score DESC NULLS LAST, track_id
       LIMIT $4`;
    const params = [
      useAudio ? vectorParam(q.audioVector!) : null,
      useDescription ? vectorParam(q.descriptionVector!) : null,
      q.excludeTrackIds,
      q.limit,
      alpha,
    ];
    const rows = await this.db.transaction(async (tx) => {
      // Per-query search settings stay inside this transaction (never on a pooled session).
      await tx.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(Math.min(1000, Math.max(40, q.limit)))]);
      await tx.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
      return tx.query<ScoreRow>(sql, params);
    });
    return rows.map((r) => ({
      trackId: r.track_id,
      score: Number(r.score),
      audioScore: r.audio_score === null ? null : Number(r.audio_score),
      descriptionScore: r.description_score === null ? null : Number(r.description_score),
    }));
  }
}
