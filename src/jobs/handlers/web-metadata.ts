import type { Database } from "../../db/database.ts";
import type { NewDescription } from "../../db/repositories/description.repository.ts";
import type { JobRecord, NewJob } from "../../db/repositories/job.repository.ts";
import { DescriptionRepository } from "../../db/repositories/description.repository.ts";
import { JobRepository } from "../../db/repositories/job.repository.ts";
import { llmJobForFacts, type DescriptionPlan } from "../description-plan.ts";
import { trackFacts } from "./track-facts.ts";
import { TrackRepository } from "../../db/repositories/track.repository.ts";
import { FetchRefusedError } from "../../ingest/safe-fetch.ts";
import { MetadataJunkError, type WebMetadataSource } from "../../ingest/web-metadata.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { addDescriptions } from "../description-store.ts";
import { softGenresAgain } from "./soft-genres.ts";
import { PermanentJobError, type JobOutcome } from "../job-handler.ts";

/**
 * `web-metadata`: fetches the configured metadata pages for one track and stores what they say
 * as `web` descriptions (provenance: origin web-page, url), with genre/mood/bpm in
 * `metadata.web`. Refused URLs and junk pages are dead at once; timeouts and 5xx are retried.
 * The track's LLM job waits for this one (description-plan.ts): web before LLM.
 */
export function webMetadataHandler(runtime: ModelRuntime, source: WebMetadataSource, plan: DescriptionPlan = { webEnabled: true, llmModel: null }) {
  const handler = async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    const trackId = String(job.payload.trackId);
    const [track] = await new TrackRepository(db).findByIds([trackId]);
    if (!track) throw new PermanentJobError(`track ${trackId} no longer exists`);
    let pages;
    try {
      pages = await source.fetchFor(track);
    } catch (err) {
      if (err instanceof FetchRefusedError || err instanceof MetadataJunkError) throw new PermanentJobError(err.message, { cause: err });
      throw err;
    }
    const fetchedAt = new Date().toISOString();
    const descriptions: NewDescription[] = pages.flatMap((p) => {
      const provenance = { origin: "web-page", url: p.url, fetchedAt };
      const texts = [...p.descriptions, ...(p.genre.length ? [p.genre.join(", ")] : []), ...(p.mood.length ? [p.mood.join(", ")] : [])];
      return texts.map((text) => ({ source: "web" as const, text, provenance }));
    });
    if (!pages.length) return { result: { trackId, pages: 0 } };
    const patch = {
      web: {
        genre: [...new Set(pages.flatMap((p) => p.genre))],
        mood: [...new Set(pages.flatMap((p) => p.mood))],
        bpm: pages.find((p) => p.bpm !== null)?.bpm ?? null,
        urls: pages.map((p) => p.url),
      },
    };
    const { inserted } = await addDescriptions(db, runtime, trackId, descriptions, patch);
    // New page text after the LLM already answered: ask it again (a pending LLM job of the track
    // is waiting for this one and will read the new text itself).
    const followUps = inserted > 0 ? [...(await llmAgain(db, plan, trackId)), softGenresAgain(runtime, trackId, "web")] : [];
    return { result: { trackId, pages: pages.length, inserted }, followUps };
  };
  return handler;
}

/** The LLM job for the track's facts as stored now, unless one is already pending. */
async function llmAgain(db: Database, plan: DescriptionPlan, trackId: string): Promise<NewJob[]> {
  if (!plan.llmModel || (await new JobRepository(db).hasPendingForTrack("llm-description", trackId))) return [];
  const [track] = await new TrackRepository(db).findByIds([trackId]);
  if (!track) return [];
  const [descriptions] = await new DescriptionRepository(db).findByTrackIds([trackId]);
  return llmJobForFacts(plan, trackId, trackFacts(track, descriptions ?? []));
}
