/**
 * Recognising a lost database connection (backend terminated by pg_terminate_backend or an
 * administrator, server shutting down, socket reset) as opposed to an error of the statement
 * itself (constraint violation, syntax). Only the former may be retried, and the API reports it
 * as DATABASE_UNAVAILABLE (HTTP 503, retry later) instead of an internal error.
 */

/**
 * SQLSTATE classes and codes that mean "this session is gone": 08 connection exception,
 * 57P01 admin_shutdown (pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now.
 */
const LOST_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
const LOST_NODE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTCONN"]);
// node-postgres reports a socket closed under it with these messages and no code.
const LOST_MESSAGES = [/Connection terminated/i, /not queryable/i, /Client was closed/i];

export function isConnectionLoss(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  const code = typeof e.code === "string" ? e.code : "";
  if (LOST_SQLSTATES.has(code) || code.startsWith("08") || LOST_NODE_CODES.has(code)) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return LOST_MESSAGES.some((re) => re.test(message));
}

export const OUTAGE_WORDING = "the database connection was lost";

/**
 * Outside src/db: did this fail because the database connection was lost? The pg implementation
 * turns every such failure into a DatabaseUnavailableError, whose wording is also recognised when
 * a layer re-wrapped it as plain text (the ingest service reports a failed file by message).
 * Stricter than isConnectionLoss: a socket error of an HTTP client (the LLM, a metadata page)
 * is not a database outage.
 */
export function isDatabaseOutage(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const message = err instanceof Error ? err.message : "";
  return message.includes(OUTAGE_WORDING);
}

/**
 * The database connection was lost while a statement or transaction ran. A transaction that did
 * not reach COMMIT was rolled back by the server; one lost during COMMIT has an unknown outcome,
 * which is why writes are never retried here but left to their caller (jobs are idempotent and
 * retried by the queue; API clients retry on 503).
 */
export class DatabaseUnavailableError extends Error {
  readonly code = "DATABASE_UNAVAILABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * Statements that only read: safe to run again after the connection died under them, because
 * running them twice has the same effect as once. Conservative on purpose: anything that might
 * write (a data-modifying CTE, nextval, an advisory lock) is not retried.
 */
export function isReadOnlyStatement(sql: string): boolean {
  if (!/^\s*(SELECT|WITH|SHOW|VALUES|TABLE)\b/i.test(sql)) return false;
  // A statement-local setting (set_config(name, 'literal', true) outside a transaction) ends with
  // the statement, so running it again is harmless: searches carry their HNSW settings this way.
  const withoutLocalSettings = sql.replace(/\bset_config\('[\w.]+',\s*'[^']*',\s*true\)/gi, "");
  return !/\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|nextval|setval|pg_advisory\w*|set_config|pg_terminate_backend|pg_cancel_backend)\b/i.test(withoutLocalSettings);
}
