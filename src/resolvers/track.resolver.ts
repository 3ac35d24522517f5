import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Description, DescriptionSourceEnum, Track } from "../schema/track.type.ts";
import { TrackConnection } from "../schema/connection.type.ts";
import { catalogScope, type RequestContext } from "./context.ts";
import { toTrack } from "./track-mapper.ts";

@Resolver(() => Track)
export class TrackResolver {
  @Authorized("search")
  @Query(() => Track, { description: "A track by its id or by its catalog id (externalId)" })
  async track(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Track> {
    return toTrack(await ctx.services.tracks.get(id, catalogScope(ctx)));
  }

  @Authorized("search")
  @Query(() => TrackConnection, { description: "The catalogue (the caller's catalogs), in ingestion order" })
  async tracks(
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<TrackConnection> {
    const page = await ctx.services.tracks.page(first, after, catalogScope(ctx));
    return {
      edges: page.items.map((item) => ({ node: toTrack(item.track), cursor: item.cursor })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after != null,
        startCursor: page.items[0]?.cursor ?? null,
        endCursor: page.items.at(-1)?.cursor ?? null,
      },
      totalCount: page.totalCount,
    };
  }

  @Authorized("search")
  @FieldResolver(() => String, {
    nullable: true,
    description: "where to stream the track's audio (HTTP range requests): a path on this server, signed and valid for an hour, for <audio src>; null when the track has no audio file",
  })
  async audioUrl(@Root() track: Track, @Ctx() ctx: RequestContext): Promise<string | null> {
    if (!ctx.audioUrls) return null;
    // Cached: ranked connections load their tracks through the same loader.
    const record = await ctx.loaders.track.load(track.id);
    return record?.sourceFile ? ctx.audioUrls.urlFor(track.id) : null;
  }

  @FieldResolver(() => [Description])
  async descriptions(@Root() track: Track, @Ctx() ctx: RequestContext): Promise<Description[]> {
    const rows = await ctx.loaders.descriptions.load(track.id);
    return rows.map((d) => ({ source: d.source as DescriptionSourceEnum, text: d.text, provenance: d.provenance }));
  }
}
