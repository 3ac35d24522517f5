import { createHash } from "node:crypto";
import type { NewJob } from "../db/repositories/job.repository.ts";
import { PROMPT_VERSION, type TrackFacts } from "../llm/description-prompt.ts";

/**
 * Which description jobs a track gets (issue #19, "web before LLM"). Both are queued together,
 * so re-submitting a folder re-queues whichever died; the LLM job waits (DeferJobError, no
 * attempt used) while the track's web-metadata job is queued or running, so the LLM always
 * writes from the page text once it is stored, however slow the page. A web page that brings
 * new text after the LLM already answered queues the LLM again, keyed by a hash of the facts it
 * will be shown: changed facts ask again, the same facts never twice.
 */
export interface DescriptionPlan {
  webEnabled: boolean;
  /** the LLM model name, or null when no LLM is configured */
  llmModel: string | null;
}

/** `round` distinguishes a re-run (a metadata correction) from the first one at ingest. */
export function descriptionJobs(plan: DescriptionPlan, trackId: string, round: string | null = null): NewJob[] {
  const jobs: NewJob[] = [];
  if (plan.webEnabled) jobs.push({ kind: "web-metadata", dedupeKey: round ? `${trackId}:${round}` : trackId, payload: { trackId } });
  // One LLM job per track, prompt version and model (and round): a new prompt or model asks again.
  if (plan.llmModel) jobs.push({ kind: "llm-description", dedupeKey: `${trackId}:${PROMPT_VERSION}:${plan.llmModel}${round ? `:${round}` : ""}`, payload: { trackId } });
  return jobs;
}

/** The LLM job for facts that changed after the LLM answered (a page with new text). */
export function llmJobForFacts(plan: DescriptionPlan, trackId: string, facts: TrackFacts): NewJob[] {
  if (!plan.llmModel) return [];
  const factsHash = createHash("sha256").update(JSON.stringify(facts)).digest("hex").slice(0, 16);
  return [{ kind: "llm-description", dedupeKey: `${trackId}:${PROMPT_VERSION}:${plan.llmModel}:facts-${factsHash}`, payload: { trackId } }];
}
