/**
 * The one database interface every repository is written against. Two implementations exist
 * (embedded PGlite and a `pg` Pool against a real server); SQL text is identical for both.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export type DatabaseKind = "pglite" | "postgres";

export interface TransactionOptions {
  /**
   * `fn` only reads and has no effect outside the transaction. The server enforces it (BEGIN READ
   * ONLY), and the transaction may be run again when the connection is lost under it.
   */
  readOnly?: boolean;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}
