import pg from "pg";
import type { Database, Queryable } from "./database.ts";

class ClientQueryable implements Queryable {
  constructor(private readonly client: pg.PoolClient) {}

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.client.query(sql, params as unknown[]);
    return result.rows as R[];
  }
}

/** A real PostgreSQL server (with the pgvector extension installed) through a `pg` Pool. */
export class PgDatabase implements Database {
  readonly kind = "postgres" as const;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(connectionString: string, opts: { max?: number } = {}): Promise<PgDatabase> {
    const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
    // An idle client that loses its backend (server restart, pg_terminate_backend) emits 'error';
    // without a listener Node would crash the process. The pool discards the client itself.
    pool.on("error", () => {});
    const client = await pool.connect();
    client.release();
    return new PgDatabase(pool);
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as R[];
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const value = await fn(new ClientQueryable(client));
      await client.query("COMMIT");
      return value;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
