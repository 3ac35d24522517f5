import { Arg, Args, Authorized, Ctx, Float, Query, Resolver } from "type-graphql";
import GraphQLUpload from "graphql-upload/GraphQLUpload.mjs";
import type { FileUpload } from "graphql-upload/Upload.mjs";
import { RankedTrackConnection } from "../schema/connection.type.ts";
import { ExperimentInput } from "../schema/experiment.input.ts";
import { SearchModelArgs, SearchPageArgs } from "../schema/search-args.ts";
import { InvalidInputError, UnavailableError } from "../services/errors.ts";
import { catalogScope, type RequestContext } from "./context.ts";
import { rankingOptions, toConnection } from "./search.resolver.ts";

/** Searches by an example instead of words or a catalog track: an audio clip, or a vector (issue #20). */
@Resolver()
export class SearchByExampleResolver {
  @Authorized("search")
  @Query(() => RankedTrackConnection, {
    description:
      "Tracks that sound like an audio clip: an uploaded file (GraphQL multipart request; send the header `apollo-require-preflight: true`) " +
      "or an http(s) URL the server fetches (public addresses only). Exactly one of `file` and `url`. The clip is decoded and embedded, never stored. " +
      "Refusals are BAD_USER_INPUT with `extensions.reason`: empty, unsupported, corrupt, truncated, no-samples, too-long, too-large, unreachable, refused, missing.",
  })
  async searchByAudio(
    @Arg("file", () => GraphQLUpload, { nullable: true, description: "the clip as a multipart upload (wav, mp3, ogg/vorbis, opus, flac, m4a)" }) file: Promise<FileUpload> | null,
    @Arg("url", () => String, { nullable: true, description: "an http(s) URL of the clip" }) url: string | null,
    @Args(() => SearchPageArgs) { first, after, ranking, filter }: SearchPageArgs,
    @Args(() => SearchModelArgs) { experiment, model }: SearchModelArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<RankedTrackConnection> {
    const audio = ctx.services.audioQueries;
    if (!audio) throw new UnavailableError("search by audio is not enabled on this server");
    if ((file ? 1 : 0) + (url ? 1 : 0) !== 1) throw new InvalidInputError("give exactly one of `file` (an upload) and `url`");
    const clip = file ? await audio.fromUpload(file) : await audio.fromUrl(url!);
    const page = await ctx.services.search.searchByAudio(clip.audio, clip.id, { first, after }, rankingOptions(ranking), { filter, experiment, model, catalogs: catalogScope(ctx) });
    return toConnection(page, ctx);
  }

  @Authorized("search")
  @Query(() => RankedTrackConnection, {
    description:
      "Tracks nearest to a vector in a model's embedding space (e.g. one you computed with the model's ONNX towers): " +
      "as many finite values as the model has dimensions; compared by cosine with the tracks' audio and description vectors as `ranking` says",
  })
  async searchByVector(
    @Arg("vector", () => [Float]) vector: number[],
    @Arg("model", () => String, { description: "the model (name or version) whose space the vector is in" }) model: string,
    @Args(() => SearchPageArgs) { first, after, ranking, filter }: SearchPageArgs,
    @Arg("experiment", () => ExperimentInput, { nullable: true, description: "rank under an experiment's variant (its model must be the vector's)" })
    experiment: ExperimentInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<RankedTrackConnection> {
    const page = await ctx.services.search.searchByVector(vector, model, { first, after }, rankingOptions(ranking), { filter, experiment, catalogs: catalogScope(ctx) });
    return toConnection(page, ctx);
  }
}
