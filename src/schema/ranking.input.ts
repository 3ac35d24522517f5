import { Field, Float, InputType, ObjectType, registerEnumType } from "type-graphql";

export enum RankingSignalEnum {
  AUDIO = "audio",
  DESCRIPTION = "description",
  FUSED = "fused",
  HYBRID = "hybrid",
}
registerEnumType(RankingSignalEnum, {
  name: "RankingSignal",
  description:
    "AUDIO: audio embeddings; DESCRIPTION: fused description embeddings; FUSED: alpha·audio + (1−alpha)·description; " +
    "HYBRID: FUSED combined with keyword relevance of the text (titles, artists, albums, tags, descriptions) by reciprocal rank fusion — without a text (similar tracks, audio, vector) it ranks like FUSED",
});

@InputType({ description: "How results are ranked" })
export class RankingInput {
  @Field(() => RankingSignalEnum, { defaultValue: RankingSignalEnum.FUSED })
  signal!: RankingSignalEnum;

  @Field(() => Float, { defaultValue: 0.5, description: "weight of audio similarity in FUSED, 0..1" })
  alpha!: number;

  @Field(() => Float, {
    nullable: true,
    description: "MMR diversity λ in [0, 1]: 1 or null = plain ranking; lower values trade similarity for variety",
  })
  mmrLambda?: number | null;

  @Field(() => String, { nullable: true, description: "model (name or version) whose embedding space ranks; null = the request's `model`, else the active one" })
  model?: string | null;
}

@ObjectType({ description: "How a variant ranks" })
export class Ranking {
  @Field(() => RankingSignalEnum)
  signal!: RankingSignalEnum;

  @Field(() => Float)
  alpha!: number;

  @Field(() => Float, { nullable: true })
  mmrLambda!: number | null;

  @Field(() => String, { nullable: true, description: "model this variant ranks with (null: the active one)" })
  model!: string | null;
}
