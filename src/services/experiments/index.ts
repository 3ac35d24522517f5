/**
 * Experiments core: pure functions the experiment service and resolvers call. No I/O here —
 * exposures and interactions are loaded elsewhere and passed in.
 */
export { assignVariant, bucketOf, normalizedWeights, validateVariants, BUCKETS, type VariantSpec } from "./assignment.ts";
export { ExperimentInputError } from "./errors.ts";
export { creditClicks, teamDraftInterleave, type ClickCredit, type InterleavedList, type Team } from "./interleaving.ts";
export { seededRandom, type RandomSource } from "../../util/random.ts";
export * from "./report.ts";
