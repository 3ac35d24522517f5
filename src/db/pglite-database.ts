import { mkdir } from "node:fs/promises";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { DEFAULT_VECTOR_INDEX, type Database, type Queryable, type VectorIndexSettings } from "./database.ts";

class PgliteQueryable implements Queryable {
  constructor(
    private readonly conn: PGlite | Transaction,
    readonly vectorIndex: VectorIndexSettings,
  ) {}

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.conn.query<R>(sql, params as unknown[]);
    return result.rows;
  }
}

/**
 * Embedded Postgres (WASM) with pgvector. A PGlite data directory must only ever be opened by one
 * process at a time; `serve` owns it, and other CLI commands hand work to the running server.
 */
export class PgliteDatabase implements Database {
  readonly kind = "pglite" as const;
  private readonly root: PgliteQueryable;

  private constructor(
    private readonly pg: PGlite,
    readonly vectorIndex: VectorIndexSettings,
  ) {
    this.root = new PgliteQueryable(pg, vectorIndex);
  }

  /** `dataDir` undefined → in memory (tests); otherwise persisted in that folder. */
  static async open(dataDir?: string, vectorIndex: VectorIndexSettings = DEFAULT_VECTOR_INDEX): Promise<PgliteDatabase> {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const pg = await PGlite.create(dataDir ?? "memory://", { extensions: { vector } });
    return new PgliteDatabase(pg, vectorIndex);
  }

  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return this.root.query<R>(sql, params);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => fn(new PgliteQueryable(tx, this.vectorIndex)));
  }

  async close(): Promise<void> {
    await this.pg.close();
  }
}
