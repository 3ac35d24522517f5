import type { Queryable } from "../database.ts";

/** Where a description came from: a fetched page (web), the catalog line, the file's tags, the LLM, a user, imputation. */
export type DescriptionSource = "web" | "catalog" | "file_tags" | "llm" | "user" | "imputed";

export interface DescriptionRecord {
  id: string;
  trackId: string;
  source: DescriptionSource;
  text: string;
  provenance: Record<string, unknown>;
}

export interface NewDescription {
  source: DescriptionSource;
  text: string;
  provenance: Record<string, unknown>;
}

interface DescriptionRow {
  id: string | number;
  track_id: string;
  source: DescriptionSource;
  text: string;
  provenance: Record<string, unknown>;
}

export class DescriptionRepository {
  constructor(private readonly db: Queryable) {}

  /** Adds descriptions; a sentence already stored for the track from the same source is skipped. */
  async insertMany(trackId: string, descriptions: readonly NewDescription[]): Promise<number> {
    let inserted = 0;
    for (const d of descriptions) {
      const rows = await this.db.query(
        `INSERT INTO descriptions (track_id, source, text, provenance)
         VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (track_id, source, md5(text)) DO NOTHING
         RETURNING id`,
        [trackId, d.source, d.text, JSON.stringify(d.provenance)],
      );
      inserted += rows.length;
    }
    return inserted;
  }

  /** All descriptions of many tracks in one query (DataLoader batch function). */
  async findByTrackIds(trackIds: readonly string[]): Promise<DescriptionRecord[][]> {
    const rows = trackIds.length
      ? await this.db.query<DescriptionRow>(
          `SELECT id, track_id, source, text, provenance FROM descriptions
            WHERE track_id = ANY($1::uuid[]) ORDER BY track_id, id`,
          [trackIds],
        )
      : [];
    const byTrack = new Map<string, DescriptionRecord[]>();
    for (const r of rows) {
      const list = byTrack.get(r.track_id) ?? [];
      list.push({ id: String(r.id), trackId: r.track_id, source: r.source, text: r.text, provenance: r.provenance });
      byTrack.set(r.track_id, list);
    }
    return trackIds.map((id) => byTrack.get(id) ?? []);
  }
}
