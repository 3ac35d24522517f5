import { createHash } from "node:crypto";
import type { Queryable } from "../database.ts";
import { EMBEDDING_KINDS, type EmbeddingKind, type ModelRecord } from "./model-record.ts";
import { createHnswIndexSql, sqlInt, type VectorIndexStorage } from "./vector-sql.ts";

/**
 * Per-catalog partial HNSW indexes (issue #8, docs/scale.md § 3): for a catalog registered in
 * `catalog_indexes`, every model gets one index per kind holding only that catalog's rows, so a
 * search filtered on that one catalog walks a graph of its own tracks instead of skipping past
 * every other tenant's neighbours in the global index.
 *
 * The catalog must appear as a literal in the index predicate (a partial index cannot take a
 * parameter), and catalog names are user data: only names matching CATALOG_NAME_PATTERN — which
 * has no character meaningful inside a single-quoted SQL string — can be indexed. Index names
 * carry a hash of the catalog rather than the name itself, so they stay short and of a fixed shape.
 */
export const CATALOG_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export class InvalidCatalogNameError extends Error {}

/** The catalog as a SQL string literal, or an error when it is not a name that may be indexed. */
export function catalogLiteral(catalog: string): string {
  if (!CATALOG_NAME_PATTERN.test(catalog)) {
    throw new InvalidCatalogNameError(
      `catalog ${JSON.stringify(catalog)} cannot be indexed: a name for a per-catalog index is 1–100 letters, digits, '_', '.', ':' or '-', starting with a letter or digit`,
    );
  }
  return `'${catalog}'`;
}

/** 12 hex digits of SHA-256: 48 bits, ample for the catalogs one database holds. */
export function catalogHash(catalog: string): string {
  return createHash("sha256").update(catalog, "utf8").digest("hex").slice(0, 12);
}

/**
 * `embeddings_hnsw_m<model>_<kind>_c<hash>[_half]`: at most 17 + 10 + 12 + 14 + 5 = 58 characters,
 * under Postgres's 63. The `_half` suffix mirrors ensureVectorIndexes: switching
 * TUNELENS_VECTOR_INDEX builds the other index rather than reusing one of the wrong type.
 */
export function catalogIndexName(modelId: number, kind: EmbeddingKind, catalog: string, storage: VectorIndexStorage): string {
  const name = `embeddings_hnsw_m${sqlInt(modelId, "model id")}_${kind}_c${catalogHash(catalog)}${storage === "halfvec" ? "_half" : ""}`;
  if (name.length > 63) throw new Error(`index name too long: ${name}`);
  return name;
}

export interface CatalogIndexRow {
  catalog: string;
  modelId: number;
  modelVersion: string;
  kind: EmbeddingKind;
  storage: VectorIndexStorage;
  indexName: string;
  /** false when the catalog is registered but this model's index was not built (yet) */
  exists: boolean;
  bytes: number | null;
  /** rows of this model and kind in the catalog */
  rows: number;
}

export class CatalogIndexRepository {
  constructor(private readonly db: Queryable) {}

  /** Catalogs registered for per-catalog indexes, by name. */
  async catalogs(): Promise<string[]> {
    const rows = await this.db.query<{ catalog: string }>(`SELECT catalog FROM catalog_indexes ORDER BY catalog`);
    return rows.map((r) => r.catalog);
  }

