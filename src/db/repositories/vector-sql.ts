import pgvector from "pgvector";

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

/**
 * How the HNSW indexes store vectors (`TUNELENS_VECTOR_INDEX`): `vector` (4-byte floats) or
 * `halfvec` (2-byte floats: about half the index size and build memory, recall within a few
 * thousandths on 256-d embeddings — see docs/performance.md). Only the index and the candidate
 * scan use it; candidates are re-scored at full precision. Read per call so a process started with
 * the variable set builds and searches the matching index.
 */
export type VectorIndexStorage = "vector" | "halfvec";

export function vectorIndexStorage(env: NodeJS.ProcessEnv = process.env): VectorIndexStorage {
  const v = env.TUNELENS_VECTOR_INDEX ?? "";
  if (v === "" || v === "vector") return "vector";
  if (v === "halfvec") return "halfvec";
  throw new Error(`TUNELENS_VECTOR_INDEX must be vector or halfvec, got ${v}`);
}

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

/** Default least ef_search: pgvector's 40 gave recall@10 0.66 at 100k tracks (docs/performance.md). */
export const DEFAULT_HNSW_EF_SEARCH = 100;

/**
 * The least `hnsw.ef_search` a search uses (`TUNELENS_HNSW_EF_SEARCH`, default 100; a page deeper
 * than it raises it). Recall grows and latency with it: docs/performance.md measures recall@10 and
 * latency at several values on the production index.
 */
export function hnswEfSearch(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TUNELENS_HNSW_EF_SEARCH ?? "";
  if (raw === "") return DEFAULT_HNSW_EF_SEARCH;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`TUNELENS_HNSW_EF_SEARCH must be an integer 1–1000, got ${raw}`);
  return n;
}
