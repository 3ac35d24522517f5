import pg from "pg";
import { DatabaseUnavailableError, isConnectionLoss, isReadOnlyStatement, OUTAGE_WORDING } from "./connection-loss.ts";
import { DEFAULT_VECTOR_INDEX, type Database, type Queryable, type TransactionOptions, type VectorIndexSettings } from "./database.ts";

class ClientQueryable implements Queryable {
  constructor(
    private readonly client: pg.PoolClient,
    readonly vectorIndex: VectorIndexSettings,
  ) {}

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.client.query(sql, params as unknown[]);
    return result.rows as R[];
  }
}

/** BEGIN itself failed on a dead connection: nothing of the transaction ran, so it may be retried. */
class NotBegun extends Error {}

/**
 * A real PostgreSQL server (with the pgvector extension installed) through a `pg` Pool.
 *
 * A backend can die under any statement (pg_terminate_backend, a failover, a reset socket). The
 * pool then discards that client, and what is retried here is only what is safe to run twice:
 * - a single read-only statement outside a transaction, once, on a fresh connection;
 * - a transaction declared `readOnly` (the server enforces it), once, from the start;
 * - any transaction whose BEGIN failed (nothing ran yet).
 * Writes are never retried here: a statement or COMMIT lost in flight may have committed, and
 * only the caller knows whether doing it again is harmless (job handlers are idempotent and the
 * queue retries them; API clients get DATABASE_UNAVAILABLE / HTTP 503 and retry).
 */
export class PgDatabase implements Database {
  readonly kind = "postgres" as const;
  /** lost connections seen: retried transparently, or reported as DatabaseUnavailableError */
  readonly connectionLosses = { retried: 0, unavailable: 0 };

  private constructor(
    private readonly pool: pg.Pool,
    readonly vectorIndex: VectorIndexSettings,
  ) {}

  static async open(connectionString: string, opts: { max?: number; applicationName?: string; vectorIndex?: VectorIndexSettings } = {}): Promise<PgDatabase> {
    const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, application_name: opts.applicationName ?? "tunelens" });
    // An idle client that loses its backend (server restart, pg_terminate_backend) emits 'error';
    // without a listener Node would crash the process. The pool discards the client itself.
    pool.on("error", () => {});
    const client = await pool.connect();
    client.release();
    return new PgDatabase(pool, opts.vectorIndex ?? DEFAULT_VECTOR_INDEX);
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query(sql, params as unknown[])).rows as R[];
    } catch (err) {
      if (!isConnectionLoss(err)) throw err;
      if (!isReadOnlyStatement(sql)) throw this.unavailable(lost(err, "while a write was in flight (it may or may not have been applied)"));
      this.connectionLosses.retried++;
      await settle();
      try {
        return (await this.pool.query(sql, params as unknown[])).rows as R[];
      } catch (again) {
        throw isConnectionLoss(again) ? this.unavailable(lost(again, "twice in a row")) : again;
      }
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    try {
      return await this.runTransaction(fn, opts);
    } catch (err) {
      if (!(err instanceof NotBegun) && !(opts.readOnly && isConnectionLoss(err))) throw this.unavailable(asUnavailable(err));
      this.connectionLosses.retried++;
      await settle();
      try {
        return await this.runTransaction(fn, opts);
      } catch (again) {
        throw this.unavailable(asUnavailable(again));
      }
    }
  }

  private async runTransaction<T>(fn: (tx: Queryable) => Promise<T>, opts: TransactionOptions): Promise<T> {
    // A checked-out client has no pool listener: if its backend dies between two statements (while
    // `fn` computes), it emits 'error', which would crash the process without this one. It is
    // attached inside the callback, synchronously: a backend terminated right as it connected
    // sends its error in the same packet as ReadyForQuery, before a promise's continuation runs.
    let broken: unknown = null;
    const onError = (err: unknown) => (broken = err);
    const client = await new Promise<pg.PoolClient>((resolve, reject) =>
      this.pool.connect((err, c) => {
        if (err || !c) return reject(err && isConnectionLoss(err) ? new NotBegun("could not connect", { cause: err }) : err);
        c.on("error", onError);
        resolve(c);
      }),
    );
    try {
      try {
        await client.query(opts.readOnly ? "BEGIN READ ONLY" : "BEGIN");
      } catch (err) {
        throw isConnectionLoss(err) ? new NotBegun("BEGIN failed", { cause: err }) : err;
      }
      const value = await fn(new ClientQueryable(client, this.vectorIndex));
      await client.query("COMMIT").catch((err: unknown) => {
        throw isConnectionLoss(err) ? lost(err, "during COMMIT (the outcome is unknown)") : err;
      });
      return value;
    } catch (err) {
      if (isConnectionLoss(err) || (err instanceof NotBegun)) broken ??= err;
      else await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.off("error", onError);
      // Releasing with an error makes the pool destroy the client instead of reusing a dead one.
      client.release(broken ? (broken instanceof Error ? broken : new Error(String(broken))) : undefined);
    }
  }

  private unavailable(err: unknown): unknown {
    if (err instanceof DatabaseUnavailableError) this.connectionLosses.unavailable++;
    return err;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Lets pending socket events run before a retry: idle clients killed together with the one that
 * failed (pg_terminate_backend on every backend, a restart) have their termination notice queued,
 * and the pool drops them only once it is read; retrying at once could pick one of them.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function lost(err: unknown, when: string): DatabaseUnavailableError {
  if (err instanceof DatabaseUnavailableError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DatabaseUnavailableError(`${OUTAGE_WORDING} ${when}: ${message}`, { cause: err });
}

/** What leaves a transaction: connection losses as DatabaseUnavailableError, anything else as is. */
function asUnavailable(err: unknown): unknown {
  if (err instanceof NotBegun) return lost(err.cause, "before the transaction began");
  return isConnectionLoss(err) ? lost(err, "during a transaction (rolled back)") : err;
}
