import type { Queryable } from "../database.ts";
import { unstorableText } from "../storable-text.ts";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a row cannot be stored (it would fail its statement), or null. */
export function invalidExposure(r: ExposureRow): string | null {
  if (!UUID_RE.test(r.queryId)) return "queryId is not a UUID";
  if (!r.trackIds.every((id) => UUID_RE.test(id))) return "a track id is not a UUID";
  for (const [name, value] of [["unitId", r.unitId], ["variant", r.variant]] as const) {
    const why = typeof value === "string" ? unstorableText(value) : "is not a string";
    if (why) return `${name} ${why}`;
  }
  if (!Number.isInteger(r.experimentId) || !Number.isInteger(r.firstRank)) return "experimentId and firstRank must be integers";
  if (Number.isNaN(r.servedAt.getTime())) return "servedAt is not a date";
  return null;
}

/**
 * SQLSTATE class 22 (data exception: untranslatable character, invalid text…) or 23 (integrity:
 * the experiment was deleted meanwhile): this row will never be stored, however often it is tried.
 */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23]/.test(code);
}

export interface ExposureWrite {
  inserted: number;
  /** rows that can never be stored (each with why): the caller drops them instead of retrying */
  rejected: Array<{ row: ExposureRow; reason: string }>;
}

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
   * retried flush harmless. One bad row must not block the rest: rows that cannot be stored are
   * set aside before the statement, and should the statement still fail for a reason other than
   * a lost connection, the rows are written one by one and those that fail are set aside too.
   */
  async insertMany(rows: readonly ExposureRow[]): Promise<ExposureWrite> {
    const rejected: ExposureWrite["rejected"] = [];
    const valid: ExposureRow[] = [];
    for (const row of rows) {
      const reason = invalidExposure(row);
      if (reason) rejected.push({ row, reason });
      else valid.push(row);
    }
    if (valid.length === 0) return { inserted: 0, rejected };
    try {
      return { inserted: await this.insertBatch(valid), rejected };
    } catch (err) {
      // Anything but a row the database refuses (an outage, a timeout) is retried by the caller.
      if (!isDataError(err)) throw err;
    }
    let inserted = 0;
    for (const row of valid) {
      try {
        inserted += await this.insertBatch([row]);
      } catch (err) {
        if (!isDataError(err)) throw err;
        rejected.push({ row, reason: (err as Error).message });
      }
    }
    return { inserted, rejected };
  }

  private async insertBatch(rows: readonly ExposureRow[]): Promise<number> {
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
