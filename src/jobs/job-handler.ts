import type { Database } from "../db/database.ts";
import type { JobKind, JobRecord, NewJob } from "../db/repositories/job.repository.ts";

/** What a handler reports: stored as the job's result; follow-up jobs are enqueued with it. */
export interface JobOutcome {
  result: Record<string, unknown>;
  followUps?: NewJob[];
}

/**
 * An error retrying cannot fix (corrupt audio, a file over the size limit, junk from a metadata
 * page): the job goes straight to the dead-letter state with this message.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export type JobHandler = (job: JobRecord, db: Database) => Promise<JobOutcome>;
export type JobHandlers = Partial<Record<JobKind, JobHandler>>;

/**
 * Not this job's turn yet (e.g. an LLM description waiting for the track's web page): queued
 * again after `seconds`, and the attempt does not count.
 */
export class DeferJobError extends Error {
  constructor(message: string, readonly seconds = 1) {
    super(message);
    this.name = "DeferJobError";
  }
}
