import type { ModelRecord } from "../db/repositories/model.repository.ts";
import { hasDirection, l2Normalize } from "../embedding/vector-norm.ts";
import { InvalidInputError } from "./errors.ts";

/** A float32 overflows past this; a larger (still finite) double would become Infinity in pgvector. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A caller's query vector (searchByVector), checked before any SQL runs: the named model's
 * dimension, finite float32-representable values, and a direction (a zero vector has no cosine).
 * Returned at unit length: cosine ranking ignores scale, and the stored vectors are unit length.
 */
export function checkQueryVector(vector: readonly number[], model: ModelRecord): Float32Array {
  if (vector.length !== model.dimensions) {
    throw new InvalidInputError(`vector has ${vector.length} dimensions; model ${model.version} has ${model.dimensions}`);
  }
  const bad = vector.findIndex((x) => typeof x !== "number" || !Number.isFinite(x) || Math.abs(x) > FLOAT32_MAX);
  if (bad >= 0) throw new InvalidInputError(`vector[${bad}] is not a finite number`);
  const v = Float32Array.from(vector);
  if (!hasDirection(v)) throw new InvalidInputError("vector is all zeros: it has no direction to compare");
  return l2Normalize(v);
}
