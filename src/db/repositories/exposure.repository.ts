import type { Queryable } from "../database.ts";

export type ExposureSurface = "searchTracks" | "similarTracks" | "searchByAudio" | "searchByVector";

/** One ranked answer (one page) served under an experiment. */
export interface ExposureRow {
  queryId: string;
  experimentId: number;
  unitId: string;
  variant: string;
  surface: ExposureSurface;
  /** rank of trackIds[0] */
  firstRank: number;
  trackIds: string[];
  /** interleaving: team of each position from rank 1 to the page's last rank */
  teams: Array<"A" | "B"> | null;
  servedAt: Date;
}

interface StoredRow {
  query_id: string;
  unit_id: string;
  variant: string;
  first_rank: number;
  track_ids: string[];
  teams: Array<"A" | "B"> | null;
}

export class ExposureRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Writes a batch in one statement (rows travel as one JSON parameter, so the statement text
   * does not depend on the batch size). A query id already stored is skipped, which makes a
   * retried flush harmless.
   */
  async insertMany(rows: readonly ExposureRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const json = rows.map((r) => ({
      query_id: r.queryId,
      experiment_id: r.experimentId,
      unit_id: r.unitId,
      variant: r.variant,
      surface: r.surface,
      first_rank: r.firstRank,
      track_ids: r.trackIds,
      teams: r.teams,
      served_at: r.servedAt.toISOString(),
    }));
    const inserted = await this.db.query(
      `INSERT INTO exposures (query_id, experiment_id, unit_id, variant, surface, first_rank, track_ids, teams, served_at)
       SELECT query_id, experiment_id, unit_id, variant, surface, first_rank, track_ids, teams, served_at
         FROM jsonb_to_recordset($1::jsonb) AS x(query_id uuid, experiment_id integer, unit_id text, variant text,
              surface text, first_rank integer, track_ids uuid[], teams text[], served_at timestamptz)
       ON CONFLICT (query_id) DO NOTHING
       RETURNING query_id`,
      [JSON.stringify(json)],
    );
    return inserted.length;
  }

  /** Every exposure of an experiment, oldest first (what its report reads). */
  async forExperiment(experimentId: number): Promise<Array<Omit<ExposureRow, "experimentId" | "surface" | "servedAt">>> {
    const rows = await this.db.query<StoredRow>(
      `SELECT query_id, unit_id, variant, first_rank, track_ids, teams FROM exposures
        WHERE experiment_id = $1 ORDER BY served_at, query_id`,
      [experimentId],
    );
    return rows.map((r) => ({
      queryId: r.query_id,
      unitId: r.unit_id,
      variant: r.variant,
      firstRank: Number(r.first_rank),
      trackIds: r.track_ids,
      teams: r.teams,
    }));
  }
}
