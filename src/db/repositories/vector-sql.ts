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
