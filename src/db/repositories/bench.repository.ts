import type { Database, Queryable } from "../database.ts";
import type { ModelRecord } from "./model.repository.ts";
import { trackFilterSql, type TrackFilter } from "./track-filter-sql.ts";
import { createHnswIndexSql, sqlInt, vectorParam } from "./vector-sql.ts";

/** The scratch database `tunelens bench` creates on a real server and drops at the end. */
export const BENCH_DATABASE = "tunelens_bench";

/** One synthetic track with its two vectors (see src/bench/synthetic-catalog.ts). */
export interface BenchTrackRow {
  id: string;
  externalId: string;
  catalog: string;
  metadata: Record<string, unknown>;
  audio: Float32Array;
  description: Float32Array;
}

export type IterativeScan = "off" | "relaxed_order" | "strict_order";
export type VectorStorage = "vector" | "halfvec";

export interface AnnSettings {
  efSearch: number;
  iterative: IterativeScan;
  maxScanTuples?: number;
}

/**
 * SQL the benchmark needs beyond the service's own repositories: scratch database lifecycle,
 * bulk loading, index (re)builds with their sizes, and single-signal k-NN statements whose
 * settings (ef_search, iterative scans, index scans off for the exact baseline) it varies.
 * Identifiers and dimensions are interpolated only through `sqlInt` or fixed names; values are
 * always bound parameters.
 */
export class BenchRepository {
  constructor(private readonly db: Database) {}

  /** Drops and recreates the scratch database through a connection to another database. */
  static async recreateDatabase(admin: Queryable): Promise<void> {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  }

  static async dropDatabase(admin: Queryable): Promise<void> {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  }

