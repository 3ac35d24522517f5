/**
 * Per-variant A/B experiment report: exposure counts, CTR, plays per query and MRR with 95 %
 * intervals, each variant against the first (control), and a sample-ratio-mismatch check.
 *
 * Metric definitions (per exposed query, i.e. per ranked answer):
 * - clicked: the answer got ≥ 1 CLICK; CTR = clicked answers / exposures.
 * - plays: number of PLAY events on the answer; playsPerQuery = plays / exposures.
 * - reciprocal rank: 1 / position of the best-ranked CLICK, 0 without a click; MRR = its mean.
 *
 * Which test runs (named in each comparison's `test`):
 * - Every unit in both groups has exactly one exposure → queries are the randomisation units and
 *   independent, so textbook tests apply: two-proportion z-test for CTR (Wilson interval per
 *   variant), Welch t-test for plays and MRR (normal interval per variant).
 * - Otherwise (the usual case: a user issues many queries) queries of one unit are correlated, so
 *   each unit is one cluster and the delta method gives the variance of the ratio metric
 *   (see ratio-metric.ts). This assumes only that *units* are independent.
 * Neither corrects for testing three metrics × several variants; read p-values accordingly.
 */
import { normalizedWeights, type VariantSpec } from "./assignment.ts";
import { ratioDifferenceTest, ratioEstimate, type UnitTotals } from "./ratio-metric.ts";
import {
  chiSquareGoodnessOfFit,
  meanInterval,
  summarize,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
  type Interval,
  type TwoSampleTest,
} from "./statistics.ts";
import { finiteOrNull, INTERACTION_TYPES, type Comparison, type Estimate, type InteractionRecord, type InteractionType } from "./types.ts";

/** One ranked answer served under an experiment. */
export interface ExposureRecord {
  queryId: string;
  unitId: string;
  variant: string;
}

export interface AbReportInput {
  variants: VariantSpec[];
  exposures: ExposureRecord[];
  interactions: InteractionRecord[];
  /** Confidence level of intervals; significance is judged at 1 − confidence. Default 0.95. */
  confidence?: number;
}

/** The metrics a report estimates and compares. */
export type AbMetric = "ctr" | "playsPerQuery" | "mrr";
const METRICS: readonly AbMetric[] = ["ctr", "playsPerQuery", "mrr"];

export interface VariantReport {
  name: string;
  /** Configured share of traffic (normalised weight). */
  weight: number;
  exposures: number;
  units: number;
  clicks: number;
  /** Events of each interaction type on this variant's answers. */
  interactions: Record<InteractionType, number>;
  ctr: Estimate;
  playsPerQuery: Estimate;
  mrr: Estimate;
  /** Comparison with the control (first variant); null for the control itself. */
  vsControl: Record<AbMetric, Comparison> | null;
}

export interface AbReport {
  control: string;
  confidence: number;
  variants: VariantReport[];
  /**
   * Sample-ratio mismatch: Pearson chi-square of units per variant against the configured weights.
   * A mismatch (p < 0.001) means assignment or logging is broken and no metric can be trusted.
   */
  srm: { chiSquare: number | null; df: number; pValue: number; mismatch: boolean };
  /** Records the report had to set aside; non-zero values deserve a look. */
  dataQuality: {
    duplicateExposures: number;
    unknownVariantExposures: number;
    orphanInteractions: number;
    unitsInSeveralVariants: number;
  };
}

/** Significance threshold of the sample-ratio-mismatch check (deliberately strict: it is an alarm). */
export const SRM_ALPHA = 0.001;

interface QueryOutcome {
  unitId: string;
  variant: string;
  clicked: number;
  plays: number;
  reciprocalRank: number;
}

/** Builds the A/B report; pure, so it can run over rows from any store. */
export function buildAbReport(input: AbReportInput): AbReport {
  const confidence = input.confidence ?? 0.95;
  const weights = normalizedWeights(input.variants);
  const names = input.variants.map((v) => v.name);
  const known = new Set(names);

  const queries = new Map<string, QueryOutcome>();
  let duplicateExposures = 0;
  let unknownVariantExposures = 0;
  for (const e of input.exposures) {
    if (!known.has(e.variant)) unknownVariantExposures += 1;
    else if (queries.has(e.queryId)) duplicateExposures += 1;
    else queries.set(e.queryId, { unitId: e.unitId, variant: e.variant, clicked: 0, plays: 0, reciprocalRank: 0 });
  }

  const interactionCounts = new Map(names.map((n) => [n, Object.fromEntries(INTERACTION_TYPES.map((t) => [t, 0])) as Record<InteractionType, number>]));
  let orphanInteractions = 0;
  for (const i of input.interactions) {
    const q = queries.get(i.queryId);
    if (!q) {
      orphanInteractions += 1;
      continue;
    }
    interactionCounts.get(q.variant)![i.type] += 1;
    if (i.type === "PLAY") q.plays += 1;
    if (i.type === "CLICK") {
      q.clicked = 1;
      // A click with a malformed position still counts for CTR but cannot define a rank.
      if (Number.isInteger(i.position) && i.position >= 1) q.reciprocalRank = Math.max(q.reciprocalRank, 1 / i.position);
    }
  }

  const groups = names.map((name) => collectGroup(name, queries));
  const variantsByUnit = new Map<string, Set<string>>();
  for (const q of queries.values()) {
    if (!variantsByUnit.has(q.unitId)) variantsByUnit.set(q.unitId, new Set());
    variantsByUnit.get(q.unitId)!.add(q.variant);
  }

  const control = groups[0];
  const variants = groups.map((g, i): VariantReport => {
    const estimates = Object.fromEntries(METRICS.map((m) => [m, estimate(g, m, confidence)])) as Record<AbMetric, Estimate>;
    return {
      name: g.name,
      weight: weights[i],
      exposures: g.queries.length,
      units: g.units.size,
      clicks: interactionCounts.get(g.name)!.CLICK,
      interactions: interactionCounts.get(g.name)!,
      ...estimates,
      vsControl: i === 0 ? null : (Object.fromEntries(METRICS.map((m) => [m, compare(control, g, m, confidence)])) as Record<AbMetric, Comparison>),
    };
  });

  const srmTest = chiSquareGoodnessOfFit(
    groups.map((g) => g.units.size),
    weights,
  );
  return {
    control: control.name,
    confidence,
    variants,
    srm: { chiSquare: finiteOrNull(srmTest.chiSquare), df: srmTest.df, pValue: srmTest.pValue, mismatch: srmTest.pValue < SRM_ALPHA },
    dataQuality: {
      duplicateExposures,
      unknownVariantExposures,
      orphanInteractions,
      unitsInSeveralVariants: [...variantsByUnit.values()].filter((s) => s.size > 1).length,
    },
  };
}

