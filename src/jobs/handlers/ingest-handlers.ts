import { CatalogError, discoverCatalog, type CatalogItem } from "../../ingest/catalog-source.ts";
import { IngestService, type IngestOptions } from "../../ingest/ingest-service.ts";
import { JobRepository, type JobRecord, type NewJob } from "../../db/repositories/job.repository.ts";
import type { Database } from "../../db/database.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { PermanentJobError, type JobOutcome } from "../job-handler.ts";
import { resolveUnderRoots } from "../../services/library-roots.ts";
import { ForbiddenError, InvalidInputError } from "../../services/errors.ts";

/** Follow-up jobs a newly stored track gets (descriptions from the web, from the LLM…). */
/** Jobs to queue after a track is stored; `stored`: new this time (not skipped as already stored). */
export type FollowUpPlanner = (trackId: string, catalog: string, stored: boolean) => NewJob[];

/**
 * `discover`: lists the folder or data set once and queues one audio job per file, all in one
 * transaction, so a crash never leaves a half-listed request.
 */
export function discoverHandlerFor(opts: { maxManifestBytes?: number }) {
  return (job: JobRecord, db: Database) => discover(job, db, opts);
}

async function discover(job: JobRecord, db: Database, opts: { maxManifestBytes?: number }): Promise<JobOutcome> {
  const { path, catalog, roots } = job.payload as { path: string; catalog?: string | null; roots?: string[] };
  const requestId = job.requestId;
  let items: CatalogItem[];
  try {
    // An API key's request is confined to the library roots when read, not only when submitted:
    // the folder may have been renamed or replaced by a link since.
    const target = roots ? await confined(path, roots) : path;
    items = await discoverCatalog(target, { catalog: catalog ?? undefined, maxManifestBytes: opts.maxManifestBytes });
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
    if (requestId) await new JobRepository(db).failRequest(requestId, err.message);
    throw new PermanentJobError(err.message, { cause: err });
  }
  await db.transaction(async (tx) => {
    const repo = new JobRepository(tx);
    await repo.enqueue(
      items.map((item) => ({
        kind: "audio-embedding" as const,
        dedupeKey: `${requestId ?? "none"}:${item.file}`,
        payload: item as unknown as Record<string, unknown>,
        requestId,
      })),
    );
    if (requestId) await repo.setRequestTotal(requestId, items.length);
  });
  return { result: { files: items.length } };
}

async function confined(requested: string, roots: string[]): Promise<string> {
  try {
    return await resolveUnderRoots(requested, roots);
  } catch (err) {
    if (err instanceof ForbiddenError || err instanceof InvalidInputError) throw new CatalogError(err.message);
    throw err;
  }
}

/**
 * `audio-embedding`: one file → one track with its audio embedding, catalog/tag descriptions and
 * fused description embedding, written in one transaction (IngestService). Idempotent by content
 * hash: a job re-run after a crash finds the track and reports it skipped.
 */
export function audioEmbeddingHandler(runtime: ModelRuntime, opts: IngestOptions, followUps: FollowUpPlanner) {
  return async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    const item = job.payload as unknown as CatalogItem;
    const r = await new IngestService({ db, ...runtime }, opts).ingestOne(item);
    if (r.status === "failed") {
      const message = r.error ?? `${item.file}: unknown error`;
      throw r.permanent ? new PermanentJobError(message) : new Error(message);
    }
    return {
      result: { status: r.status, trackId: r.trackId, file: item.file },
      followUps: r.trackId ? followUps(r.trackId, item.catalog, r.status === "ingested") : [],
    };
  };
}
