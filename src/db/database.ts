/**
 * The one database interface every repository is written against. Two implementations exist
 * (embedded PGlite and a `pg` Pool against a real server); SQL text is identical for both.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * How this database's HNSW indexes are built and searched. Fixed when the database is opened
   * (from Config.vectorIndex) and handed to every transaction, so each repository built on this
   * handle, inside a transaction or not, agrees with the indexes without reading settings itself.
   */
  readonly vectorIndex: VectorIndexSettings;
}

/**
 * `storage`: how the HNSW indexes store vectors (TUNELENS_VECTOR_INDEX): `vector` (4-byte floats)
 * or `halfvec` (2-byte floats: about half the index size and build memory, recall within a few
 * thousandths on 256-d embeddings — docs/performance.md). Only the index and the candidate scan
 * use it; candidates are re-scored at full precision.
 * `efSearch`: the least `hnsw.ef_search` of a search (TUNELENS_HNSW_EF_SEARCH; a page deeper than
 * it raises it). Recall grows with it, and latency.
 * `singleSignalEfSearch`: the least `hnsw.ef_search` when ONE signal's index is scanned (an AUDIO or
 * DESCRIPTION ranking, or a query with one vector; TUNELENS_HNSW_EF_SEARCH_SINGLE). A fused pool
 * re-scores the union of two scans and reached recall@10 0.97 at ef_search 128 on 100k tracks; one
 * scan alone reached 0.88 there and needs a deeper list for 0.95 (docs/performance.md).
 */
export interface VectorIndexSettings {
  storage: "vector" | "halfvec";
  efSearch: number;
  singleSignalEfSearch: number;
}

/** Default least ef_search: pgvector's 40 gave recall@10 0.66 at 100k tracks (docs/performance.md). */
export const DEFAULT_HNSW_EF_SEARCH = 100;

/** Default least ef_search of a single-signal pool: see VectorIndexSettings and docs/performance.md. */
export const DEFAULT_HNSW_EF_SEARCH_SINGLE = 1000;

/** What a database opened without settings (tests, tools) uses; Config has the same defaults. */
export const DEFAULT_VECTOR_INDEX: VectorIndexSettings = Object.freeze({
  storage: "vector",
  efSearch: DEFAULT_HNSW_EF_SEARCH,
  singleSignalEfSearch: DEFAULT_HNSW_EF_SEARCH_SINGLE,
});

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

/**
 * The same database as a process configured with other index settings sees it
 * (TUNELENS_VECTOR_INDEX, TUNELENS_HNSW_EF_SEARCH): one connection; repositories built on the view
 * read `vectorIndex` from it. Lets one database show both storages, or a sweep vary ef_search.
 */
export function withVectorIndex(db: Database, vectorIndex: VectorIndexSettings): Database {
  return {
    kind: db.kind,
    vectorIndex,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn, opts) => db.transaction((tx) => fn({ vectorIndex, query: (sql, params) => tx.query(sql, params) }), opts),
    close: () => db.close(),
  };
}
