import type { Database } from "../../db/database.ts";
import { DescriptionRepository } from "../../db/repositories/description.repository.ts";
import type { JobRecord } from "../../db/repositories/job.repository.ts";
import { TrackRepository } from "../../db/repositories/track.repository.ts";
import { answerDescriptions, isUnknown } from "../../llm/description-prompt.ts";
import { LlmAnswerError, type LlmDescriber } from "../../llm/llm-describer.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { addDescriptions } from "../description-store.ts";
import { DeferJobError, PermanentJobError, type JobOutcome } from "../job-handler.ts";
import { JobRepository } from "../../db/repositories/job.repository.ts";

/** How often a waiting LLM job looks again for its track's web metadata. */
const WEB_WAIT_SECONDS = 0.5;
import { trackFacts } from "./track-facts.ts";
import { softGenresAgain } from "./soft-genres.ts";

/**
 * `llm-description`: asks the LLM for short descriptions of one track and stores them (source
 * `llm`, provenance: model, prompt version, prompt hash) with the recomputed fused embedding.
 * The structured fields (genre, mood…) are kept in `metadata.llm` for imputation and display.
 */
export function llmDescriptionHandler(runtime: ModelRuntime, llm: LlmDescriber) {
  return async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    const trackId = String(job.payload.trackId);
    // Web before LLM: the prompt must carry the page text, so wait while the page is pending.
    if (await new JobRepository(db).hasPendingForTrack("web-metadata", trackId)) {
      throw new DeferJobError(`waiting for the web metadata of track ${trackId}`, WEB_WAIT_SECONDS);
    }
    const [track] = await new TrackRepository(db).findByIds([trackId]);
    if (!track) throw new PermanentJobError(`track ${trackId} no longer exists`);
    const [descriptions] = await new DescriptionRepository(db).findByTrackIds([trackId]);
    let described;
    try {
      described = await llm.describe(db, trackFacts(track, descriptions));
    } catch (err) {
      // the openai package is loaded only once a job asks the LLM (the describer loaded it)
      throw classify(err, llm.model, await import("openai"));
    }
    const { answer, provenance } = described;
    const texts = answerDescriptions(answer);
    const fields = Object.fromEntries(
      (["genre", "subgenre", "mood", "instrumentation", "tempoFeel", "useCase"] as const)
        .filter((k) => !isUnknown(answer[k]))
        .map((k) => [k, answer[k]]),
    );
    const { inserted } = await addDescriptions(
      db,
      runtime,
      trackId,
      texts.map((text) => ({ source: "llm" as const, text, provenance: { origin: "llm", ...provenance } })),
      { llm: { ...fields, model: provenance.model, promptVersion: provenance.promptVersion } },
      // asked again from changed facts (web text, a correction): the new answer replaces the old
      { replace: "llm" },
    );
    // new text may name genres: recount the track's soft genres (after the first soft-genres job)
    return { result: { trackId, descriptions: texts.length, inserted, cached: provenance.cached }, followUps: inserted > 0 ? [softGenresAgain(runtime, trackId, "llm")] : [] };
  };
}

/** Errors retrying later can fix (rate limits, server errors, timeouts) stay retryable. */
function classify(err: unknown, model: string, { APIConnectionTimeoutError, APIError }: typeof import("openai")): Error {
  if (err instanceof LlmAnswerError) return new PermanentJobError(err.message, { cause: err });
  if (err instanceof APIConnectionTimeoutError) return new Error(`the LLM (${model}) timed out`, { cause: err });
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const message = `the LLM (${model}) answered HTTP ${status || "error"}: ${err.message}`;
    const retryable = status === 0 || status === 408 || status === 409 || status === 429 || status >= 500;
    return retryable ? new Error(message, { cause: err }) : new PermanentJobError(message, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}