interface Group {
  name: string;
  queries: QueryOutcome[];
  /** Per unit, the sum of each metric's per-query value and the unit's query count. */
  units: Map<string, { queries: number } & Record<AbMetric, number>>;
  /** True when no unit has more than one exposure (queries are then independent units). */
  oneQueryPerUnit: boolean;
}

function collectGroup(name: string, queries: Map<string, QueryOutcome>): Group {
  const group: Group = { name, queries: [], units: new Map(), oneQueryPerUnit: true };
  for (const q of queries.values()) {
    if (q.variant !== name) continue;
    group.queries.push(q);
    const u = group.units.get(q.unitId) ?? { queries: 0, ctr: 0, playsPerQuery: 0, mrr: 0 };
    u.queries += 1;
    u.ctr += q.clicked;
    u.playsPerQuery += q.plays;
    u.mrr += q.reciprocalRank;
    group.units.set(q.unitId, u);
    if (u.queries > 1) group.oneQueryPerUnit = false;
  }
  return group;
}

function perQuery(q: QueryOutcome, metric: AbMetric): number {
  return metric === "ctr" ? q.clicked : metric === "playsPerQuery" ? q.plays : q.reciprocalRank;
}

function unitTotals(g: Group, metric: AbMetric): UnitTotals[] {
  return [...g.units.values()].map((u) => ({ numerator: u[metric], denominator: u.queries }));
}

function estimate(g: Group, metric: AbMetric, confidence: number): Estimate {
  if (g.queries.length === 0) return { value: null, lower: null, upper: null };
  let value: number;
  let ci: Interval;
  if (g.oneQueryPerUnit && metric === "ctr") {
    const clicked = g.queries.reduce((s, q) => s + q.clicked, 0);
    value = clicked / g.queries.length;
    ci = wilsonInterval(clicked, g.queries.length, confidence);
  } else if (g.oneQueryPerUnit) {
    const s = summarize(g.queries.map((q) => perQuery(q, metric)));
    value = s.mean;
    ci = meanInterval(s, confidence);
  } else {
    const r = ratioEstimate(unitTotals(g, metric), confidence);
    value = r.value;
    ci = r.ci;
  }
  return { value: finiteOrNull(value), lower: finiteOrNull(ci[0]), upper: finiteOrNull(ci[1]) };
}

function compare(control: Group, treatment: Group, metric: AbMetric, confidence: number): Comparison {
  let result: TwoSampleTest;
  let controlValue: number;
  if (control.oneQueryPerUnit && treatment.oneQueryPerUnit && metric === "ctr") {
    const clicked = (g: Group) => g.queries.reduce((s, q) => s + q.clicked, 0);
    result = twoProportionZTest(clicked(control), control.queries.length, clicked(treatment), treatment.queries.length, confidence);
    controlValue = clicked(control) / control.queries.length;
  } else if (control.oneQueryPerUnit && treatment.oneQueryPerUnit) {
    const a = summarize(control.queries.map((q) => perQuery(q, metric)));
    const b = summarize(treatment.queries.map((q) => perQuery(q, metric)));
    result = welchTTest(a, b, confidence);
    controlValue = a.mean;
  } else {
    const a = ratioEstimate(unitTotals(control, metric), confidence);
    result = ratioDifferenceTest(a, ratioEstimate(unitTotals(treatment, metric), confidence), confidence);
    controlValue = a.value;
  }
  const pValue = finiteOrNull(result.pValue);
  return {
    difference: finiteOrNull(result.difference),
    lower: finiteOrNull(result.ci[0]),
    upper: finiteOrNull(result.ci[1]),
    relativeDifference: controlValue !== 0 ? finiteOrNull(result.difference / controlValue) : null,
    pValue,
    significant: pValue !== null && pValue < 1 - confidence,
    test: result.test,
  };
}
