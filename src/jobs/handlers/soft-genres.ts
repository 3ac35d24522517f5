import type { Database } from "../../db/database.ts";
import type { JobRecord, NewJob } from "../../db/repositories/job.repository.ts";
import { GenreService } from "../../services/genre.service.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { PermanentJobError, type JobOutcome } from "../job-handler.ts";

/**
 * `soft-genres`: the track's genre distribution (tags, descriptions, neighbours, zero-shot) under
 * the served model, queued after its audio embedding and again after a metadata page or the LLM
 * stored new text (softGenresAgain); `tunelens labels genres` recomputes a whole catalog by queueing
 * these jobs with `payload.trackIds`, a batch computed in one transaction (src/jobs/handlers/admin-task.ts).
 */
export function softGenresHandler(runtime: ModelRuntime) {
  return async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    if (Array.isArray(job.payload.trackIds)) {
      // deleted tracks are simply absent from the result
      const ids = job.payload.trackIds.map(String);
      const computed = await new GenreService(db, runtime).compute(ids);
      return { result: { tracks: ids.length, computed: computed.size } };
    }
    const trackId = String(job.payload.trackId);
    const computed = await new GenreService(db, runtime).compute([trackId]);
    const genres = computed.get(trackId);
    if (!genres) throw new PermanentJobError(`track ${trackId} no longer exists`);
    return { result: { trackId, genres: genres.slice(0, 3) } };
  };
}

/**
 * The track's soft genres again once new page or LLM text is stored: the first `soft-genres` job
 * (queued with the audio embedding) may have run before it, and a page's genre ("ragtime") is
 * evidence the distribution must count (issue #20).
 */
export function softGenresAgain(runtime: ModelRuntime, trackId: string, after: "web" | "llm"): NewJob {
  return { kind: "soft-genres", dedupeKey: `${trackId}:${runtime.model.version}:${after}`, payload: { trackId } };
}
