import type { Database } from "../../db/database.ts";
import type { JobRecord } from "../../db/repositories/job.repository.ts";
import { GenreService } from "../../services/genre.service.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { PermanentJobError, type JobOutcome } from "../job-handler.ts";

/**
 * `soft-genres`: the track's genre distribution (tags, descriptions, neighbours, zero-shot) under
 * the served model, queued after its audio embedding. Descriptions that arrive later (web, LLM)
 * count once `tunelens labels genres` recomputes the catalog: that task queues these jobs with
 * `payload.trackIds`, a batch computed in one transaction (src/jobs/handlers/admin-task.ts).
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
