import type { Queryable } from "../database.ts";
import { CatalogIndexRepository } from "./catalog-index.repository.ts";
import { createHnswIndexSql, sqlInt } from "./vector-sql.ts";
import { EMBEDDING_KINDS, type ModelRecord } from "./model-record.ts";

// Re-exported: callers import the model types from the repository, as before the split.
export { EMBEDDING_KINDS, type EmbeddingKind, type ModelRecord } from "./model-record.ts";

interface ModelRow {
  id: number;
  version: string;
  name: string;
  dimensions: number;
  active: boolean;
  metrics: Record<string, unknown>;
}

const toRecord = (r: ModelRow): ModelRecord => ({ ...r, id: Number(r.id), dimensions: Number(r.dimensions) });

export class ModelRepository {
  constructor(private readonly db: Queryable) {}

  async findByVersion(version: string): Promise<ModelRecord | null> {
    const rows = await this.db.query<ModelRow>(
      `SELECT id, version, name, dimensions, active, metrics FROM models WHERE version = $1`,
      [version],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findActive(): Promise<ModelRecord | null> {
    const rows = await this.db.query<ModelRow>(
      `SELECT id, version, name, dimensions, active, metrics FROM models WHERE active`,
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(): Promise<ModelRecord[]> {
    const rows = await this.db.query<ModelRow>(
      `SELECT id, version, name, dimensions, active, metrics FROM models ORDER BY id`,
    );
    return rows.map(toRecord);
  }

  /** Records a model version (idempotent); a version's dimensions can never change. */
  async register(m: { version: string; name: string; dimensions: number; metrics: Record<string, unknown> }): Promise<ModelRecord> {
    await this.db.query(
      `INSERT INTO models (version, name, dimensions, metrics) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (version) DO NOTHING`,
      [m.version, m.name, m.dimensions, JSON.stringify(m.metrics)],
    );
    const stored = await this.findByVersion(m.version);
    if (!stored) throw new Error(`model ${m.version} could not be registered`);
    if (stored.dimensions !== m.dimensions) {
      throw new Error(
        `model ${m.version} is registered with ${stored.dimensions} dimensions but the files say ${m.dimensions}`,
      );
    }
    return stored;
  }

  /** Makes `modelId` the one active model (callers run this inside a transaction). */
  async activate(modelId: number): Promise<void> {
    await this.db.query(`UPDATE models SET active = false WHERE active AND id <> $1`, [modelId]);
    await this.db.query(`UPDATE models SET active = true WHERE id = $1`, [modelId]);
  }

  /**
   * One partial HNSW index per (model, kind): the column is an untyped `vector`, so each index
   * casts to the model's dimension and covers only that model's rows. ef_construction 128 (pgvector's
   * default is 64): docs/performance.md's sweep reached recall@10 0.95 at a lower ef_search with it,
   * for about twice the build time. Catalogs registered for per-catalog indexes
   * (catalog-index.repository.ts) get theirs too, so a model activated later is indexed like the others.
   */
  async ensureVectorIndexes(model: ModelRecord): Promise<void> {
    const id = sqlInt(model.id, "model id");
    const dim = sqlInt(model.dimensions, "dimensions");
    // TUNELENS_VECTOR_INDEX=halfvec: the index holds 2-byte floats (a differently named index, so
    // switching builds the other one instead of reusing a mismatched one)
    const storage = this.db.vectorIndex.storage;
    const suffix = storage === "halfvec" ? "_half" : "";
    for (const kind of EMBEDDING_KINDS) {
      await this.db.query(createHnswIndexSql(`embeddings_hnsw_m${id}_${kind}${suffix}`, storage, dim, `model_id = ${id} AND kind = '${kind}'`));
    }
    await new CatalogIndexRepository(this.db).ensureForModel(model);
  }
}
