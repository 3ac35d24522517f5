import type { Config } from "../config.ts";
import type { NewJob } from "../db/repositories/job.repository.ts";
import type { ModelRegistry } from "../services/model-registry.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import type { JobHandlers } from "./job-handler.ts";
import { descriptionJobs, type DescriptionPlan } from "./description-plan.ts";
import { LlmDescriber } from "../llm/llm-describer.ts";
import { WebMetadataSource } from "../ingest/web-metadata.ts";
import { imputationHandler } from "./handlers/imputation.ts";
import { imputationSweepHandler } from "./handlers/imputation-sweep.ts";
import { adminTaskHandler } from "./handlers/admin-task.ts";
import { softGenresHandler } from "./handlers/soft-genres.ts";
import { reEmbeddingHandler } from "./handlers/re-embedding.ts";
import { webMetadataHandler } from "./handlers/web-metadata.ts";
import { llmDescriptionHandler } from "./handlers/llm-description.ts";
import { audioEmbeddingHandler, discoverHandlerFor } from "./handlers/ingest-handlers.ts";

/**
 * The handlers a worker runs, wired from configuration. Sources that are not configured (no
 * OPENAI_BASE_URL/KEY, no metadata URL templates) spawn no jobs at all.
 */
export function createJobHandlers(cfg: Config, runtime: ModelRuntime, models: ModelRegistry | null = null): JobHandlers {
  const llm = cfg.llm ? new LlmDescriber(cfg.llm) : null;
  const web = new WebMetadataSource(cfg.metadata);
  const plan = descriptionPlan(cfg);
  const settle = cfg.imputation.afterIngestSeconds;
  const followUps = (trackId: string, catalog: string, stored: boolean): NewJob[] => [
    // Web metadata first; it queues the LLM job once the page text is stored (description-plan.ts).
    ...descriptionJobs(plan, trackId),
    // Soft genres once per track and model (sql/005_labels.sql; Track.genres, the genre filter).
    { kind: "soft-genres", dedupeKey: `${trackId}:${runtime.model.version}`, payload: { trackId } },
    // A new track may lack genre/mood/bpm: one imputation sweep per catalog once the ingest has
    // left it alone for `settle` seconds (debounced), outside the ingest request (docs/imputation.md).
    ...(stored && settle !== null
      ? [{ kind: "imputation-sweep" as const, dedupeKey: `catalog:${catalog}`, payload: { catalog }, requestId: null, debounceSeconds: settle }]
      : []),
  ];
  return {
    ...(web.enabled ? { "web-metadata": webMetadataHandler(runtime, web, plan) } : {}),
    ...(llm ? { "llm-description": llmDescriptionHandler(runtime, llm) } : {}),
    imputation: imputationHandler(runtime, cfg.imputation),
    "imputation-sweep": imputationSweepHandler(runtime, Math.max(1, settle ?? 30)),
    "admin-task": adminTaskHandler(runtime),
    "soft-genres": softGenresHandler(runtime),
    "re-embedding": reEmbeddingHandler(runtime, { maxSeconds: cfg.maxAudioSeconds, maxFileBytes: cfg.maxFileBytes, models }),
    discover: discoverHandlerFor({ maxManifestBytes: cfg.maxFileBytes }),
    "audio-embedding": audioEmbeddingHandler(runtime, { maxFileBytes: cfg.maxFileBytes, maxSeconds: cfg.maxAudioSeconds }, followUps),
  };
}

/** Which description jobs this configuration runs (the server's lifecycle service uses it too). */
export function descriptionPlan(cfg: Config): DescriptionPlan {
  return { webEnabled: new WebMetadataSource(cfg.metadata).enabled, llmModel: cfg.llm?.model ?? null };
}
