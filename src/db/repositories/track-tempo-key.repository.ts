import type { Queryable } from "../database.ts";
import { BPM_SQL } from "./track-filter-sql.ts";
import { isUuid } from "./track.repository.ts";

export interface TrackTempoKey {
  /** Track.bpm: catalog, then file tag, then the ingest estimate */
  bpm: number | null;
  /** Track.key: the key estimated from the audio at ingest ("A minor"), or null */
  key: string | null;
}

/**
 * Tempo and key of many tracks in one statement, with the same precedence as the `Track.bpm`
 * and `Track.key` fields (so what a query's tempo is matched against is what clients see).
 */
export class TrackTempoKeyRepository {
  constructor(private readonly db: Queryable) {}

  async find(ids: readonly string[]): Promise<Map<string, TrackTempoKey>> {
    const uuids = ids.filter(isUuid);
    if (!uuids.length) return new Map();
    const rows = await this.db.query<{ id: string; bpm: number | string | null; key: string | null }>(
      `SELECT t.id, ${BPM_SQL("t")} AS bpm, t.metadata->'audio'->>'key' AS key FROM tracks t WHERE t.id = ANY($1::uuid[])`,
      [uuids],
    );
    return new Map(rows.map((r) => [r.id, { bpm: r.bpm == null ? null : Number(r.bpm), key: r.key }]));
  }
}
