import pgvector from "pgvector";
import type { VectorIndexSettings } from "../database.ts";

/** pgvector text form of a vector, passed as a bound parameter and cast with `::vector(N)`. */
export function vectorParam(v: ArrayLike<number>): string {
  return pgvector.toSql(Array.from(v)) as string;
}

export function parseVector(value: unknown): Float32Array {
  if (typeof value === "string") return Float32Array.from(pgvector.fromSql(value) as number[]);
  if (Array.isArray(value)) return Float32Array.from(value as number[]);
  throw new TypeError(`not a vector: ${typeof value}`);
}

/**
 * Dimensions and model ids are interpolated into vector SQL because a partial HNSW index over
 * `embedding::vector(N) WHERE model_id = K` is only chosen when the planner sees the literals.
 * Both come from our own `models` table; this guard makes sure nothing else ever gets in.
 */
export function sqlInt(n: number, what: string): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`invalid ${what}: ${n}`);
  return String(n);
}

/** How the HNSW indexes store vectors (database.ts VectorIndexSettings). */
export type VectorIndexStorage = VectorIndexSettings["storage"];

/** The cast an index expression and its queries share, e.g. `halfvec(256)`. */
export function indexCast(storage: VectorIndexStorage, dims: string): string {
  return `${storage}(${dims})`;
}

/** HNSW graph parameters of the served indexes (model.repository.ts ensureVectorIndexes). */
export const HNSW_M = 16;
export const HNSW_EF_CONSTRUCTION = 128;
/**
 * The served HNSW index on `embeddings`: the model's rows of one kind (`where`), cast to the
 * model's dimension in the configured storage, with the served graph parameters. The global
 * per-model index and the per-catalog ones (catalog-index.repository.ts) differ only in name and
 * predicate, so both are built from here. Callers pass only validated identifiers and literals.
 */
export function createHnswIndexSql(
  name: string,
  storage: VectorIndexStorage,
  dims: string,
  where: string,
  graph: { m: number; efConstruction: number } = { m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION },
): string {
  return `CREATE INDEX IF NOT EXISTS ${name}
           ON embeddings USING hnsw ((embedding::${indexCast(storage, dims)}) ${storage}_cosine_ops)
           WITH (m = ${sqlInt(graph.m, "m")}, ef_construction = ${sqlInt(graph.efConstruction, "ef_construction")})
           WHERE ${where}`;
}
