import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { EmbeddingModel, ModelActivation } from "../schema/model.type.ts";
import { ForbiddenError, UnauthenticatedError } from "../services/errors.ts";
import type { ModelAdminService, ModelStatus } from "../services/model-admin.service.ts";
import { catalogScope, type RequestContext } from "./context.ts";

function modelAdmin(ctx: RequestContext): ModelAdminService {
  if (!ctx.services.models) throw new Error("this server has no model registry");
  return ctx.services.models;
}

/** Embedding and activating models re-embeds the catalogue: the operator's admin token only. */
function requireOperator(ctx: RequestContext): ModelAdminService {
  if (ctx.callerId !== "admin") {
    if (!ctx.callerId || ctx.callerId.startsWith("ip:")) throw new UnauthenticatedError("changing models needs the admin token");
    throw new ForbiddenError("keys cannot change models; use the admin token");
  }
  return modelAdmin(ctx);
}

const toModel = (s: ModelStatus): EmbeddingModel => ({
  name: s.name,
  version: s.version,
  dimensions: s.dimensions,
  active: s.active,
  embeddedTracks: s.embeddedTracks,
  totalTracks: s.totalTracks,
  pendingJobs: s.pendingJobs,
  failedJobs: s.failedJobs,
  error: s.error,
});

@Resolver()
export class ModelResolver {
  @Authorized("search")
  @Query(() => [EmbeddingModel], { description: "Models found under models/ or stored in the database, with how much of the catalogue (the caller's catalogs) each has embedded" })
  async models(@Ctx() ctx: RequestContext): Promise<EmbeddingModel[]> {
    // counted within the caller's catalogs: totals over every catalog would count other tenants' tracks
    return (await modelAdmin(ctx).list(catalogScope(ctx))).map(toModel);
  }

  @Mutation(() => ModelActivation, { description: "Queue re-embedding of every track the model has no vector for (admin token only; idempotent)" })
  async embedModel(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext): Promise<ModelActivation> {
    const { status, queued } = await requireOperator(ctx).embed(name);
    return { model: toModel(status), activated: status.active, queued };
  }

  @Mutation(() => ModelActivation, {
    description: "Make the model active once every track has its embeddings; until then queue what is missing and keep the current model (admin token only; call again to finish)",
  })
  async activateModel(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext): Promise<ModelActivation> {
    const r = await requireOperator(ctx).activate(name);
    return { model: toModel(r.status), activated: r.activated, queued: r.queued };
  }
}
