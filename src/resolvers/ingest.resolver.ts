import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { IngestJob, IngestJobStatusEnum } from "../schema/ingest-job.type.ts";
import type { IngestJobState } from "../services/ingest-jobs.service.ts";
import { InvalidInputError, NotFoundError, UnavailableError } from "../services/errors.ts";
import GraphQLUpload from "graphql-upload/GraphQLUpload.mjs";
import type { FileUpload } from "graphql-upload/Upload.mjs";
import { resolveUnderRoots } from "../services/library-roots.ts";
import { requireScope } from "./auth.ts";
import { catalogScope, type RequestContext } from "./context.ts";
import { CATALOG_NAME_RE, inScope, writableCatalog } from "../services/catalog-scope.ts";

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestJob, {
    description: "Queue a folder, a data set folder (tracks.jsonl + audio) or one audio file on the server for ingest",
  })
  async ingestTracks(
    @Arg("path", () => String) path: string,
    @Arg("catalog", () => String, { nullable: true }) catalog: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<IngestJob> {
    requireScope(ctx, "ingest");
    if (!path.trim() || path.length > 4096 || path.includes("\0")) throw new InvalidInputError("invalid path");
    if (catalog !== null && !CATALOG_NAME_RE.test(catalog)) throw new InvalidInputError("invalid catalog name");
    // A catalog-scoped key ingests only into its own catalogs (its only one by default).
    const into = writableCatalog(catalogScope(ctx), catalog);
    // Keys read only under the configured library roots; the operator's token reads any path.
    const admin = ctx.callerId === "admin";
    const target = admin ? path : await resolveUnderRoots(path, ctx.libraryRoots ?? []);
    // The discover job checks the roots again when it reads (the folder may change meanwhile).
    const roots = admin ? undefined : ctx.libraryRoots ?? [];
    return toJob(await ctx.services.ingestJobs.submit(target, into, { roots, createdBy: ctx.callerId }));
  }

  @Mutation(() => IngestJob, {
    description:
      "Store an uploaded audio clip (GraphQL multipart request; header `apollo-require-preflight: true`) in the server's data folder and ingest it " +
      "into `catalog`: how a client asks for a clip it searched with to be kept (searchByAudio never stores). Refused like searchByAudio's clips " +
      "(BAD_USER_INPUT with `extensions.reason`) before anything is written. The same bytes uploaded twice are one file and one track; deleting the track deletes the file.",
  })
  async ingestUpload(
    @Arg("file", () => GraphQLUpload, { description: "the clip (wav, mp3, ogg/vorbis, opus, flac, m4a)" }) file: Promise<FileUpload>,
    @Arg("catalog", () => String, { nullable: true }) catalog: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<IngestJob> {
    requireScope(ctx, "ingest");
    if (catalog !== null && !CATALOG_NAME_RE.test(catalog)) throw new InvalidInputError("invalid catalog name");
    const uploads = ctx.services.uploads;
    if (!uploads) throw new UnavailableError("storing uploads is not enabled on this server");
    const into = writableCatalog(catalogScope(ctx), catalog);
    const stored = await uploads.store(file);
    // the discover job reads only inside the uploads folder, whoever asked
    return toJob(await ctx.services.ingestJobs.submit(stored.path, into, { roots: [uploads.dir], createdBy: ctx.callerId }));
  }

  @Query(() => IngestJob)
  async ingestJob(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<IngestJob> {
    requireScope(ctx, "ingest");
    // Only its creator (or the operator) sees a request: it names server paths. Another tenant's
    // request is answered like a missing one.
    const job = await ctx.services.ingestJobs.get(id, ctx.callerId);
    const scope = catalogScope(ctx);
    if (!job || (scope !== null && !(job.catalog && inScope(scope, job.catalog)))) throw new NotFoundError(`no ingest job ${id}`);
    return toJob(job);
  }
}

function toJob(s: IngestJobState): IngestJob {
  return { ...s, status: s.status as IngestJobStatusEnum, failures: [...s.failures], stages: s.stages.map((st) => ({ ...st })) };
}