  /** HNSW indexes on `embeddings` (dropped before a bulk load: inserting into them is ~20× slower). */
  async dropEmbeddingHnswIndexes(): Promise<string[]> {
    const rows = await this.db.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' AND indexdef ILIKE '%USING hnsw%'`,
    );
    for (const r of rows) await this.db.query(`DROP INDEX IF EXISTS ${quoteIdent(r.indexname)}`);
    return rows.map((r) => r.indexname);
  }

  /**
   * The served model's two global indexes (same names and predicates as ModelRepository
   * ensureVectorIndexes) rebuilt with other graph parameters: what a served m / ef_construction
   * would give (scripts/recall-served.ts).
   */
  async rebuildServedIndexes(model: ModelRecord, graph: { m: number; efConstruction: number }): Promise<void> {
    const id = sqlInt(model.id, "model id");
    const dim = sqlInt(model.dimensions, "dimensions");
    const storage = this.db.vectorIndex.storage;
    await this.dropEmbeddingHnswIndexes();
    for (const kind of ["audio", "description"] as const) {
      await this.withBuildMemory((tx) =>
        tx.query(createHnswIndexSql(`embeddings_hnsw_m${id}_${kind}${storage === "halfvec" ? "_half" : ""}`, storage, dim, `model_id = ${id} AND kind = '${kind}'`, graph)),
      );
    }
    await this.analyze();
  }

  /** Multi-row insert of tracks and both embeddings through `unnest` of array parameters. */
  async insertBatch(model: ModelRecord, rows: readonly BenchTrackRow[]): Promise<void> {
    const d = sqlInt(model.dimensions, "dimensions");
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO tracks (id, catalog, external_id, title, content_hash, metadata)
         SELECT id, catalog, ext, ext, 'bench:' || ext, meta
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) AS u(id, catalog, ext, meta)`,
        [rows.map((r) => r.id), rows.map((r) => r.catalog), rows.map((r) => r.externalId), rows.map((r) => JSON.stringify(r.metadata))],
      );
      // text[] cast per element: a JS array bound as $1::vector[] is not accepted by pg (measured with pg 8 and pgvector 0.8)
      await tx.query(
        `INSERT INTO embeddings (track_id, model_id, kind, embedding)
         SELECT id, $1::int, k, v::vector(${d})
           FROM unnest($2::uuid[], $3::text[], $4::text[]) AS u(id, k, v)`,
        [
          model.id,
          [...rows.map((r) => r.id), ...rows.map((r) => r.id)],
          [...rows.map(() => "audio"), ...rows.map(() => "description")],
          [...rows.map((r) => vectorParam(r.audio)), ...rows.map((r) => vectorParam(r.description))],
        ],
      );
    });
  }

  async analyze(): Promise<void> {
    await this.db.query(`ANALYZE tracks`);
    await this.db.query(`ANALYZE embeddings`);
  }

  /** Runs `fn` (index builds) with memory for the HNSW graph, so the build never spills to disk. */
  async withBuildMemory<T>(fn: (tx: Queryable) => Promise<T>, memory = "1GB"): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('maintenance_work_mem', $1, true)`, [memory]);
      return fn(tx);
    });
  }

  /** Sizes of the HNSW indexes on a table, in bytes. */
  async hnswIndexSizes(table: "embeddings" | "bench_vectors"): Promise<Array<{ name: string; bytes: number }>> {
    const rows = await this.db.query<{ name: string; bytes: string }>(
      `SELECT indexname AS name, pg_relation_size(quote_ident(indexname)::regclass)::text AS bytes
         FROM pg_indexes WHERE tablename = $1 AND indexdef ILIKE '%USING hnsw%' ORDER BY indexname`,
      [table],
    );
    return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  }

  async tableBytes(table: "embeddings" | "bench_vectors"): Promise<number> {
    const rows = await this.db.query<{ bytes: string }>(`SELECT pg_table_size($1::regclass)::text AS bytes`, [table]);
    return Number(rows[0]?.bytes ?? 0);
  }

  /**
   * The production candidate statement of one signal (audio) over `embeddings`, with an optional
   * track filter built by the service's own filter SQL. `exact` turns index scans off, so the
   * planner sorts every row: the exact baseline.
   */
  async nearestAudio(
    model: ModelRecord,
    query: Float32Array,
    k: number,
    opts: { filter?: TrackFilter | null; settings?: AnnSettings; exact?: boolean; storage?: VectorStorage },
  ): Promise<string[]> {
    const m = sqlInt(model.id, "model id");
    const d = sqlInt(model.dimensions, "dimensions");
    const params: unknown[] = [vectorParam(query), k];
    const filterSql = opts.filter ? trackFilterSql(opts.filter, "t", params) : "TRUE";
    const cast = opts.storage === "halfvec" ? `halfvec(${d})` : `vector(${d})`;
    const sql = `SELECT c.track_id FROM embeddings c${opts.filter ? " JOIN tracks t ON t.id = c.track_id" : ""}
                  WHERE c.model_id = ${m} AND c.kind = 'audio' AND ${filterSql}
                  ORDER BY c.embedding::${cast} <=> $1::${cast}
                  LIMIT $2`;
    const rows = await this.db.transaction(async (tx) => {
      await applySettings(tx, opts.settings, opts.exact);
      return tx.query<{ track_id: string }>(sql, params);
    });
    return rows.map((r) => r.track_id);
  }

  /** Does the planner answer this statement from an HNSW index? (EXPLAIN, for the report) */
  async usesHnsw(model: ModelRecord, query: Float32Array, filter: TrackFilter | null, settings: AnnSettings): Promise<boolean> {
    const m = sqlInt(model.id, "model id");
    const d = sqlInt(model.dimensions, "dimensions");
    const params: unknown[] = [vectorParam(query)];
    const filterSql = filter ? trackFilterSql(filter, "t", params) : "TRUE";
    const rows = await this.db.transaction(async (tx) => {
      await applySettings(tx, settings, false);
      return tx.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT c.track_id FROM embeddings c${filter ? " JOIN tracks t ON t.id = c.track_id" : ""}
          WHERE c.model_id = ${m} AND c.kind = 'audio' AND ${filterSql}
          ORDER BY c.embedding::vector(${d}) <=> $1::vector(${d}) LIMIT 10`,
        params,
      );
    });
    return rows.some((r) => /hnsw/i.test(Object.values(r).join(" ")));
  }

  // ---- bench_vectors: a plain copy of the audio vectors for index-parameter sweeps ----

  /** (Re)creates `bench_vectors (id, catalog, embedding vector(N))` from the audio embeddings. */
  async createSweepTable(model: ModelRecord): Promise<void> {
    const m = sqlInt(model.id, "model id");
    const d = sqlInt(model.dimensions, "dimensions");
    await this.db.query(`DROP TABLE IF EXISTS bench_vectors`);
    await this.db.query(
      `CREATE TABLE bench_vectors AS
         SELECT (t.external_id) AS id, t.catalog, e.embedding::vector(${d}) AS embedding
           FROM embeddings e JOIN tracks t ON t.id = e.track_id
          WHERE e.model_id = ${m} AND e.kind = 'audio'`,
    );
    await this.db.query(`ANALYZE bench_vectors`);
  }

  async dropSweepIndexes(): Promise<void> {
    const rows = await this.db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'bench_vectors'`);
    for (const r of rows) await this.db.query(`DROP INDEX IF EXISTS ${quoteIdent(r.indexname)}`);
  }

  /**
   * One HNSW index on bench_vectors; `catalog` makes it partial (pgvector's advice for
   * multi-tenant recall: a per-tenant index answers a tenant's query from that tenant's graph).
   */
  async buildSweepIndex(p: { dims: number; m: number; efConstruction: number; storage: VectorStorage; catalog?: string }): Promise<number> {
    const d = sqlInt(p.dims, "dimensions");
    const m = sqlInt(p.m, "m");
    const efc = sqlInt(p.efConstruction, "ef_construction");
    const expr = p.storage === "halfvec" ? `(embedding::halfvec(${d})) halfvec_cosine_ops` : `embedding vector_cosine_ops`;
    // the catalog is a bound value in every query; in DDL it must be a literal, so it is checked
    if (p.catalog !== undefined && !/^[\w-]{1,40}$/.test(p.catalog)) throw new Error(`invalid catalog name ${p.catalog}`);
    const where = p.catalog !== undefined ? ` WHERE catalog = '${p.catalog}'` : "";
    const name = `bench_vectors_hnsw_${p.storage}_m${m}_efc${efc}${p.catalog !== undefined ? "_part" : ""}`;
    const started = performance.now();
    await this.withBuildMemory((tx) =>
      tx.query(`CREATE INDEX ${name} ON bench_vectors USING hnsw (${expr}) WITH (m = ${m}, ef_construction = ${efc})${where}`),
    );
    return performance.now() - started;
  }

  async sweepQuery(query: Float32Array, k: number, opts: { dims: number; storage: VectorStorage; settings: AnnSettings; catalog?: string }): Promise<string[]> {
    const d = sqlInt(opts.dims, "dimensions");
    const cast = opts.storage === "halfvec" ? `halfvec(${d})` : `vector(${d})`;
    const col = opts.storage === "halfvec" ? `embedding::${cast}` : "embedding";
    const params: unknown[] = [vectorParam(query), k];
    let where = "";
    if (opts.catalog !== undefined) {
      params.push(opts.catalog);
      where = `WHERE catalog = $3`;
    }
    const rows = await this.db.transaction(async (tx) => {
      await applySettings(tx, opts.settings, false);
      return tx.query<{ id: string }>(`SELECT id FROM bench_vectors ${where} ORDER BY ${col} <=> $1::${cast} LIMIT $2`, params);
    });
    return rows.map((r) => r.id);
  }
}

/** Per-query settings inside the statement's transaction, never on a pooled session. */
async function applySettings(tx: Queryable, s: AnnSettings | undefined, exact = false): Promise<void> {
  if (exact) {
    await tx.query(`SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
    return;
  }
  if (!s) return;
  await tx.query(
    `SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', $2, true), set_config('hnsw.max_scan_tuples', $3, true)`,
    [String(s.efSearch), s.iterative, String(s.maxScanTuples ?? 20_000)],
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
