import { Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";

export enum LabelSourceEnum {
  /** the track's line in an ingested catalog file, or an operator's correction of it */
  CATALOG = "catalog",
  /** tags embedded in the audio file */
  FILE_TAGS = "file_tags",
  /** a fetched metadata page */
  WEB = "web",
  LLM = "llm",
  /** voted by the track's nearest neighbours in its catalog (docs/imputation.md) */
  IMPUTED = "imputed",
}
registerEnumType(LabelSourceEnum, {
  name: "LabelSource",
  description: "Where Track.genre / Track.mood comes from, in order of trust: the catalog file, the audio file's tags, a fetched metadata page, the LLM, and only when none states it the value imputed from similar tracks",
});

@ObjectType({ description: "A track's genre or mood with where it comes from; imputed values carry their confidence and the neighbours that voted" })
export class TrackLabel {
  @Field(() => String, { description: "the label, lower-cased" })
  value!: string;

  @Field(() => LabelSourceEnum)
  source!: LabelSourceEnum;

  @Field(() => Float, { nullable: true, description: "IMPUTED: the share of the neighbours' similarity behind the value (0..1); null for a stated value" })
  confidence!: number | null;

  @Field(() => [ID], { description: "IMPUTED: ids of the neighbouring tracks that voted (same catalog); empty for a stated value" })
  neighbours!: string[];
}
