import type { Database } from "../database.ts";

export interface GenreScore {
  label: string;
  score: number;
}

/** Soft genre distributions per (model, track) in `track_genres` (sql/005_labels.sql). */
export class TrackGenreRepository {
  constructor(private readonly db: Database) {}

  /** Replaces the distributions of these tracks in one transaction (a track absent from `byTrack` keeps its rows). */
  async replace(modelId: number, byTrack: ReadonlyMap<string, readonly GenreScore[]>): Promise<void> {
    if (byTrack.size === 0) return;
    const ids = [...byTrack.keys()];
    const rows = [...byTrack].flatMap(([trackId, scores]) => scores.map((s) => ({ trackId, ...s })));
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM track_genres WHERE model_id = $1 AND track_id = ANY($2::uuid[])`, [modelId, ids]);
      if (!rows.length) return;
      await tx.query(
        `INSERT INTO track_genres (track_id, model_id, label, score)
         SELECT r.track_id, $1, r.label, r.score FROM unnest($2::uuid[], $3::text[], $4::float8[]) AS r(track_id, label, score)`,
        [modelId, rows.map((r) => r.trackId), rows.map((r) => r.label), rows.map((r) => r.score)],
      );
    });
  }

  /** Each track's distribution, best first (empty when not computed yet). */
  async findByTrackIds(modelId: number, trackIds: readonly string[]): Promise<GenreScore[][]> {
    if (!trackIds.length) return [];
    const rows = await this.db.query<{ track_id: string; label: string; score: number }>(
      `SELECT track_id, label, score FROM track_genres WHERE model_id = $1 AND track_id = ANY($2::uuid[])
        ORDER BY track_id, score DESC, label`,
      [modelId, [...trackIds]],
    );
    const by = new Map<string, GenreScore[]>();
    for (const r of rows) {
      const list = by.get(r.track_id) ?? [];
      list.push({ label: r.label, score: Number(r.score) });
      by.set(r.track_id, list);
    }
    return trackIds.map((id) => by.get(id) ?? []);
  }
}
