import type { Config } from "../config.ts";
import type { NewJob } from "../db/repositories/job.repository.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import type { JobHandlers } from "./job-handler.ts";
import { audioEmbeddingHandler, discoverHandler } from "./handlers/ingest-handlers.ts";

/**
 * The handlers a worker runs, wired from configuration. Sources that are not configured (no
 * OPENAI_BASE_URL/KEY, no metadata URL templates) spawn no jobs at all.
 */
export function createJobHandlers(cfg: Config, runtime: ModelRuntime): JobHandlers {
  const followUps = (trackId: string): NewJob[] => {
    const jobs: NewJob[] = [];
    return jobs.map((j) => ({ ...j, payload: { ...j.payload, trackId } }));
  };
  return {
    discover: discoverHandler,
    "audio-embedding": audioEmbeddingHandler(runtime, { maxFileBytes: cfg.maxFileBytes, maxSeconds: cfg.maxAudioSeconds }, followUps),
  };
}
