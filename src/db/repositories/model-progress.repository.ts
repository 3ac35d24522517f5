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

  /**
   * The four numbers over the tracks of `catalogs` (null: every catalog). A catalog-scoped key
   * reads `models` too, and counts over every catalog would tell it how many tracks other tenants
   * hold (docs/security.md § Tenants).
   */
  async progress(modelId: number, version: string, catalogs: readonly string[] | null = null): Promise<EmbeddingProgress> {
    const rows = await this.db.query<Record<keyof EmbeddingProgress, string | number>>(
      `SELECT (SELECT count(*) FROM tracks WHERE $3::text[] IS NULL OR catalog = ANY($3::text[])) AS "totalTracks",
              (SELECT count(*) FROM embeddings WHERE model_id = $1 AND kind = 'audio'
                  AND ($3::text[] IS NULL OR catalog = ANY($3::text[]))) AS "embeddedTracks",
              (SELECT count(*) FROM jobs j WHERE j.kind = 're-embedding' AND j.status IN ('queued', 'running')
                  AND j.dedupe_key = (j.payload->>'trackId') || ':' || $2
                  AND ($3::text[] IS NULL OR EXISTS (SELECT 1 FROM tracks t WHERE t.id::text = j.payload->>'trackId' AND t.catalog = ANY($3::text[])))) AS "pendingJobs",
              (SELECT count(*) FROM jobs j WHERE j.kind = 're-embedding' AND j.status = 'dead'
                  AND j.dedupe_key = (j.payload->>'trackId') || ':' || $2
                  AND ($3::text[] IS NULL OR EXISTS (SELECT 1 FROM tracks t WHERE t.id::text = j.payload->>'trackId' AND t.catalog = ANY($3::text[])))) AS "failedJobs"`,
      [modelId, version, catalogs ? [...catalogs] : null],
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
