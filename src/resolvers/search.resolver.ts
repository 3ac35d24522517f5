import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { RankedTrackConnection } from "../schema/connection.type.ts";
import type { RankingInput } from "../schema/ranking.input.ts";
import { SearchModelArgs, SearchPageArgs } from "../schema/search-args.ts";
import { SearchSortInput } from "../schema/label-filter.input.ts";
import type { RankedPage, RankingOptions } from "../services/search.service.ts";
import { DEFAULT_RANKING } from "../services/search.service.ts";
import { catalogScope, type RequestContext } from "./context.ts";
import { toTrack } from "./track-mapper.ts";
import { NotFoundError } from "../services/errors.ts";

@Resolver()
export class SearchResolver {
  @Authorized("search")
  @Query(() => RankedTrackConnection, { description: "Tracks that match a free-text description" })
  async searchTracks(
    @Arg("text", () => String) text: string,
    @Arg("sort", () => SearchSortInput, { nullable: true, description: "order by relevance (default) or by a mood or instrument word's score among the best 200 relevance matches" }) sort: SearchSortInput | null,
    @Args(() => SearchPageArgs) { first, after, ranking, filter }: SearchPageArgs,
    @Args(() => SearchModelArgs) { experiment, model }: SearchModelArgs,
    @Arg("queryConstraints", () => Boolean, {
      nullable: true,
      description: "honour a tempo (\"124 bpm\") or key (\"in A minor\") stated in the text by re-ranking the best 200 matches by the tracks' bpm and key; null = the server's default (TUNELENS_QUERY_CONSTRAINTS, on)",
    })
    queryConstraints: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<RankedTrackConnection> {
    const page = await ctx.services.search.searchByText(text, { first, after }, rankingOptions(ranking), { filter, sort, experiment, model, queryConstraints, catalogs: catalogScope(ctx) });
    return toConnection(page, ctx);
  }

  @Authorized("search")
  @Query(() => RankedTrackConnection, { description: "Tracks that sound like a track (by id or externalId)" })
  async similarTracks(
    @Arg("trackId", () => ID) trackId: string,
    @Arg("sort", () => SearchSortInput, { nullable: true, description: "order by relevance (default) or by a mood or instrument word's score among the best 200 relevance matches" }) sort: SearchSortInput | null,
    @Args(() => SearchPageArgs) { first, after, ranking, filter }: SearchPageArgs,
    @Args(() => SearchModelArgs) { experiment, model }: SearchModelArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<RankedTrackConnection> {
    const page = await ctx.services.search.similarTracks(trackId, { first, after }, rankingOptions(ranking), { filter, sort, experiment, model, catalogs: catalogScope(ctx) });
    return toConnection(page, ctx);
  }
}

export function rankingOptions(input: RankingInput | null | undefined): RankingOptions {
  if (!input) return DEFAULT_RANKING;
  return { signal: input.signal, alpha: input.alpha, mmrLambda: input.mmrLambda ?? null, model: input.model ?? null };
}

/** Loads every node of the page through the DataLoader: one SQL query however many edges. */
export async function toConnection(page: RankedPage, ctx: RequestContext): Promise<RankedTrackConnection> {
  const records = await ctx.loaders.track.loadMany(page.hits.map((h) => h.trackId));
  const edges = page.hits.map((hit, i) => {
    const record = records[i];
    // loadMany hands back a failed load (e.g. a lost database connection) as an Error value:
    // rethrow it as is, so an outage is reported as one and not as a missing track.
    if (record instanceof Error) throw record;
    // A ranked track the caller's loader cannot load was deleted meanwhile (rankings are scoped,
    // so it is not another tenant's); its id stays out of the message all the same.
    if (!record) throw new NotFoundError("a track of this answer was deleted while it was served; ask again");
    return { node: toTrack(record), score: hit.score, rank: hit.rank, cursor: hit.cursor, variant: hit.variant ?? null, relevance: hit.relevance ?? null };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    queryId: page.queryId,
    variant: page.variant,
    interpretedQuery: page.interpreted ?? null,
    noGoodMatch: page.noGoodMatch ?? false,
  };
}
