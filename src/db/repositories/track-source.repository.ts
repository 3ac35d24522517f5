import type { Queryable } from "../database.ts";

/** Where a track's audio came from, and which file exactly (sql/016_file_identity_and_job_owner.sql). */
export interface TrackSource {
  sourceFile: string | null;
  /** `dev:ino` of the file when it was ingested; null for tracks ingested before it was recorded */
  identity: string | null;
}

export class TrackSourceRepository {
  constructor(private readonly db: Queryable) {}

  async setIdentity(trackId: string, identity: string): Promise<void> {
    await this.db.query(`UPDATE tracks SET source_identity = $2 WHERE id = $1`, [trackId, identity]);
  }

  async find(trackId: string): Promise<TrackSource | null> {
    const rows = await this.db.query<{ source_file: string | null; source_identity: string | null }>(
      `SELECT source_file, source_identity FROM tracks WHERE id = $1`,
      [trackId],
    );
    return rows[0] ? { sourceFile: rows[0].source_file, identity: rows[0].source_identity } : null;
  }
}
