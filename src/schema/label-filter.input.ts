import { Field, Float, InputType, registerEnumType } from "type-graphql";

@InputType({ description: "Keep tracks whose zero-shot score for a mood word (Track.moods) is at least minScore" })
export class MoodFilterInput {
  @Field(() => String, { description: "any word, at most 50 characters (\"wistful\", \"triumphant\", \"chill\"…)" })
  word!: string;

  @Field(() => Float, { nullable: true, description: "in (0, 1); default 0.5 = at least as close to the word as to the average mood word" })
  minScore?: number | null;
}

@InputType({ description: "Keep tracks whose soft genre distribution (Track.genres) gives this genre at least minScore" })
export class GenreFilterInput {
  @Field(() => String, { description: "a genre label as Track.genres names it (case-insensitive)" })
  label!: string;

  @Field(() => Float, { nullable: true, description: "share in (0, 1); default 0.2" })
  minScore?: number | null;
}

export enum SearchSortBy {
  RELEVANCE = "relevance",
  MOOD = "mood",
  INSTRUMENT = "instrument",
}
registerEnumType(SearchSortBy, { name: "SearchSortBy", description: "How a ranked answer is ordered" });

@InputType({ description: "Order of a ranked answer: by relevance (default), or by a mood or instrument word's score among the most relevant matches" })
export class SearchSortInput {
  @Field(() => SearchSortBy)
  by!: SearchSortBy;

  @Field(() => String, { nullable: true, description: "the mood word with by: MOOD, the instrument word with by: INSTRUMENT (edges' score is then that word's score, as Track.moods / Track.instruments report it)" })
  word?: string | null;
}
