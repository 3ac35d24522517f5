import { Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { TrackLabel } from "./track-label.type.ts";

export enum DescriptionSourceEnum {
  /** a fetched metadata page */
  WEB = "web",
  /** the track's line in an ingested catalog file (tracks.jsonl / CSV), or an operator's correction of it */
  CATALOG = "catalog",
  /** tags embedded in the audio file */
  FILE_TAGS = "file_tags",
  LLM = "llm",
  USER = "user",
  IMPUTED = "imputed",
}
registerEnumType(DescriptionSourceEnum, { name: "DescriptionSource", description: "Where a description came from" });

export enum BpmSourceEnum {
  CATALOG = "catalog",
  FILE_TAG = "file-tag",
  WEB = "web",
  ESTIMATE = "estimate",
  IMPUTED = "imputed",
}
registerEnumType(BpmSourceEnum, {
  name: "BpmSource",
  description: "Where Track.bpm comes from, in order of trust: the catalog file, the audio file's tag, a fetched metadata page, the estimate from the audio, and only when none exists the value imputed from similar tracks",
});

@ObjectType({ description: "A text describing a track, with where it came from" })
export class Description {
  @Field(() => DescriptionSourceEnum)
  source!: DescriptionSourceEnum;

  @Field(() => String)
  text!: string;

  @Field(() => GraphQLJSONObject, { description: "origin details: catalog file, URL, prompt version, model…" })
  provenance!: Record<string, unknown>;
}

@ObjectType({ description: "A catalogued piece of audio" })
export class Track {
  @Field(() => ID, { description: "stable id assigned by tunelens" })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: "the id the track had in its catalog file (tracks.jsonl `id`, or the path inside an ingested folder)",
  })
  externalId!: string | null;

  @Field(() => String)
  catalog!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true })
  artist!: string | null;

  @Field(() => String, { nullable: true })
  album!: string | null;

  @Field(() => Float, { nullable: true })
  durationSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: "tempo: the catalog's, the file tag's or a metadata page's when stated, else estimated from the audio, else imputed from similar tracks (see bpmSource)" })
  bpm!: number | null;

  @Field(() => BpmSourceEnum, { nullable: true, description: "where `bpm` comes from; null when there is no tempo" })
  bpmSource!: BpmSourceEnum | null;

  @Field(() => Float, { nullable: true, description: "for an imputed bpm: the share of the neighbours' similarity behind it (0..1); null otherwise" })
  bpmConfidence!: number | null;

  @Field(() => TrackLabel, {
    nullable: true,
    description: "the track's genre: stated by the catalog, file tags, a metadata page or the LLM (see source), else imputed from similar tracks (source IMPUTED, with confidence and neighbours); null when neither exists. The `genres` filter matches it; with `excludeImputed` an IMPUTED one does not match. Soft shares: `genres`",
  })
  genre!: TrackLabel | null;

  @Field(() => TrackLabel, {
    nullable: true,
    description: "the track's mood: stated by the catalog, a metadata page or the LLM, else imputed from similar tracks (source IMPUTED); null when neither exists. The `moods` filter matches it; with `excludeImputed` an IMPUTED one does not match. Zero-shot scores: `moods`",
  })
  mood!: TrackLabel | null;

  @Field(() => String, { nullable: true, description: "musical key estimated from the audio, e.g. \"A minor\"" })
  key!: string | null;

  @Field(() => GraphQLJSONObject, { description: "catalog metadata as ingested (never evaluation labels)" })
  metadata!: Record<string, unknown>;
}
