import { ArgsType, Field, Int } from "type-graphql";
import { ExperimentInput } from "./experiment.input.ts";
import { RankingInput } from "./ranking.input.ts";
import { SearchFilterInput } from "./search-filter.input.ts";

/**
 * The page, ranking and filter arguments every search query takes (searchTracks, similarTracks,
 * searchByAudio, searchByVector), declared once. Fields appear in the schema in this order.
 */
@ArgsType()
export class SearchPageArgs {
  @Field(() => SearchFilterInput, { nullable: true })
  filter?: SearchFilterInput | null;

  @Field(() => RankingInput, { nullable: true })
  ranking?: RankingInput | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { defaultValue: 10 })
  first!: number;
}

/**
 * Which model and experiment a search runs under, for the searches whose query is not already a
 * vector of one model's space (searchByVector names its model itself and requires it).
 */
@ArgsType()
export class SearchModelArgs {
  @Field(() => String, { nullable: true, description: "model (name or version) to search with; default: the active model" })
  model?: string | null;

  @Field(() => ExperimentInput, { nullable: true, description: "rank under an experiment's variant (overrides `ranking` when enrolled)" })
  experiment?: ExperimentInput | null;
}
