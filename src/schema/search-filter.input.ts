import { Field, Float, ID, InputType } from "type-graphql";
import { GenreFilterInput, MoodFilterInput } from "./label-filter.input.ts";

@InputType({
  description:
    "Conditions on result tracks, applied inside the vector search so that a page still holds `first` results when enough tracks match. " +
    "Lists: a track matches genres/moods when it has any of them, tags when it has all of them.",
})
export class SearchFilterInput {
  @Field(() => Float, { nullable: true, description: "lowest tempo, as Track.bpm reports it: the catalog BPM, else the file tag, else a metadata page's, else the estimate from the audio, else the imputed value (see excludeImputed)" })
  bpmMin?: number | null;

  @Field(() => Float, { nullable: true, description: "highest tempo (same source as bpmMin)" })
  bpmMax?: number | null;

  @Field(() => [String], { nullable: true, description: "a genre tag — catalog genre, file-tag genre, catalog tag, a metadata page's genre, the LLM's genre or subgenre, in the genre vocabulary or not — or imputed genre equal to one of these (case-insensitive)" })
  genres?: string[] | null;

  @Field(() => Float, {
    nullable: true,
    description: "minimum genre score in [0, 1]; catalog and tag genres are hard labels (score 1) until soft genre scores exist",
  })
  minGenreScore?: number | null;

  @Field(() => [String], { nullable: true, description: "a mood the track states (catalog mood, a metadata page's moods, the LLM's mood), else its imputed mood, equal to one of these; or a description containing the word (case-insensitive)" })
  moods?: string[] | null;

  @Field(() => MoodFilterInput, { nullable: true, description: "zero-shot mood score of the track's audio for any word at least minScore (the score Track.moods reports)" })
  mood?: MoodFilterInput | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "zero-shot instruments from the track's audio (Track.instruments): keep tracks whose score for every one of these words (any word, at most 20) is at or above minInstrumentPercentile of its own catalog",
  })
  instruments?: string[] | null;

  @Field(() => Float, { nullable: true, description: "catalog percentile in (0, 1) each of `instruments` must reach; default 0.8 (more than 80 % of the catalog)" })
  minInstrumentPercentile?: number | null;

  @Field(() => GenreFilterInput, { nullable: true, description: "soft genre share (Track.genres) at least minScore" })
  genre?: GenreFilterInput | null;

  @Field(() => [String], { nullable: true, description: "catalog tags the track must all carry (case-insensitive)" })
  tags?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: bpm, genres and moods match only values the track states (catalog, file tags, metadata pages, the LLM, the audio analysis), not values imputed from similar tracks (default false: imputed values count where nothing else is known)",
  })
  excludeImputed?: boolean | null;

  @Field(() => [String], { nullable: true, description: "only tracks of these catalogs" })
  catalogs?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "leave out these tracks (id or externalId)" })
  excludeTrackIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: "leave out tracks by these artists (case-insensitive)" })
  excludeArtists?: string[] | null;
}
