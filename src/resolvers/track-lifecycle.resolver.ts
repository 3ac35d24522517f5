import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { Track } from "../schema/track.type.ts";
import { DeletedTrack, TrackCorrectionInput } from "../schema/track-lifecycle.type.ts";
import { checkCatalogNames, writableCatalog, type CatalogScope } from "../services/catalog-scope.ts";
import { UnavailableError } from "../services/errors.ts";
import type { TrackLifecycleService } from "../services/track-lifecycle.service.ts";
import { requireScope } from "./auth.ts";
import { catalogScope, type RequestContext } from "./context.ts";
import { toTrack } from "./track-mapper.ts";

/** Writing to a catalog takes the `ingest` scope, and a catalog-scoped key writes only its own. */
function lifecycle(ctx: RequestContext): TrackLifecycleService {
  requireScope(ctx, "ingest");
  if (!ctx.services.lifecycle) throw new UnavailableError("track lifecycle is not available on this server");
  return ctx.services.lifecycle;
}

const CATALOG_ARG = {
  nullable: true,
  description: "the catalog the track is in: needed when `id` is an externalId several of the caller's catalogs use (outside the caller's catalogs: NOT_FOUND)",
} as const;

/** The caller's catalogs, narrowed to `catalog` when the caller names one. */
function target(ctx: RequestContext, catalog: string | null | undefined): CatalogScope {
  if (catalog == null) return catalogScope(ctx);
  const [name] = checkCatalogNames([catalog]);
  return [writableCatalog(catalogScope(ctx), name)!];
}

/** Takedown and correction of stored tracks (docs/ingest.md § Deleting and correcting tracks). */
@Resolver()
export class TrackLifecycleResolver {
  @Mutation(() => DeletedTrack, {
    description: "Delete a track (by id or externalId) with its vectors, descriptions, jobs and cached LLM answers; its audio URLs stop working. Idempotent",
  })
  async deleteTrack(@Arg("id", () => ID) id: string, @Arg("catalog", () => String, CATALOG_ARG) catalog: string | null, @Ctx() ctx: RequestContext): Promise<DeletedTrack> {
    const svc = lifecycle(ctx);
    const r = await svc.delete(id, target(ctx, catalog));
    return {
      deleted: r.deleted,
      trackId: r.trackId,
      descriptions: r.counts?.descriptions ?? 0,
      jobs: r.counts?.jobs ?? 0,
      interactionsAnonymised: r.counts?.interactionsAnonymised ?? 0,
      exposuresAnonymised: r.counts?.exposuresAnonymised ?? 0,
    };
  }

  @Mutation(() => Track, { description: "Correct a track's title, artist, album or catalog metadata; searches see it at once, web and LLM descriptions are asked again" })
  async correctTrack(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => TrackCorrectionInput) input: TrackCorrectionInput,
    @Arg("catalog", () => String, CATALOG_ARG) catalog: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Track> {
    const svc = lifecycle(ctx);
    const patch = Object.fromEntries(Object.entries({ title: input.title, artist: input.artist, album: input.album, metadata: input.metadata }).filter(([, v]) => v !== undefined));
    return toTrack(await svc.correct(id, patch, target(ctx, catalog)));
  }

  @Mutation(() => Track, { description: "Add a USER description to a track (stored once per text) and re-embed its description vector" })
  async addTrackDescription(
    @Arg("id", () => ID) id: string,
    @Arg("text", () => String) text: string,
    @Arg("catalog", () => String, CATALOG_ARG) catalog: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Track> {
    const svc = lifecycle(ctx);
    return toTrack(await svc.addDescription(id, text, ctx.callerId ?? "unknown", target(ctx, catalog)));
  }

  @Mutation(() => Boolean, { description: "Remove a USER description by its text; false when the track had none such" })
  removeTrackDescription(
    @Arg("id", () => ID) id: string,
    @Arg("text", () => String) text: string,
    @Arg("catalog", () => String, CATALOG_ARG) catalog: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    const svc = lifecycle(ctx);
    return svc.removeDescription(id, text, target(ctx, catalog));
  }
}
