import { Arg, Authorized, Ctx, FieldResolver, Int, registerEnumType, Resolver, Root } from "type-graphql";
import { LabelScore } from "../schema/label-score.type.ts";
import { Track } from "../schema/track.type.ts";
import type { RequestContext } from "./context.ts";
import { labelLoaders } from "./label-loaders.ts";

export enum MoodOrderEnum {
  SCORE = "score",
  PERCENTILE = "percentile",
}
registerEnumType(MoodOrderEnum, {
  name: "MoodOrder",
  description: "SCORE: highest raw score first; PERCENTILE: the moods (instruments) this track has more than most of the catalog first (its most distinctive)",
});

/** Track.moods, Track.genres (issue #6) and Track.instruments (issue #20): answered by MoodService / GenreService / InstrumentService through per-request loaders. */
@Resolver(() => Track)
export class TrackLabelsResolver {
  @Authorized("search")
  @FieldResolver(() => [LabelScore], {
    description:
      "Zero-shot mood scores from the track's audio, best first: against the default mood vocabulary, or against `words` (any words, also ones never seen in training). " +
      "Scores are calibrated (logistic of the cosine centred on the vocabulary mean); `percentile` places the score within the track's own catalog. The same score filters (`filter.mood`) and sorts (`sort: {by: MOOD}`) searches. Empty when the track has no audio embedding.",
  })
  async moods(
    @Root() track: Track,
    @Arg("top", () => Int, { defaultValue: 5, description: "how many moods, 1–50" }) top: number,
    @Arg("words", () => [String], { nullable: true, description: "score these words instead of the default vocabulary (at most 20, each at most 50 characters)" })
    words: string[] | null,
    @Arg("by", () => MoodOrderEnum, { defaultValue: MoodOrderEnum.SCORE, description: "order (and pick the top) by raw score or by catalog percentile" }) by: MoodOrderEnum,
    @Ctx() ctx: RequestContext,
  ): Promise<LabelScore[]> {
    return labelLoaders(ctx).moods.load(JSON.stringify([track.id, top, words ?? null, by]));
  }

  @Authorized("search")
  @FieldResolver(() => [LabelScore], {
    description:
      "Zero-shot instruments from the track's audio, its most distinctive first: the shipped instrument vocabulary (General MIDI families: piano, electric guitar, strings, saxophone, drums…; docs/instruments.md), or `words`. " +
      "`score` is calibrated like a mood's but centred on the instrument vocabulary; `percentile` places it within the track's own catalog, and orders the list by default. `filter.instruments` and `sort: {by: INSTRUMENT}` use the same scores. Empty when the track has no audio embedding.",
  })
  async instruments(
    @Root() track: Track,
    @Arg("top", () => Int, { defaultValue: 5, description: "how many instruments, 1–50" }) top: number,
    @Arg("words", () => [String], { nullable: true, description: "score these words instead of the vocabulary (at most 20, each at most 50 characters)" })
    words: string[] | null,
    @Arg("by", () => MoodOrderEnum, { defaultValue: MoodOrderEnum.PERCENTILE, description: "order (and pick the top) by catalog percentile (default) or by raw score" }) by: MoodOrderEnum,
    @Ctx() ctx: RequestContext,
  ): Promise<LabelScore[]> {
    return labelLoaders(ctx).instruments.load(JSON.stringify([track.id, top, words ?? null, by]));
  }

  @Authorized("search")
  @FieldResolver(() => [LabelScore], {
    description: "Soft genre labels: a distribution (shares sum to 1, best first) from tags, descriptions, neighbours and zero-shot scores; empty until computed",
  })
  async genres(@Root() track: Track, @Ctx() ctx: RequestContext): Promise<LabelScore[]> {
    return labelLoaders(ctx).genres.load(track.id);
  }
}
