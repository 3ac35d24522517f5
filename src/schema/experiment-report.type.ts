import { Field, Float, Int, ObjectType } from "type-graphql";
import { Experiment } from "./experiment.type.ts";

@ObjectType({ description: "A point estimate with its confidence interval; null where the data cannot define it" })
export class Estimate {
  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Float, { nullable: true })
  lower!: number | null;

  @Field(() => Float, { nullable: true })
  upper!: number | null;
}

@ObjectType({ description: "Treatment minus control for one metric, with its interval and two-sided p-value" })
export class Comparison {
  @Field(() => Float, { nullable: true })
  difference!: number | null;

  @Field(() => Float, { nullable: true })
  lower!: number | null;

  @Field(() => Float, { nullable: true })
  upper!: number | null;

  @Field(() => Float, { nullable: true, description: "difference relative to control (0.1 = +10 %)" })
  relativeDifference!: number | null;

  @Field(() => Float, { nullable: true })
  pValue!: number | null;

  @Field(() => Boolean, { description: "pValue < 1 − confidence; not corrected for multiple metrics or variants" })
  significant!: boolean;

  @Field(() => String, { description: "the statistical test that produced the p-value" })
  test!: string;
}

@ObjectType()
export class MetricComparisons {
  @Field(() => Comparison)
  ctr!: Comparison;

  @Field(() => Comparison)
  playsPerQuery!: Comparison;

  @Field(() => Comparison)
  mrr!: Comparison;
}

@ObjectType({ description: "Events of each interaction type" })
export class InteractionCounts {
  @Field(() => Int)
  CLICK!: number;

  @Field(() => Int)
  PLAY!: number;

  @Field(() => Int)
  SKIP!: number;

  @Field(() => Int)
  LIKE!: number;
}

@ObjectType()
export class VariantReport {
  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: "configured share of traffic" })
  weight!: number;

  @Field(() => Int, { description: "ranked answers (pages) served" })
  exposures!: number;

  @Field(() => Int)
  units!: number;

  @Field(() => Int)
  clicks!: number;

  @Field(() => InteractionCounts)
  interactions!: InteractionCounts;

  @Field(() => Estimate, { description: "share of answers with at least one click" })
  ctr!: Estimate;

  @Field(() => Estimate)
  playsPerQuery!: Estimate;

  @Field(() => Estimate, { description: "mean reciprocal rank of the best-ranked click (0 without a click)" })
  mrr!: Estimate;

  @Field(() => MetricComparisons, { nullable: true, description: "against the control; null for the control" })
  vsControl!: MetricComparisons | null;
}

@ObjectType({ description: "Sample-ratio mismatch: Pearson chi-square of units per variant against the weights" })
export class SampleRatioCheck {
  @Field(() => Float, { nullable: true })
  chiSquare!: number | null;

  @Field(() => Int)
  df!: number;

  @Field(() => Float)
  pValue!: number;

  @Field(() => Boolean, { description: "p < 0.001: assignment or logging is broken; do not trust the metrics" })
  mismatch!: boolean;
}

@ObjectType()
export class AbDataQuality {
  @Field(() => Int)
  duplicateExposures!: number;

  @Field(() => Int)
  unknownVariantExposures!: number;

  @Field(() => Int)
  orphanInteractions!: number;

  @Field(() => Int)
  unitsInSeveralVariants!: number;
}

@ObjectType({ description: "Per-variant A/B comparison" })
export class AbReport {
  @Field(() => String)
  control!: string;

  @Field(() => Float)
  confidence!: number;

  @Field(() => [VariantReport])
  variants!: VariantReport[];

  @Field(() => SampleRatioCheck)
  srm!: SampleRatioCheck;

  @Field(() => AbDataQuality)
  dataQuality!: AbDataQuality;
}

@ObjectType()
export class WinCounts {
  @Field(() => Int)
  winsA!: number;

  @Field(() => Int)
  winsB!: number;

  @Field(() => Int)
  ties!: number;
}

@ObjectType()
export class UnitWinCounts extends WinCounts {
  @Field(() => Int)
  units!: number;
}

@ObjectType()
export class InterleavingDataQuality {
  @Field(() => Int)
  duplicateExposures!: number;

  @Field(() => Int)
  orphanInteractions!: number;
}

@ObjectType({ description: "Team-draft interleaving: which variant's contributions users click more, per unit" })
export class InterleavingReport {
  @Field(() => String, { description: "control (team A)" })
  variantA!: string;

  @Field(() => String, { description: "treatment (team B)" })
  variantB!: string;

  @Field(() => Int)
  queries!: number;

  @Field(() => WinCounts, { description: "per answer (answers without clicks are ties)" })
  perQuery!: WinCounts;

  @Field(() => UnitWinCounts, { description: "per unit over all its answers: what the test runs on" })
  perUnit!: UnitWinCounts;

  @Field(() => Estimate, { description: "share of decided units preferring B, Wilson interval" })
  preferenceB!: Estimate;

  @Field(() => Float, { nullable: true, description: "Δ_AB = (winsB + ties/2)/units − ½; > 0 favours B" })
  deltaAB!: number | null;

  @Field(() => Float)
  pValue!: number;

  @Field(() => String)
  test!: string;

  @Field(() => String, { nullable: true, description: "the significantly preferred variant, if any" })
  preferred!: string | null;

  @Field(() => InterleavingDataQuality)
  dataQuality!: InterleavingDataQuality;
}

@ObjectType({ description: "An experiment's report, computed from the logged exposures and interactions" })
export class ExperimentReport {
  @Field(() => Experiment)
  experiment!: Experiment;

  @Field(() => AbReport, { nullable: true, description: "AB experiments" })
  ab!: AbReport | null;

  @Field(() => InterleavingReport, { nullable: true, description: "INTERLEAVING experiments" })
  interleaving!: InterleavingReport | null;
}
