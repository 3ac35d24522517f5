import type { Queryable } from "../database.ts";
import type { DescriptionSource } from "./description.repository.ts";

/** Stands in for a deleted track's id in exposures: positions stay countable, the id is gone. */
export const DELETED_TRACK_ID = "00000000-0000-0000-0000-000000000000";

export interface TrackCorrection {
  title?: string | null;
  artist?: string | null;
  album?: string | null;
  /** top-level metadata keys to set; a null value removes the key */
  metadata?: Record<string, unknown> | null;
}

export interface DeletedTrackCounts {
  descriptions: number;
  jobs: number;
  llmCacheEntries: number;
  interactionsAnonymised: number;
  exposuresAnonymised: number;
}

/**
 * SQL of the track lifecycle (issue #19): takedown and correction. Callers run these inside one
 * transaction after locking the track (EnrichmentRepository.lockTrack).
 */
export class TrackLifecycleRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Removes a track and everything derived from it. Descriptions, embeddings (every model) and soft
   * genres go with the row (ON DELETE CASCADE); its jobs and the LLM answers cached for its
   * prompts are deleted here; interactions and exposures are kept for experiment reports but lose
   * the track id (docs/security.md § Track deletion (takedowns) and corrections).
   */
  async deleteTrack(trackId: string): Promise<DeletedTrackCounts> {
    const cache = await this.db.query(
      `DELETE FROM llm_cache WHERE prompt_hash IN (
         SELECT provenance->>'promptHash' FROM descriptions
          WHERE track_id = $1 AND source = 'llm' AND provenance ? 'promptHash')
       RETURNING prompt_hash`,
      [trackId],
    );
    const [d] = await this.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM descriptions WHERE track_id = $1`, [trackId]);
    // Follow-up jobs carry the track in their payload, the audio job that made it in its result.
    const jobs = await this.db.query(
      `DELETE FROM jobs WHERE payload->>'trackId' = $1 OR result->>'trackId' = $1 RETURNING id`,
      [trackId],
    );
    const interactions = await this.db.query(`UPDATE interactions SET track_id = NULL WHERE track_id = $1 RETURNING id`, [trackId]);
    const exposures = await this.db.query(
      `UPDATE exposures SET track_ids = array_replace(track_ids, $1::uuid, $2::uuid)
        WHERE track_ids @> ARRAY[$1::uuid] RETURNING query_id`,
      [trackId, DELETED_TRACK_ID],
    );
    await this.db.query(`DELETE FROM tracks WHERE id = $1`, [trackId]);
    return {
      descriptions: Number(d?.n ?? 0),
      jobs: jobs.length,
      llmCacheEntries: cache.length,
      interactionsAnonymised: interactions.length,
      exposuresAnonymised: exposures.length,
    };
  }

  /** Sets the corrected columns and metadata keys (a null metadata value removes the key). */
  async correct(trackId: string, c: TrackCorrection): Promise<void> {
    const meta = c.metadata ?? {};
    const set = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== null));
    const remove = Object.entries(meta).filter(([, v]) => v === null).map(([k]) => k);
    await this.db.query(
      `UPDATE tracks
          SET title = CASE WHEN $2 THEN $3 ELSE title END,
              artist = CASE WHEN $4 THEN $5 ELSE artist END,
              album = CASE WHEN $6 THEN $7 ELSE album END,
              metadata = (metadata - $9::text[]) || $8::jsonb,
              updated_at = now()
        WHERE id = $1`,
      [trackId, c.title !== undefined, c.title ?? null, c.artist !== undefined, c.artist ?? null, c.album !== undefined, c.album ?? null, JSON.stringify(set), remove],
    );
  }

  /** Deletes a track's descriptions of one source (before writing that source's new set). */
  async deleteDescriptions(trackId: string, source: DescriptionSource): Promise<number> {
    const rows = await this.db.query(`DELETE FROM descriptions WHERE track_id = $1 AND source = $2 RETURNING id`, [trackId, source]);
    return rows.length;
  }

  /** Deletes one description of a track by its text; returns whether one was there. */
  async deleteDescriptionText(trackId: string, source: DescriptionSource, text: string): Promise<boolean> {
    const rows = await this.db.query(
      `DELETE FROM descriptions WHERE track_id = $1 AND source = $2 AND md5(text) = md5($3) AND text = $3 RETURNING id`,
      [trackId, source, text],
    );
    return rows.length > 0;
  }

  /**
   * Drops the track's description vectors under every model but `servedModelId` and returns the
   * versions of the models that hold its audio vector (those that must describe it again). Their
   * vectors were computed from the texts before the change: a removed text must not keep matching.
   */
  async dropOtherModelsDescriptions(trackId: string, servedModelId: number): Promise<string[]> {
    await this.db.query(`DELETE FROM embeddings WHERE track_id = $1 AND kind = 'description' AND model_id <> $2`, [trackId, servedModelId]);
    const rows = await this.db.query<{ version: string }>(
      `SELECT m.version FROM embeddings e JOIN models m ON m.id = e.model_id
        WHERE e.track_id = $1 AND e.kind = 'audio' AND e.model_id <> $2 ORDER BY m.version`,
      [trackId, servedModelId],
    );
    return rows.map((r) => r.version);
  }

  /** Drops the fused description vector of a track that no longer has any description text. */
  async deleteDescriptionEmbedding(trackId: string, modelId: number): Promise<void> {
    await this.db.query(`DELETE FROM embeddings WHERE track_id = $1 AND model_id = $2 AND kind = 'description'`, [trackId, modelId]);
  }
}
