/**
 * Deterministic variant assignment for A/B experiments.
 *
 * Hash: the first 8 bytes of SHA-256 over the UTF-8 string `${experimentKey}:${unitId}`, read as a
 * big-endian unsigned 64-bit integer, modulo 10 000 → bucket in [0, 10000). Modulo bias is
 * 2^64 mod 10^4 / 2^64 ≈ 3e-16, i.e. nil. Keying the hash on the experiment means a unit's bucket in
 * one experiment says nothing about its bucket in another, so concurrent experiments are
 * independent; keying on the unit makes assignment sticky without storing it.
 *
 * Bucket ranges follow GrowthBook's scheme: normalised weights split [0, 1) into consecutive
 * slices, and each variant takes the first `coverage` share of its slice. Units in the remainder of
 * a slice are outside the experiment (variant `null`). Because a slice only grows from its start,
 * ramping coverage up never moves an enrolled unit to another variant.
 */
import { createHash } from "node:crypto";
import { ExperimentInputError } from "./errors.ts";

/** A variant of an experiment and its relative traffic weight (normalised over all variants). */
export interface VariantSpec {
  name: string;
  weight: number;
}

/** Number of hash buckets; coverage and weights resolve to 1/10 000 of traffic. */
export const BUCKETS = 10_000;

/** The bucket in [0, BUCKETS) of a unit in an experiment (see the module comment for the hash). */
export function bucketOf(experimentKey: string, unitId: string): number {
  const digest = createHash("sha256").update(`${experimentKey}:${unitId}`, "utf8").digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(BUCKETS));
}

/**
 * Throws ExperimentInputError unless the variants are non-empty, uniquely and non-blank named,
 * with finite non-negative weights of which at least one is positive.
 */
export function validateVariants(variants: readonly VariantSpec[]): void {
  if (variants.length === 0) throw new ExperimentInputError("an experiment needs at least one variant");
  const seen = new Set<string>();
  for (const v of variants) {
    if (typeof v.name !== "string" || v.name.trim() === "") throw new ExperimentInputError("variant names must be non-empty");
    if (seen.has(v.name)) throw new ExperimentInputError(`duplicate variant name "${v.name}"`);
    seen.add(v.name);
    if (!Number.isFinite(v.weight) || v.weight < 0) {
      throw new ExperimentInputError(`variant "${v.name}" has an invalid weight ${v.weight}: weights must be finite and ≥ 0`);
    }
  }
  if (!variants.some((v) => v.weight > 0)) throw new ExperimentInputError("at least one variant needs a positive weight");
}

/** Weights scaled to sum to 1, in the given order. Validates first. */
export function normalizedWeights(variants: readonly VariantSpec[]): number[] {
  validateVariants(variants);
  const total = variants.reduce((s, v) => s + v.weight, 0);
  return variants.map((v) => v.weight / total);
}

/**
 * Assigns a unit to a variant: the same (experimentKey, unitId) always gets the same answer for the
 * same variants and coverage. `variant` is null for units outside `coverage` (0..1).
 */
export function assignVariant(
  experimentKey: string,
  unitId: string,
  variants: VariantSpec[],
  coverage: number,
): { variant: string | null; bucket: number } {
  if (!(coverage >= 0 && coverage <= 1)) throw new ExperimentInputError(`coverage must be in [0, 1], got ${coverage}`);
  if (experimentKey === "") throw new ExperimentInputError("experimentKey must be non-empty");
  const weights = normalizedWeights(variants);
  const bucket = bucketOf(experimentKey, unitId);
  // Compare in bucket units; the last slice ends exactly at BUCKETS despite rounding in the sum.
  let sliceStart = 0;
  for (let i = 0; i < variants.length; i++) {
    const sliceEnd = i === variants.length - 1 ? BUCKETS : sliceStart + weights[i] * BUCKETS;
    if (bucket < sliceEnd) {
      const enrolled = bucket < sliceStart + coverage * weights[i] * BUCKETS;
      return { variant: enrolled ? variants[i].name : null, bucket };
    }
    sliceStart = sliceEnd;
  }
  return { variant: null, bucket }; // unreachable: the last slice ends at BUCKETS
}
