import type { Queryable } from "../database.ts";
import { toTrackRecord, type TrackRecord } from "./track.repository.ts";

/** SQL used when descriptions are added to a stored track after its ingest (LLM, web pages). */
export class EnrichmentRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Locks the track row for the rest of the transaction, so two jobs adding descriptions to one
   * track compute its fused embedding one after the other and the later one sees both sets.
   */
  async lockTrack(trackId: string): Promise<TrackRecord | null> {
    const rows = await this.db.query<Parameters<typeof toTrackRecord>[0]>(
      `SELECT id, seq, catalog, external_id, title, artist, album, duration_seconds, source_file,
              content_hash, metadata, created_at
         FROM tracks WHERE id = $1 FOR UPDATE`,
      [trackId],
    );
    return rows[0] ? toTrackRecord(rows[0]) : null;
  }

  async descriptionTexts(trackId: string): Promise<string[]> {
    const rows = await this.db.query<{ text: string }>(
      `SELECT DISTINCT text FROM descriptions WHERE track_id = $1 AND source <> 'imputed' ORDER BY text`,
      [trackId],
    );
    return rows.map((r) => r.text);
  }

  /** Merges `patch` into the track's metadata (top-level keys). */
  async mergeMetadata(trackId: string, patch: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `UPDATE tracks SET metadata = metadata || $2::jsonb, updated_at = now() WHERE id = $1`,
      [trackId, JSON.stringify(patch)],
    );
  }
}
