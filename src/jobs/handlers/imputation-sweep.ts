import type { Database } from "../../db/database.ts";
import { ImputationRepository } from "../../db/repositories/imputation.repository.ts";
import { JobRepository, type JobRecord, type NewJob } from "../../db/repositories/job.repository.ts";
import { IMPUTED_FIELDS, knownValue } from "../../ingest/imputation.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { DeferJobError, type JobOutcome } from "../job-handler.ts";

/**
 * `imputation-sweep` (issue #20 item 5): after an ingest adds tracks to a catalog, queue an
 * imputation job for each of its tracks that lacks genre, mood or bpm and has none yet. Queued
 * debounced per catalog by the audio-embedding job (create-handlers.ts), so it runs once the
 * batch has settled and every new track has its neighbours in place; it also waits while the
 * catalog's web pages and LLM descriptions are pending, since those may know the field.
 */
export function imputationSweepHandler(runtime: ModelRuntime, settleSeconds: number) {
  return async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    const catalog = String(job.payload.catalog);
    const jobs = new JobRepository(db);
    await jobs.clearRerun(job.id);
    const repo = new ImputationRepository(db);
    if (await repo.descriptionsPending(catalog)) throw new DeferJobError(`catalog ${catalog}: web/LLM descriptions pending`, settleSeconds);
    const candidates = await repo.tracksNotImputed(catalog, runtime.model.version);
    const missing = candidates.filter((t) => IMPUTED_FIELDS.some((f) => knownValue(t.metadata, f) === null));
    const followUps: NewJob[] = missing.map((t) => ({ kind: "imputation", dedupeKey: `${t.id}:${runtime.model.version}`, payload: { trackId: t.id } }));
    // tracks stored while this ran enqueued the sweep again: run once more after they settle
    if (await jobs.rerunRequested(job.id)) {
      await jobs.enqueue(followUps);
      throw new DeferJobError(`catalog ${catalog}: more tracks arrived during the sweep`, settleSeconds);
    }
    return { result: { catalog, queued: followUps.length, tracks: candidates.length }, followUps };
  };
}
