import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ExperimentKindEnum, InteractionTypeEnum } from "./experiment.input.ts";
import { Ranking } from "./ranking.input.ts";

export enum ExperimentStatusEnum {
  RUNNING = "running",
  STOPPED = "stopped",
  ARCHIVED = "archived",
}
registerEnumType(ExperimentStatusEnum, {
  name: "ExperimentStatus",
  description: "RUNNING serves variants; STOPPED serves the default ranking (can resume); ARCHIVED is final",
});

@ObjectType()
export class ExperimentVariant {
  @Field(() => String)
  name!: string;

  @Field(() => Float)
  weight!: number;

  @Field(() => Ranking)
  ranking!: Ranking;
}

@ObjectType({ description: "A comparison of ranking variants" })
export class Experiment {
  @Field(() => String)
  key!: string;

  @Field(() => ExperimentKindEnum)
  kind!: ExperimentKindEnum;

  @Field(() => ExperimentStatusEnum)
  status!: ExperimentStatusEnum;

  @Field(() => Float)
  coverage!: number;

  @Field(() => [ExperimentVariant], { description: "control first" })
  variants!: ExperimentVariant[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType({ description: "A recorded interaction" })
export class Interaction {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  queryId!: string;

  @Field(() => ID, { nullable: true })
  trackId!: string | null;

  @Field(() => InteractionTypeEnum)
  type!: InteractionTypeEnum;

  @Field(() => Int)
  position!: number;

  @Field(() => Int, { nullable: true })
  dwellMs!: number | null;
}
