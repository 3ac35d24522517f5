import { Field, Float, Int, ObjectType } from "type-graphql";
import { InterpretedQuery } from "./interpreted-query.type.ts";
import { Track } from "./track.type.ts";

@ObjectType({ description: "Relay page information" })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: "One ranked result" })
export class RankedTrackEdge {
  @Field(() => Track)
  node!: Track;

  @Field(() => Float, { description: "similarity in [-1, 1]; higher is closer" })
  score!: number;

  @Field(() => Int, { description: "1-based position in the whole ranking" })
  rank!: number;

  @Field(() => String)
  cursor!: string;

  @Field(() => String, { nullable: true, description: "interleaved answers: the experiment variant that contributed this item" })
  variant?: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "calibrated 0–1 match quality beside the raw `score`: how far this match stands above the best matches of unrelated questions, for the model that ranked it and this catalog " +
      "(≈0.5: no better than a nonsense query's best hit; near 1: clearly better). Null when the catalog is too small to calibrate against. See docs/relevance.md",
  })
  relevance?: number | null;
}

@ObjectType({ description: "A ranked answer. `queryId` identifies it when interactions are recorded." })
export class RankedTrackConnection {
  @Field(() => [RankedTrackEdge])
  edges!: RankedTrackEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => String)
  queryId!: string;

  @Field(() => String, { nullable: true, description: "experiment variant that ranked this answer, if any" })
  variant!: string | null;

  @Field(() => InterpretedQuery, {
    nullable: true,
    description: "searchTracks: the tempo / key understood in the text and used to re-rank (null when none was stated, queryConstraints is off, or sort is by MOOD)",
  })
  interpretedQuery?: InterpretedQuery | null;

  @Field(() => Boolean, {
    description: "true when no track at the head of the ranking has a good `relevance` (below 0.8): the edges are only the nearest tracks, not close matches",
  })
  noGoodMatch!: boolean;
}

@ObjectType()
export class TrackEdge {
  @Field(() => Track)
  node!: Track;

  @Field(() => String)
  cursor!: string;
}

@ObjectType({ description: "The catalogue in ingestion order" })
export class TrackConnection {
  @Field(() => [TrackEdge])
  edges!: TrackEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
