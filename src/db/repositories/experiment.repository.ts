import type { Queryable } from "../database.ts";

export type ExperimentKind = "ab" | "interleaving";
export type ExperimentStatus = "running" | "stopped" | "archived";

/**
 * How one variant ranks. Stored as JSON so that fields can be added (issue 10 adds a model name)
 * without a migration; the service validates it on the way in.
 */
export interface StoredRanking {
  signal: "audio" | "description" | "fused" | "hybrid";
  alpha: number;
  mmrLambda?: number | null;
  /** the model (name or version) this variant ranks with; absent = the active model */
  model?: string | null;
}

export interface StoredVariant {
  name: string;
  weight: number;
  ranking: StoredRanking;
}

export interface ExperimentRecord {
  id: number;
  key: string;
  kind: ExperimentKind;
  status: ExperimentStatus;
  coverage: number;
  variants: StoredVariant[];
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ExperimentRow {
  id: number;
  key: string;
  kind: ExperimentKind;
  status: ExperimentStatus;
  coverage: number;
  variants: StoredVariant[];
  description: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = "id, key, kind, status, coverage, variants, description, created_at, updated_at";

const toRecord = (r: ExperimentRow): ExperimentRecord => ({
  id: Number(r.id),
  key: r.key,
  kind: r.kind,
  status: r.status,
  coverage: Number(r.coverage),
  variants: r.variants,
  description: r.description,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export class ExperimentRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts a new experiment; null when the key is taken. */
  async insert(e: { key: string; kind: ExperimentKind; coverage: number; variants: StoredVariant[]; description: string | null }): Promise<ExperimentRecord | null> {
    const rows = await this.db.query<ExperimentRow>(
      `INSERT INTO experiments (key, kind, coverage, variants, description) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [e.key, e.kind, e.coverage, JSON.stringify(e.variants), e.description],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByKey(key: string): Promise<ExperimentRecord | null> {
    const rows = await this.db.query<ExperimentRow>(`SELECT ${COLUMNS} FROM experiments WHERE key = $1`, [key]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Row-locks the experiment for a read-modify-write (call inside a transaction). */
  async findByKeyForUpdate(key: string): Promise<ExperimentRecord | null> {
    const rows = await this.db.query<ExperimentRow>(`SELECT ${COLUMNS} FROM experiments WHERE key = $1 FOR UPDATE`, [key]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(includeArchived: boolean): Promise<ExperimentRecord[]> {
    const rows = await this.db.query<ExperimentRow>(
      `SELECT ${COLUMNS} FROM experiments WHERE $1::boolean OR status <> 'archived' ORDER BY created_at, id`,
      [includeArchived],
    );
    return rows.map(toRecord);
  }

  async update(
    id: number,
    patch: { status: ExperimentStatus; coverage: number; variants: StoredVariant[]; description: string | null },
  ): Promise<ExperimentRecord> {
    const rows = await this.db.query<ExperimentRow>(
      `UPDATE experiments SET status = $2, coverage = $3, variants = $4::jsonb, description = $5, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, patch.status, patch.coverage, JSON.stringify(patch.variants), patch.description],
    );
    if (!rows[0]) throw new Error(`experiment ${id} vanished during update`);
    return toRecord(rows[0]);
  }
}
