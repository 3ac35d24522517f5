import { Arg, Ctx, Float, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { AdminTask, AdminTaskKindEnum, LabelVocabularyInput } from "../schema/admin-task.type.ts";
import { IngestJobStatusEnum } from "../schema/ingest-job.type.ts";
import { parseVocabularies, type AdminTaskState, type AdminTasksService } from "../services/admin-tasks.service.ts";
import { CATALOG_NAME_RE, inScope, writableCatalog } from "../services/catalog-scope.ts";
import { ForbiddenError, InvalidInputError, NotFoundError, UnavailableError } from "../services/errors.ts";
import { DEFAULT_CLUSTER_THRESHOLD } from "../labels/label-clustering.ts";
import { requireScope } from "./auth.ts";
import { catalogScope, type RequestContext } from "./context.ts";

/** The service, for a caller with the `catalog:admin` scope. */
function tasks(ctx: RequestContext): AdminTasksService {
  requireScope(ctx, "catalog:admin");
  if (!ctx.services.adminTasks) throw new UnavailableError("admin tasks are not available on this server");
  return ctx.services.adminTasks;
}

function catalogArg(ctx: RequestContext, catalog: string | null): string | null {
  if (catalog !== null && !CATALOG_NAME_RE.test(catalog)) throw new InvalidInputError("invalid catalog name");
  // a catalog-scoped key works on its own catalogs only (its only one by default)
  return writableCatalog(catalogScope(ctx), catalog) ?? null;
}

const toTask = (s: AdminTaskState): AdminTask => ({
  ...s,
  kind: s.kind as AdminTaskKindEnum,
  status: s.status as IngestJobStatusEnum,
  stages: s.stages.map((st) => ({ ...st })),
});

/**
 * Admin work through the running server (issue #19 item 4): each mutation queues a task and
 * returns at once; `adminTask` follows it. `tunelens impute`, `labels align|genres` and
 * `index catalog|auto` hand off to these when a server owns the embedded database.
 */
@Resolver()
export class AdminTaskResolver {
  @Mutation(() => AdminTask, { description: "Fill missing genre/mood/bpm from each track's nearest neighbours in its catalog (scope catalog:admin; idempotent: tracks already imputed under the model are not redone)" })
  async imputeCatalog(@Arg("catalog", () => String, { nullable: true, description: "omitted: every catalog (an unscoped caller)" }) catalog: string | null, @Ctx() ctx: RequestContext): Promise<AdminTask> {
    const svc = tasks(ctx);
    return toTask(await svc.submit({ task: "impute", catalog: catalogArg(ctx, catalog) }, ctx.callerId ?? null));
  }

  @Mutation(() => AdminTask, { description: "(Re)compute soft genre distributions under the served model (scope catalog:admin)" })
  async computeSoftGenres(@Arg("catalog", () => String, { nullable: true, description: "omitted: every catalog (an unscoped caller)" }) catalog: string | null, @Ctx() ctx: RequestContext): Promise<AdminTask> {
    const svc = tasks(ctx);
    return toTask(await svc.submit({ task: "labels-genres", catalog: catalogArg(ctx, catalog) }, ctx.callerId ?? null));
  }

  @Mutation(() => AdminTask, {
    description: "Embed and cluster label vocabularies with the served model and replace its clusters (scope catalog:admin, unscoped keys only: clusters serve every catalog)",
  })
  async alignLabels(
    @Arg("vocabularies", () => [LabelVocabularyInput], { nullable: true, description: "omitted: the shipped vocabularies" }) vocabularies: LabelVocabularyInput[] | null,
    @Arg("threshold", () => Float, { nullable: true, description: `average cosine distance below which labels merge (default ${DEFAULT_CLUSTER_THRESHOLD})` }) threshold: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AdminTask> {
    const svc = tasks(ctx);
    if (catalogScope(ctx) !== null) throw new ForbiddenError("label clusters serve every catalog: a catalog-scoped key cannot align them");
    const t = threshold ?? DEFAULT_CLUSTER_THRESHOLD;
    if (!(t > 0 && t < 2)) throw new InvalidInputError(`threshold must be in (0, 2), got ${t}`);
    if (vocabularies && (vocabularies.length === 0 || vocabularies.length > 50)) throw new InvalidInputError("between 1 and 50 vocabularies");
    let parsed = null;
    try {
      parsed = vocabularies ? parseVocabularies(vocabularies.map((v) => ({ ...v }))) : null;
    } catch (err) {
      throw new InvalidInputError((err as Error).message);
    }
    return toTask(await svc.submit({ task: "labels-align", threshold: t, vocabularies: parsed }, ctx.callerId ?? null));
  }

  @Mutation(() => AdminTask, { description: "Build (or with drop: true, drop) a catalog's per-catalog HNSW indexes for every model (scope catalog:admin)" })
  async buildCatalogIndex(
    @Arg("catalog", () => String) catalog: string,
    @Arg("drop", () => Boolean, { defaultValue: false }) drop: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<AdminTask> {
    const svc = tasks(ctx);
    const name = catalogArg(ctx, catalog)!;
    return toTask(await svc.submit({ task: "catalog-index", catalog: name, drop }, ctx.callerId ?? null));
  }

  @Mutation(() => AdminTask, {
    description: "Build the per-catalog indexes of every catalog with at least minTracks tracks that has none (`tunelens index auto`; scope catalog:admin, unscoped keys only: it looks at every catalog)",
  })
  async autoBuildCatalogIndexes(@Arg("minTracks", () => Int) minTracks: number, @Ctx() ctx: RequestContext): Promise<AdminTask> {
    const svc = tasks(ctx);
    if (catalogScope(ctx) !== null) throw new ForbiddenError("index auto looks at every catalog: a catalog-scoped key cannot run it");
    if (!(minTracks >= 1)) throw new InvalidInputError(`minTracks must be at least 1, got ${minTracks}`);
    return toTask(await svc.submit({ task: "catalog-index-auto", minTracks }, ctx.callerId ?? null));
  }

  @Query(() => AdminTask, { description: "An admin task's progress (scope catalog:admin; a key sees the tasks it started)" })
  async adminTask(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<AdminTask> {
    const svc = tasks(ctx);
    const task = await svc.get(id, ctx.callerId);
    const scope = catalogScope(ctx);
    if (!task || (scope !== null && !(task.catalog && inScope(scope, task.catalog)))) throw new NotFoundError(`no admin task ${id}`);
    return toTask(task);
  }
}
