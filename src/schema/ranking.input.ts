import { Field, Float, InputType, registerEnumType } from "type-graphql";

export enum RankingSignalEnum {
  AUDIO = "audio",
  DESCRIPTION = "description",
  FUSED = "fused",
}
registerEnumType(RankingSignalEnum, {
  name: "RankingSignal",
  description: "AUDIO: audio embeddings; DESCRIPTION: fused description embeddings; FUSED: alpha·audio + (1−alpha)·description",
});

@InputType({ description: "How results are ranked" })
export class RankingInput {
  @Field(() => RankingSignalEnum, { defaultValue: RankingSignalEnum.FUSED })
  signal!: RankingSignalEnum;

  @Field(() => Float, { defaultValue: 0.5, description: "weight of audio similarity in FUSED, 0..1" })
  alpha!: number;
}