  async isRegistered(catalog: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM catalog_indexes WHERE catalog = $1`, [catalog]);
    return rows.length > 0;
  }

  /** Records the catalog (idempotent); indexes are built by ensureForModel. */
  async register(catalog: string): Promise<void> {
    catalogLiteral(catalog);
    await this.db.query(`INSERT INTO catalog_indexes (catalog) VALUES ($1) ON CONFLICT (catalog) DO NOTHING`, [catalog]);
  }

  /** Forgets the catalog and drops its indexes for every model, in both storages. */
  async unregister(catalog: string, models: readonly ModelRecord[]): Promise<string[]> {
    catalogLiteral(catalog);
    const dropped: string[] = [];
    for (const model of models) {
      for (const kind of EMBEDDING_KINDS) {
        for (const storage of ["vector", "halfvec"] as const) {
          const name = catalogIndexName(model.id, kind, catalog, storage);
          const existed = await this.db.query(`SELECT 1 FROM pg_indexes WHERE tablename = 'embeddings' AND indexname = $1`, [name]);
          if (existed.length === 0) continue;
          await this.db.query(`DROP INDEX IF EXISTS ${name}`);
          dropped.push(name);
        }
      }
    }
    await this.db.query(`DELETE FROM catalog_indexes WHERE catalog = $1`, [catalog]);
    return dropped;
  }

  /**
   * Builds the model's partial index per kind for `catalogs` (default: every registered one), in
   * the database's index storage (Queryable.vectorIndex): the global index's shape (createHnswIndexSql) with
   * `catalog = '<literal>'` added to the predicate. Returns the names it made sure of.
   */
  async ensureForModel(model: ModelRecord, catalogs?: readonly string[]): Promise<string[]> {
    const id = sqlInt(model.id, "model id");
    const dim = sqlInt(model.dimensions, "dimensions");
    const storage = this.db.vectorIndex.storage;
    const names: string[] = [];
    for (const catalog of catalogs ?? (await this.catalogs())) {
      const literal = catalogLiteral(catalog);
      for (const kind of EMBEDDING_KINDS) {
        const name = catalogIndexName(model.id, kind, catalog, storage);
        await this.db.query(createHnswIndexSql(name, storage, dim, `model_id = ${id} AND kind = '${kind}' AND catalog = ${literal}`));
        names.push(name);
      }
    }
    return names;
  }

  /** Every (registered catalog, model, kind) in the current storage, built or not, with sizes. */
  async list(models: readonly ModelRecord[]): Promise<CatalogIndexRow[]> {
    const storage = this.db.vectorIndex.storage;
    const catalogs = await this.catalogs();
    if (catalogs.length === 0 || models.length === 0) return [];
    const built = new Map(
      (
        await this.db.query<{ name: string; bytes: string }>(
          `SELECT indexname AS name, pg_relation_size(quote_ident(indexname)::regclass)::text AS bytes
             FROM pg_indexes WHERE tablename = 'embeddings' AND indexname LIKE 'embeddings\\_hnsw\\_m%\\_c%'`,
        )
      ).map((r) => [r.name, Number(r.bytes)]),
    );
    const counts = new Map(
      (
        await this.db.query<{ catalog: string; model_id: number; kind: EmbeddingKind; n: string }>(
          `SELECT catalog, model_id, kind, count(*)::text AS n FROM embeddings WHERE catalog = ANY($1::text[])
            GROUP BY catalog, model_id, kind`,
          [catalogs],
        )
      ).map((r) => [`${r.catalog}\u0000${Number(r.model_id)}\u0000${r.kind}`, Number(r.n)]),
    );
    const rows: CatalogIndexRow[] = [];
    for (const catalog of catalogs) {
      for (const model of models) {
        for (const kind of EMBEDDING_KINDS) {
          const indexName = catalogIndexName(model.id, kind, catalog, storage);
          rows.push({
            catalog, modelId: model.id, modelVersion: model.version, kind, storage, indexName,
            exists: built.has(indexName),
            bytes: built.get(indexName) ?? null,
            rows: counts.get(`${catalog}\u0000${model.id}\u0000${kind}`) ?? 0,
          });
        }
      }
    }
    return rows;
  }

  /** Tracks per catalog (what automatic index creation compares with its threshold). */
  async trackCounts(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ catalog: string; n: string }>(`SELECT catalog, count(*)::text AS n FROM tracks GROUP BY catalog`);
    return new Map(rows.map((r) => [r.catalog, Number(r.n)]));
  }
}
