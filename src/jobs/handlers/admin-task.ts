import type { Database } from "../../db/database.ts";
import { ImputationRepository } from "../../db/repositories/imputation.repository.ts";
import type { JobRecord, NewJob } from "../../db/repositories/job.repository.ts";
import { DEFAULT_CLUSTER_THRESHOLD } from "../../labels/label-clustering.ts";
import { DEFAULT_VOCABULARY_FILES, readVocabulary } from "../../labels/vocabulary.ts";
import type { AdminTaskPayload } from "../../services/admin-tasks.service.ts";
import { CatalogIndexService } from "../../services/catalog-index.service.ts";
import { InvalidInputError, NotFoundError } from "../../services/errors.ts";
import { LabelAlignmentService } from "../../services/label-alignment.service.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { PermanentJobError, type JobOutcome } from "../job-handler.ts";

/** Tracks per soft-genre job of `labels genres` (one transaction each, as the CLI did). */
export const GENRE_BATCH = 100;

/**
 * `admin-task`: the first job of an admin task. Per-track work fans out as ordinary jobs of the
 * task's request (imputation; soft genres in batches), so it is resumable and visible job by job;
 * a step that is one transaction anyway (label alignment, a catalog's index build) runs here.
 * Each is idempotent: a retry after a crash re-queues nothing that already ran (imputation keys
 * by track and model; genre batches by request) and rebuilds what an interrupted step left.
 */
export function adminTaskHandler(runtime: ModelRuntime) {
  return async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    const p = job.payload as unknown as AdminTaskPayload;
    switch (p.task) {
      case "impute": {
        const ids = await new ImputationRepository(db).allTrackIds(p.catalog);
        // keyed like `tunelens impute` always was: a re-run queues only tracks whose job died
        const followUps: NewJob[] = ids.map((id) => ({ kind: "imputation", dedupeKey: `${id}:${runtime.model.version}`, payload: { trackId: id } }));
        return { result: { tracks: ids.length, summary: `imputation queued for ${ids.length} tracks` }, followUps };
      }
      case "labels-genres": {
        const ids = await new ImputationRepository(db).allTrackIds(p.catalog);
        const followUps: NewJob[] = [];
        for (let i = 0; i < ids.length; i += GENRE_BATCH) {
          followUps.push({ kind: "soft-genres", dedupeKey: `${job.requestId ?? job.id}:batch:${i / GENRE_BATCH}`, payload: { trackIds: ids.slice(i, i + GENRE_BATCH) } });
        }
        return { result: { tracks: ids.length, summary: `soft genres queued for ${ids.length} tracks` }, followUps };
      }
      case "labels-align": {
        const vocabularies = p.vocabularies ?? DEFAULT_VOCABULARY_FILES.map(readVocabulary);
        const r = await new LabelAlignmentService(db, runtime).align(vocabularies, p.threshold ?? DEFAULT_CLUSTER_THRESHOLD);
        const merged = r.clusters.filter((c) => c.members.length > 1).length;
        const summary = `${r.labels} labels from ${vocabularies.length} vocabularies → ${r.clusters.length} clusters (${merged} with synonyms) at threshold ${r.threshold} for model ${runtime.model.version}`;
        return { result: { labels: r.labels, clusters: r.clusters.length, merged, model: runtime.model.version, summary } };
      }
      case "catalog-index": {
        const svc = new CatalogIndexService(db);
        let names: string[];
        try {
          names = p.drop ? await svc.drop(p.catalog) : await svc.create(p.catalog);
        } catch (err) {
          // a name that cannot be indexed, or dropping what was never built: retrying cannot help
          if (err instanceof InvalidInputError || err instanceof NotFoundError) throw new PermanentJobError(err.message);
          throw err;
        }
        return { result: { indexes: names, summary: `${p.drop ? "dropped" : "built"} ${names.length} index(es) for catalog ${p.catalog}` } };
      }
      case "catalog-index-auto": {
        // one task for every catalog that qualifies; a rerun after a crash skips those already registered
        const created = await new CatalogIndexService(db).autoCreate(p.minTracks);
        const names = created.length ? `: ${created.join(", ")}` : "";
        return { result: { catalogs: created, summary: `indexed ${created.length} catalog(s) with at least ${p.minTracks} tracks${names}` } };
      }
      default:
        throw new PermanentJobError(`unknown admin task ${JSON.stringify((p as { task?: unknown }).task)}`);
    }
  };
}
