/**
 * Report of a team-draft interleaving experiment (see interleaving.ts).
 *
 * Each interleaved answer credits its clicks to team A (control ranker) or B (treatment). Credits
 * are summed over all of a unit's answers and the unit votes for the team with more credited
 * clicks, or ties (Radlinski et al. 2008 §5 aggregate per query; Chapelle, Joachims, Radlinski &
 * Yue, "Large-Scale Validation and Analysis of Interleaved Search Evaluation", TOIS 2012, §3.2
 * aggregate per user, which we follow because units, not queries, are independent).
 *
 * Test: exact two-sided binomial (sign) test of B-wins among decided units against ½. It assumes
 * independent units with a common preference probability; ties carry no direction and are left
 * out. `deltaAB` = (winsB + ties/2) / units − ½ is Chapelle et al.'s Δ_AB, positive when B is
 * preferred.
 */
import type { VariantSpec } from "./assignment.ts";
import { ExperimentInputError } from "./errors.ts";
import { creditClicks, type Team } from "./interleaving.ts";
import { binomialTest, wilsonInterval } from "./statistics.ts";
import { finiteOrNull, type InteractionRecord, type InteractionType } from "./types.ts";

/** One interleaved answer: which team contributed each position (1-based position = index + 1). */
export interface InterleavedExposure {
  queryId: string;
  unitId: string;
  teams: Team[];
}

export interface InterleavingReportInput {
  /** Exactly two variants: the first ranker is team A (control), the second team B. */
  variants: VariantSpec[];
  exposures: InterleavedExposure[];
  interactions: InteractionRecord[];
  /** Interaction types that earn credit. Default: CLICK only, as in the paper. */
  creditTypes?: InteractionType[];
  /** Significance of `preferred` is judged at 1 − confidence. Default 0.95. */
  confidence?: number;
}

export interface WinCounts {
  winsA: number;
  winsB: number;
  ties: number;
}

export interface InterleavingReport {
  variantA: string;
  variantB: string;
  queries: number;
  /** Per answer: which team got more credited clicks (answers without clicks are ties). */
  perQuery: WinCounts;
  /** Per unit, over all its answers: the unit-level votes the test runs on. */
  perUnit: WinCounts & { units: number };
  /** Share of decided units preferring B, with a Wilson interval; null with no decided unit. */
  preferenceB: { value: number | null; lower: number | null; upper: number | null };
  /** Chapelle et al.'s Δ_AB in [−½, ½]; > 0 favours B. */
  deltaAB: number | null;
  pValue: number;
  test: string;
  /** The winning variant's name when pValue < 1 − confidence, else null. */
  preferred: string | null;
  dataQuality: { duplicateExposures: number; orphanInteractions: number };
}

/** Aggregates credited clicks per answer and per unit and tests which ranker users prefer. */
export function buildInterleavingReport(input: InterleavingReportInput): InterleavingReport {
  if (input.variants.length !== 2) throw new ExperimentInputError(`interleaving compares exactly two variants, got ${input.variants.length}`);
  const [variantA, variantB] = input.variants.map((v) => v.name);
  const confidence = input.confidence ?? 0.95;
  const creditTypes = new Set<InteractionType>(input.creditTypes ?? ["CLICK"]);

  const exposures = new Map<string, InterleavedExposure>();
  let duplicateExposures = 0;
  for (const e of input.exposures) {
    if (exposures.has(e.queryId)) duplicateExposures += 1;
    else exposures.set(e.queryId, e);
  }

  const clicks = new Map<string, number[]>();
  let orphanInteractions = 0;
  for (const i of input.interactions) {
    if (!exposures.has(i.queryId)) orphanInteractions += 1;
    else if (creditTypes.has(i.type)) {
      if (!clicks.has(i.queryId)) clicks.set(i.queryId, []);
      clicks.get(i.queryId)!.push(i.position);
    }
  }

  const perQuery: WinCounts = { winsA: 0, winsB: 0, ties: 0 };
  const unitCredit = new Map<string, { a: number; b: number }>();
  for (const e of exposures.values()) {
    const credit = creditClicks(e.teams, clicks.get(e.queryId) ?? []);
    tally(perQuery, credit.a, credit.b);
    const u = unitCredit.get(e.unitId) ?? { a: 0, b: 0 };
    u.a += credit.a;
    u.b += credit.b;
    unitCredit.set(e.unitId, u);
  }
  const perUnit: WinCounts = { winsA: 0, winsB: 0, ties: 0 };
  for (const u of unitCredit.values()) tally(perUnit, u.a, u.b);

  const units = unitCredit.size;
  const decided = perUnit.winsA + perUnit.winsB;
  const { pValue } = binomialTest(perUnit.winsB, decided);
  const [lower, upper] = decided > 0 ? wilsonInterval(perUnit.winsB, decided, confidence) : [Number.NaN, Number.NaN];
  const significant = decided > 0 && pValue < 1 - confidence;
  return {
    variantA,
    variantB,
    queries: exposures.size,
    perQuery,
    perUnit: { ...perUnit, units },
    preferenceB: { value: decided > 0 ? perUnit.winsB / decided : null, lower: finiteOrNull(lower), upper: finiteOrNull(upper) },
    deltaAB: units > 0 ? (perUnit.winsB + perUnit.ties / 2) / units - 0.5 : null,
    pValue,
    test: "exact two-sided binomial sign test over units (ties excluded)",
    preferred: significant ? (perUnit.winsB > perUnit.winsA ? variantB : variantA) : null,
    dataQuality: { duplicateExposures, orphanInteractions },
  };
}

function tally(counts: WinCounts, a: number, b: number): void {
  if (a > b) counts.winsA += 1;
  else if (b > a) counts.winsB += 1;
  else counts.ties += 1;
}
