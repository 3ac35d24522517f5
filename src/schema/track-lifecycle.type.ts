import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";

@InputType({ description: "Corrections to a track's catalog record; omitted fields stay as they are, null clears" })
export class TrackCorrectionInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  artist?: string | null;

  @Field(() => String, { nullable: true })
  album?: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "catalog metadata keys to set (genre, mood, tags, bpm, description…); a key set to null is removed",
  })
  metadata?: Record<string, unknown> | null;
}

@ObjectType({ description: "What deleting a track removed" })
export class DeletedTrack {
  @Field(() => Boolean, { description: "false when no such track exists among the caller's catalogs (e.g. deleted before): deleting is idempotent" })
  deleted!: boolean;

  @Field(() => ID, { nullable: true })
  trackId!: string | null;

  @Field(() => Int, { description: "descriptions removed with the track" })
  descriptions!: number;

  @Field(() => Int, { description: "jobs of the track removed (queued ones never run)" })
  jobs!: number;

  @Field(() => Int, { description: "interactions kept for experiment reports, with the track id removed" })
  interactionsAnonymised!: number;

  @Field(() => Int, { description: "exposures kept for experiment reports, with the track id replaced by the nil UUID" })
  exposuresAnonymised!: number;
}
