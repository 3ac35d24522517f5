import type { Queryable } from "../database.ts";

/** Kinds of interaction a client reports on a ranked answer. */
export type InteractionType = "CLICK" | "PLAY" | "SKIP" | "LIKE";

/** All interaction kinds, in a stable order for per-kind counts. */
export const INTERACTION_TYPES: readonly InteractionType[] = ["CLICK", "PLAY", "SKIP", "LIKE"];

export interface NewInteraction {
  queryId: string;
  trackId: string | null;
  type: InteractionType;
  position: number;
  dwellMs: number | null;
}

export interface InteractionRow extends NewInteraction {
  id: string;
  createdAt: Date;
}

interface StoredRow {
  id: string | number;
  query_id: string;
  track_id: string | null;
  type: InteractionType;
  position: number;
  dwell_ms: number | null;
  created_at: Date | string;
}

const toRow = (r: StoredRow): InteractionRow => ({
  id: String(r.id),
  queryId: r.query_id,
  trackId: r.track_id,
  type: r.type,
  position: Number(r.position),
  dwellMs: r.dwell_ms === null ? null : Number(r.dwell_ms),
  createdAt: new Date(r.created_at),
});

export class InteractionRepository {
  constructor(private readonly db: Queryable) {}

  async insert(i: NewInteraction): Promise<InteractionRow> {
    const rows = await this.db.query<StoredRow>(
      `INSERT INTO interactions (query_id, track_id, type, position, dwell_ms) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, query_id, track_id, type, position, dwell_ms, created_at`,
      [i.queryId, i.trackId, i.type, i.position, i.dwellMs],
    );
    return toRow(rows[0]);
  }

  /** Interactions with the answers an experiment served (joined through its exposures). */
  async forExperiment(experimentId: number): Promise<InteractionRow[]> {
    const rows = await this.db.query<StoredRow>(
      `SELECT i.id, i.query_id, i.track_id, i.type, i.position, i.dwell_ms, i.created_at
         FROM interactions i JOIN exposures x ON x.query_id = i.query_id
        WHERE x.experiment_id = $1 ORDER BY i.id`,
      [experimentId],
    );
    return rows.map(toRow);
  }
}
