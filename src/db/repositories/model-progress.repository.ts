import type { Queryable } from "../database.ts";

export interface EmbeddingProgress {
  totalTracks: number;
  /** tracks with an audio embedding under the model (re-embedding writes audio and description together) */
  embeddedTracks: number;
  /** re-embedding jobs for the model still queued or running */
  pendingJobs: number;
  /** re-embedding jobs for the model that gave up (missing or undecodable source files) */
  failedJobs: number;
}

/**
 * How far a model's embeddings cover the catalogue, read in one statement so the four numbers
 * agree with each other. Re-embedding jobs carry the model version as the suffix of their dedupe
 * key (`<trackId>:<version>`), the convention `tunelens worker --reembed` started.
 */
export class ModelProgressRepository {
  constructor(private readonly db: Queryable) {}

  async progress(modelId: number, version: string): Promise<EmbeddingProgress> {
    const rows = await this.db.query<Record<keyof EmbeddingProgress, string | number>>(
      `SELECT (SELECT count(*) FROM tracks) AS "totalTracks",
              (SELECT count(*) FROM embeddings WHERE model_id = $1 AND kind = 'audio') AS "embeddedTracks",
              (SELECT count(*) FROM jobs WHERE kind = 're-embedding' AND status IN ('queued', 'running')
                  AND dedupe_key = (payload->>'trackId') || ':' || $2) AS "pendingJobs",
              (SELECT count(*) FROM jobs WHERE kind = 're-embedding' AND status = 'dead'
                  AND dedupe_key = (payload->>'trackId') || ':' || $2) AS "failedJobs"`,
      [modelId, version],
    );
    const r = rows[0];
    return {
      totalTracks: Number(r.totalTracks),
      embeddedTracks: Number(r.embeddedTracks),
      pendingJobs: Number(r.pendingJobs),
      failedJobs: Number(r.failedJobs),
    };
  }

  /** Tracks with no audio embedding under the model: what re-embedding must still do. */
  async missingTrackIds(modelId: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT t.id FROM tracks t
        WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.track_id = t.id AND e.model_id = $1 AND e.kind = 'audio')
        ORDER BY t.seq`,
      [modelId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Makes `modelId` the active model only if every track has its audio embedding, checked and
   * flipped in one transaction (callers pass a transaction): a track ingested meanwhile keeps
   * the old model active rather than becoming invisible to default searches.
   */
  async activateIfComplete(modelId: number): Promise<boolean> {
    const [{ missing }] = await this.db.query<{ missing: string | number }>(
      `SELECT count(*) AS missing FROM tracks t
        WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.track_id = t.id AND e.model_id = $1 AND e.kind = 'audio')`,
      [modelId],
    );
    if (Number(missing) > 0) return false;
    await this.db.query(`UPDATE models SET active = false WHERE active AND id <> $1`, [modelId]);
    await this.db.query(`UPDATE models SET active = true WHERE id = $1`, [modelId]);
    return true;
  }
}
