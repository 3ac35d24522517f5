import type { Queryable } from "../database.ts";

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  /** null = every catalog */
  catalogs: string[] | null;
  rateLimitPerMinute: number | null;
  endUserRateLimitPerMinute: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  catalogs: string[] | null;
  rate_limit_per_minute: number | null;
  end_user_rate_limit_per_minute: number | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const toRecord = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  catalogs: r.catalogs ?? null,
  rateLimitPerMinute: r.rate_limit_per_minute ?? null,
  endUserRateLimitPerMinute: r.end_user_rate_limit_per_minute ?? null,
  createdAt: new Date(r.created_at),
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
});

const COLUMNS = "id, name, prefix, scopes, catalogs, rate_limit_per_minute, end_user_rate_limit_per_minute, created_at, last_used_at, revoked_at";

export interface NewApiKey {
  name: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  catalogs?: string[] | null;
  rateLimitPerMinute?: number | null;
  endUserRateLimitPerMinute?: number | null;
}

export class ApiKeyRepository {
  constructor(private readonly db: Queryable) {}

  async insert(k: NewApiKey): Promise<ApiKeyRecord> {
    const rows = await this.db.query<ApiKeyRow>(
      `INSERT INTO api_keys (name, prefix, secret_hash, scopes, catalogs, rate_limit_per_minute, end_user_rate_limit_per_minute)
       VALUES ($1, $2, $3, $4::text[], $5::text[], $6, $7) RETURNING ${COLUMNS}`,
      [k.name, k.prefix, k.secretHash, k.scopes, k.catalogs ?? null, k.rateLimitPerMinute ?? null, k.endUserRateLimitPerMinute ?? null],
    );
    return toRecord(rows[0]);
  }

  /** The live (not revoked) key with this secret hash. */
  async findActiveByHash(secretHash: string): Promise<ApiKeyRecord | null> {
    const rows = await this.db.query<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL`,
      [secretHash],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at`);
    return rows.map(toRecord);
  }

  /**
   * Sets the limits of the live keys with this id or prefix (a field left undefined stays as it
   * is); returns the changed keys.
   */
  async setLimits(idOrPrefix: string, limits: { rateLimitPerMinute?: number; endUserRateLimitPerMinute?: number }): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query<ApiKeyRow>(
      `UPDATE api_keys
          SET rate_limit_per_minute = COALESCE($2, rate_limit_per_minute),
              end_user_rate_limit_per_minute = COALESCE($3, end_user_rate_limit_per_minute)
        WHERE revoked_at IS NULL AND (prefix = $1 OR id::text = $1)
        RETURNING ${COLUMNS}`,
      [idOrPrefix, limits.rateLimitPerMinute ?? null, limits.endUserRateLimitPerMinute ?? null],
    );
    return rows.map(toRecord);
  }

  /** Revokes by id or prefix; returns how many keys it revoked. */
  async revoke(idOrPrefix: string): Promise<number> {
    const rows = await this.db.query(
      `UPDATE api_keys SET revoked_at = now()
        WHERE revoked_at IS NULL AND (prefix = $1 OR id::text = $1) RETURNING id`,
      [idOrPrefix],
    );
    return rows.length;
  }

  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }
}
