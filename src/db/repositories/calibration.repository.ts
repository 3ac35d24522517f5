import type { Queryable } from "../database.ts";
import { parseVector, sqlInt } from "./vector-sql.ts";

/** A track's stored vectors under one model (either may be missing). */
export interface TrackVectors {
  trackId: string;
  audio: Float32Array | null;
  description: Float32Array | null;
}

/**
 * Reads for score calibration (src/services/relevance.ts, src/services/mood-percentiles.ts):
 * a stable sample of the catalog's vectors and the vectors of given tracks.
 */
export class CalibrationRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Up to `limit` tracks with an audio embedding under `modelId`, in a fixed pseudo-random order
   * (md5 of the id), so the sample is spread over the catalog and the same from one call to the next.
   */
  async sample(modelId: number, limit: number, catalogs: readonly string[] | null = null): Promise<TrackVectors[]> {
    const m = sqlInt(modelId, "model id");
    const rows = await this.db.query<{ track_id: string; audio: string; description: string | null }>(
      `SELECT a.track_id, a.embedding::text AS audio, e.embedding::text AS description
         FROM embeddings a
         LEFT JOIN embeddings e ON e.track_id = a.track_id AND e.model_id = ${m} AND e.kind = 'description'
        WHERE a.model_id = ${m} AND a.kind = 'audio' AND ($2::text[] IS NULL OR a.catalog = ANY($2::text[]))
        ORDER BY md5(a.track_id::text), a.track_id
        LIMIT $1`,
      [limit, catalogs ? [...catalogs] : null],
    );
    return rows.map((r) => ({ trackId: r.track_id, audio: parseVector(r.audio), description: r.description ? parseVector(r.description) : null }));
  }

  /** Audio and description vectors of `trackIds` under `modelId` (tracks without either are left out). */
  async vectorsOf(modelId: number, trackIds: readonly string[]): Promise<Map<string, TrackVectors>> {
    if (!trackIds.length) return new Map();
    const rows = await this.db.query<{ track_id: string; kind: string; embedding: string }>(
      `SELECT track_id, kind, embedding::text AS embedding FROM embeddings
        WHERE model_id = $1 AND kind IN ('audio', 'description') AND track_id = ANY($2::uuid[])`,
      [modelId, [...trackIds]],
    );
    const out = new Map<string, TrackVectors>();
    for (const r of rows) {
      const v = out.get(r.track_id) ?? { trackId: r.track_id, audio: null, description: null };
      if (r.kind === "audio") v.audio = parseVector(r.embedding);
      else v.description = parseVector(r.embedding);
      out.set(r.track_id, v);
    }
    return out;
  }

  /** The catalogs that have tracks with an audio embedding under `modelId`. */
  async catalogs(modelId: number): Promise<string[]> {
    const rows = await this.db.query<{ catalog: string }>(`SELECT DISTINCT catalog FROM embeddings WHERE model_id = $1 AND kind = 'audio' ORDER BY catalog`, [modelId]);
    return rows.map((r) => r.catalog);
  }

  /**
   * Tracks with an audio embedding under `modelId` (of these catalogs, when given): how big the
   * catalog the backgrounds describe is.
   */
  async count(modelId: number, catalogs: readonly string[] | null = null): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM embeddings WHERE model_id = $1 AND kind = 'audio' AND ($2::text[] IS NULL OR catalog = ANY($2::text[]))`,
      [modelId, catalogs ? [...catalogs] : null],
    );
    return Number(rows[0]?.n ?? 0);
  }

}
