import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { ExperimentRecord, StoredVariant } from "../db/repositories/experiment.repository.ts";
import { ExperimentReport } from "../schema/experiment-report.type.ts";
import { CreateExperimentInput, InteractionInput, UpdateExperimentInput, type VariantInput } from "../schema/experiment.input.ts";
import { Experiment, ExperimentStatusEnum, Interaction } from "../schema/experiment.type.ts";
import type { RankingSignalEnum } from "../schema/ranking.input.ts";
import type { ExperimentKindEnum, InteractionTypeEnum } from "../schema/experiment.input.ts";
import { requireScope } from "./auth.ts";
import { catalogScope, type RequestContext } from "./context.ts";

/** Experiment administration (scope experiments:admin) and interaction logging (scope search). */
@Resolver()
export class ExperimentResolver {
  @Mutation(() => Experiment, { description: "Create an experiment; it starts RUNNING" })
  async createExperiment(@Arg("input", () => CreateExperimentInput) input: CreateExperimentInput, @Ctx() ctx: RequestContext): Promise<Experiment> {
    requireScope(ctx, "experiments:admin");
    const created = await ctx.services.experiments.create({
      key: input.key,
      kind: input.kind,
      coverage: input.coverage,
      variants: input.variants.map(toVariant),
      description: input.description ?? null,
    });
    return toExperiment(created);
  }

  @Mutation(() => Experiment, { description: "Change coverage, description, or the variants' weights and rankings" })
  async updateExperiment(
    @Arg("key", () => String) key: string,
    @Arg("input", () => UpdateExperimentInput) input: UpdateExperimentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Experiment> {
    requireScope(ctx, "experiments:admin");
    const patch = { coverage: input.coverage, variants: input.variants?.map(toVariant) ?? null, ...(input.description !== undefined ? { description: input.description } : {}) };
    return toExperiment(await ctx.services.experiments.update(key, patch));
  }

  @Mutation(() => Experiment, { description: "Stop serving variants (requests get the default ranking); resume with resumeExperiment" })
  async stopExperiment(@Arg("key", () => String) key: string, @Ctx() ctx: RequestContext): Promise<Experiment> {
    requireScope(ctx, "experiments:admin");
    return toExperiment(await ctx.services.experiments.setStatus(key, "stopped"));
  }

  @Mutation(() => Experiment)
  async resumeExperiment(@Arg("key", () => String) key: string, @Ctx() ctx: RequestContext): Promise<Experiment> {
    requireScope(ctx, "experiments:admin");
    return toExperiment(await ctx.services.experiments.setStatus(key, "running"));
  }

  @Mutation(() => Experiment, { description: "Stop for good and hide from `experiments`; the report stays readable" })
  async archiveExperiment(@Arg("key", () => String) key: string, @Ctx() ctx: RequestContext): Promise<Experiment> {
    requireScope(ctx, "experiments:admin");
    return toExperiment(await ctx.services.experiments.setStatus(key, "archived"));
  }

  @Query(() => Experiment)
  async experiment(@Arg("key", () => String) key: string, @Ctx() ctx: RequestContext): Promise<Experiment> {
    requireScope(ctx, "experiments:admin");
    return toExperiment(await ctx.services.experiments.get(key));
  }

  @Query(() => [Experiment])
  async experiments(@Arg("includeArchived", () => Boolean, { defaultValue: false }) includeArchived: boolean, @Ctx() ctx: RequestContext): Promise<Experiment[]> {
    requireScope(ctx, "experiments:admin");
    return (await ctx.services.experiments.list(includeArchived)).map(toExperiment);
  }

  @Query(() => ExperimentReport, { description: "Per-variant metrics with 95 % intervals and p-values (A/B), or per-unit wins (interleaving)" })
  async experimentReport(@Arg("key", () => String) key: string, @Ctx() ctx: RequestContext): Promise<ExperimentReport> {
    requireScope(ctx, "experiments:admin");
    const r = await ctx.services.experiments.report(key);
    return { experiment: toExperiment(r.experiment), ab: r.ab, interleaving: r.interleaving };
  }

  @Mutation(() => Interaction, { description: "Log a click, play, skip or like on an item of a ranked answer (its queryId and the edge's rank)" })
  async recordInteraction(@Arg("input", () => InteractionInput) input: InteractionInput, @Ctx() ctx: RequestContext): Promise<Interaction> {
    requireScope(ctx, "search");
    // A tenant logs interactions only with its own tracks (a foreign id is NOT_FOUND, as in `track`).
    const scope = catalogScope(ctx);
    if (scope !== null && input.trackId) await ctx.services.tracks.get(input.trackId, scope);
    const row = await ctx.services.interactions.record({
      queryId: input.queryId,
      trackId: input.trackId ?? null,
      type: input.type,
      position: input.position,
      dwellMs: input.dwellMs ?? null,
    });
    return { ...row, type: row.type as InteractionTypeEnum };
  }
}

function toVariant(v: VariantInput): StoredVariant {
  return { name: v.name, weight: v.weight, ranking: { signal: v.ranking.signal, alpha: v.ranking.alpha, mmrLambda: v.ranking.mmrLambda ?? null, model: v.ranking.model ?? null } };
}

function toExperiment(e: ExperimentRecord): Experiment {
  return {
    key: e.key,
    kind: e.kind as ExperimentKindEnum,
    status: e.status as ExperimentStatusEnum,
    coverage: e.coverage,
    variants: e.variants.map((v) => ({
      name: v.name,
      weight: v.weight,
      ranking: { signal: v.ranking.signal as RankingSignalEnum, alpha: v.ranking.alpha, mmrLambda: v.ranking.mmrLambda ?? null, model: v.ranking.model ?? null },
    })),
    description: e.description,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}
