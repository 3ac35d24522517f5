/**
 * Experiment reports: per-variant A/B comparison and interleaving preference. Both are pure
 * functions over exposure and interaction rows, so the GraphQL resolver only loads rows and calls
 * one of them.
 */
export { buildAbReport, SRM_ALPHA, type AbMetric, type AbReport, type AbReportInput, type ExposureRecord, type VariantReport } from "./ab-report.ts";
export {
  buildInterleavingReport,
  type InterleavedExposure,
  type InterleavingReport,
  type InterleavingReportInput,
  type WinCounts,
} from "./interleaving-report.ts";
export type { Comparison, Estimate, InteractionRecord, InteractionType } from "./types.ts";
