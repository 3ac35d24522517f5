import type { Queryable } from "../database.ts";

export interface Neighbour {
  trackId: string;
  metadata: Record<string, unknown>;
  audioSimilarity: number;
  /** null when either track has no description embedding */
  metadataSimilarity: number | null;
  /** audioWeight · audio + (1 − audioWeight) · metadata (audio alone when metadata is null) */
  similarity: number;
}

/**
 * Nearest tracks for retrieval-based imputation: an exact scan ranked by the weighted sum of
 * audio and description (metadata) cosine similarity. Exact, not HNSW, because the ranking
 * mixes two vectors; per-track cost is one pass over the catalogue's embeddings.
 *
 * Neighbours come from the track's own catalog only: catalogs are tenants (docs/security.md), so
 * one customer's genres, moods and tempos must never be imputed into another's tracks.
 * embeddings.catalog (kept equal to tracks.catalog by trigger) lets the scan filter before the join.
 */
export class ImputationRepository {
  constructor(private readonly db: Queryable) {}

  /** Every stored track's id in ingest order; of one catalog when it is given. */
  async allTrackIds(catalog: string | null = null): Promise<string[]> {
    return (
      await this.db.query<{ id: string }>(`SELECT id FROM tracks WHERE ($1::text IS NULL OR catalog = $1) ORDER BY seq`, [catalog])
    ).map((r) => r.id);
  }

  /**
   * The catalog's tracks that have no imputation job for this model yet (the dedupe key the
   * imputation jobs use), with their metadata so the caller can tell which lack a field.
   */
  async tracksNotImputed(catalog: string, modelVersion: string): Promise<Array<{ id: string; metadata: Record<string, unknown> }>> {
    return this.db.query<{ id: string; metadata: Record<string, unknown> }>(
      `SELECT t.id, t.metadata FROM tracks t
        WHERE t.catalog = $1
          AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = 'imputation' AND j.dedupe_key = t.id::text || ':' || $2)
        ORDER BY t.seq`,
      [catalog, modelVersion],
    );
  }

  /** True while a web-metadata or LLM job of one of the catalog's tracks is queued or running. */
  async descriptionsPending(catalog: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM jobs j JOIN tracks t ON t.id::text = j.payload->>'trackId'
        WHERE j.kind IN ('web-metadata', 'llm-description') AND j.status IN ('queued', 'running') AND t.catalog = $1
        LIMIT 1`,
      [catalog],
    );
    return rows.length > 0;
  }

  /** Stored track ids by catalog id (the evaluation maps labels to tracks with it). */
  async idsByExternalId(externalIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; external_id: string }>(
      `SELECT id, external_id FROM tracks WHERE external_id = ANY($1::text[])`,
      [externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  async neighbours(trackId: string, modelId: number, audioWeight: number, limit: number): Promise<Neighbour[]> {
    const rows = await this.db.query<{
      id: string;
      metadata: Record<string, unknown>;
      audio_sim: number;
      meta_sim: number | null;
    }>(
      `WITH target AS (
         SELECT (SELECT embedding FROM embeddings WHERE track_id = $1 AND model_id = $2 AND kind = 'audio') AS audio,
                (SELECT embedding FROM embeddings WHERE track_id = $1 AND model_id = $2 AND kind = 'description') AS description,
                (SELECT catalog FROM tracks WHERE id = $1) AS catalog
       ), scored AS (
         SELECT t.id, t.metadata,
                1 - (ea.embedding <=> target.audio) AS audio_sim,
                CASE WHEN ed.embedding IS NULL OR target.description IS NULL THEN NULL
                     ELSE 1 - (ed.embedding <=> target.description) END AS meta_sim
           FROM target
           JOIN embeddings ea ON ea.model_id = $2 AND ea.kind = 'audio' AND ea.catalog = target.catalog AND ea.track_id <> $1
           JOIN tracks t ON t.id = ea.track_id
           LEFT JOIN embeddings ed ON ed.track_id = ea.track_id AND ed.model_id = $2 AND ed.kind = 'description'
          WHERE target.audio IS NOT NULL
       )
       SELECT id, metadata, audio_sim, meta_sim FROM scored
        ORDER BY $3::double precision * audio_sim + (1 - $3::double precision) * coalesce(meta_sim, audio_sim) DESC, id
        LIMIT $4`,
      [trackId, modelId, audioWeight, limit],
    );
    return rows.map((r) => {
      const audio = Number(r.audio_sim);
      const meta = r.meta_sim === null ? null : Number(r.meta_sim);
      return {
        trackId: r.id,
        metadata: r.metadata ?? {},
        audioSimilarity: audio,
        metadataSimilarity: meta,
        similarity: audioWeight * audio + (1 - audioWeight) * (meta ?? audio),
      };
    });
  }
}
