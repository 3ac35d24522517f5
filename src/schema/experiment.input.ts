import { Field, Float, ID, InputType, Int, registerEnumType } from "type-graphql";
import { RankingInput } from "./ranking.input.ts";

export enum ExperimentKindEnum {
  AB = "ab",
  INTERLEAVING = "interleaving",
}
registerEnumType(ExperimentKindEnum, {
  name: "ExperimentKind",
  description: "AB: each unit sees one variant's ranking; INTERLEAVING: each answer merges two variants' rankings by team draft",
});

export enum InteractionTypeEnum {
  CLICK = "CLICK",
  PLAY = "PLAY",
  SKIP = "SKIP",
  LIKE = "LIKE",
}
registerEnumType(InteractionTypeEnum, { name: "InteractionType" });

@InputType({ description: "Serve this answer under an experiment" })
export class ExperimentInput {
  @Field(() => String, { description: "the randomisation unit (a user or session id); the same unit always gets the same variant" })
  unitId!: string;

  @Field(() => String)
  experimentKey!: string;

  @Field(() => String, { nullable: true, description: "serve this variant regardless of assignment (QA); such answers are not logged" })
  forceVariant?: string | null;
}

@InputType()
export class VariantInput {
  @Field(() => String, { description: "letters, digits, _ . - (the first variant is the control)" })
  name!: string;

  @Field(() => Float, { defaultValue: 1, description: "relative share of traffic" })
  weight!: number;

  @Field(() => RankingInput, { description: "how this variant ranks" })
  ranking!: RankingInput;
}

@InputType()
export class CreateExperimentInput {
  @Field(() => String, { description: "stable key clients send in `experiment.experimentKey`; it also seeds assignment" })
  key!: string;

  @Field(() => ExperimentKindEnum, { defaultValue: ExperimentKindEnum.AB })
  kind!: ExperimentKindEnum;

  @Field(() => [VariantInput], { description: "control first; interleaving takes exactly two" })
  variants!: VariantInput[];

  @Field(() => Float, { defaultValue: 1, description: "share of units enrolled, 0..1 (others get the default ranking)" })
  coverage!: number;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: "Changes to a running or stopped experiment; variant names and order cannot change" })
export class UpdateExperimentInput {
  @Field(() => Float, { nullable: true })
  coverage?: number | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [VariantInput], { nullable: true, description: "new weights and rankings for the same variants" })
  variants?: VariantInput[] | null;
}

@InputType({ description: "A user's interaction with one item of a ranked answer" })
export class InteractionInput {
  @Field(() => String, { description: "the answer's queryId" })
  queryId!: string;

  @Field(() => ID, { nullable: true, description: "Track.id of the item" })
  trackId?: string | null;

  @Field(() => InteractionTypeEnum)
  type!: InteractionTypeEnum;

  @Field(() => Int, { description: "the edge's rank (1-based position in the whole ranking)" })
  position!: number;

  @Field(() => Int, { nullable: true, description: "time spent, e.g. listening before a skip" })
  dwellMs?: number | null;
}
