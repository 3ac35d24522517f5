/**
 * Validation of a variant's ranking configuration: {signal, alpha, mmrLambda?, model?}. Kept
 * separate from assignment; `model` names the embedding space a variant ranks in, so an A/B or
 * interleaving experiment can compare two models. Whether the model exists is checked when a
 * request is ranked (models can be added to models/ while an experiment runs).
 */
import type { StoredRanking, StoredVariant } from "../../db/repositories/experiment.repository.ts";
import { validateVariants } from "./assignment.ts";
import { ExperimentInputError } from "./errors.ts";

const SIGNALS = new Set(["audio", "description", "fused", "hybrid"]);
const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** a model.json `name` or `version` (src/embedding/model-manifest.ts) */
const MODEL_NAME = /^\S(.{0,98}\S)?$/;

export function validateRanking(r: StoredRanking, where: string): StoredRanking {
  if (!SIGNALS.has(r.signal)) throw new ExperimentInputError(`${where}: unknown signal ${JSON.stringify(r.signal)}`);
  if (!(Number.isFinite(r.alpha) && r.alpha >= 0 && r.alpha <= 1)) throw new ExperimentInputError(`${where}: alpha must be in [0, 1], got ${r.alpha}`);
  if (r.mmrLambda != null && !(Number.isFinite(r.mmrLambda) && r.mmrLambda >= 0 && r.mmrLambda <= 1)) {
    throw new ExperimentInputError(`${where}: mmrLambda must be in [0, 1], got ${r.mmrLambda}`);
  }
  if (r.signal === "hybrid" && r.mmrLambda != null && r.mmrLambda < 1) throw new ExperimentInputError(`${where}: mmrLambda is not available with the hybrid signal`);
  if (r.model != null && !MODEL_NAME.test(r.model)) throw new ExperimentInputError(`${where}: model must be a model name or version, got ${JSON.stringify(r.model)}`);
  return { signal: r.signal, alpha: r.alpha, ...(r.mmrLambda != null ? { mmrLambda: r.mmrLambda } : {}), ...(r.model != null ? { model: r.model } : {}) };
}

/** Validates names, weights (assignment core) and every ranking; interleaving takes exactly two. */
export function validateExperimentVariants(kind: "ab" | "interleaving", variants: readonly StoredVariant[]): StoredVariant[] {
  validateVariants(variants);
  if (variants.length > 10) throw new ExperimentInputError("an experiment has at most 10 variants");
  if (kind === "interleaving" && variants.length !== 2) {
    throw new ExperimentInputError(`an interleaving experiment compares exactly two variants (control first), got ${variants.length}`);
  }
  if (kind === "interleaving" && variants.some((v) => v.weight <= 0)) {
    throw new ExperimentInputError("both variants of an interleaving experiment need a positive weight");
  }
  return variants.map((v) => {
    if (!VARIANT_NAME.test(v.name)) throw new ExperimentInputError(`variant name ${JSON.stringify(v.name)}: letters, digits, _ . - (at most 64)`);
    return { name: v.name, weight: v.weight, ranking: validateRanking(v.ranking, `variant "${v.name}"`) };
  });
}
