/**
 * Records an experiment report reads. They mirror what the API logs: one exposure per ranked answer
 * (its `queryId` and the variant that produced it) and user interactions with that answer.
 */

// The interaction kinds are what the interactions table stores, so the repository defines them.
import { INTERACTION_TYPES, type InteractionType } from "../../db/repositories/interaction.repository.ts";
export { INTERACTION_TYPES, type InteractionType };

/**
 * A user's interaction with one item of a ranked answer. `position` is the 1-based rank shown to
 * the user (the connection edge's `rank`).
 */
export interface InteractionRecord {
  queryId: string;
  trackId?: string;
  type: InteractionType;
  position: number;
}

/** A point estimate with its confidence interval; null where the data cannot define it. */
export interface Estimate {
  value: number | null;
  lower: number | null;
  upper: number | null;
}

/** A treatment-vs-control comparison of one metric. */
export interface Comparison {
  /** Treatment minus control. */
  difference: number | null;
  /** Confidence interval of the difference. */
  lower: number | null;
  upper: number | null;
  /** Difference relative to the control value (0.1 = +10 %); null when the control is 0. */
  relativeDifference: number | null;
  /** Two-sided p-value. */
  pValue: number | null;
  /** pValue < 1 − confidence. Not corrected for multiple metrics or variants. */
  significant: boolean;
  /** Name of the test that produced the p-value. */
  test: string;
}

/** NaN and ±Infinity cannot cross GraphQL's Float; reports carry null instead. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
