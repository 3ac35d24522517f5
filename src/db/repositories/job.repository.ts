import type { Queryable } from "../database.ts";

export const JOB_KINDS = [
  "discover", "audio-embedding", "web-metadata", "llm-description", "imputation", "re-embedding", "soft-genres", "admin-task", "imputation-sweep",
] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobStatus = "queued" | "running" | "succeeded" | "dead";
/** What a request row stands for: an ingest, or an admin task (sql/046_admin_tasks.sql). */
export const REQUEST_KINDS = ["ingest", "impute", "labels-align", "labels-genres", "catalog-index"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface JobRecord {
  id: string;
  requestId: string | null;
  kind: JobKind;
  dedupeKey: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  result: Record<string, unknown> | null;
}

export interface NewJob {
  kind: JobKind;
  dedupeKey: string;
  payload: Record<string, unknown>;
  requestId?: string | null;
  maxAttempts?: number;
  /**
   * Debounced: run this many seconds after the *last* enqueue with the same key (each enqueue
   * pushes it back), and queue it again even when it already ran: see enqueueDebounced.
   */
  debounceSeconds?: number;
}

export interface RequestRecord {
  id: string;
  path: string;
  catalog: string | null;
  total: number | null;
  error: string | null;
  /** caller id of who asked (null: made before it was recorded) */
  createdBy: string | null;
  kind: RequestKind;
  createdAt: Date;
}

/** Job counts of one request by kind and status, plus the per-file outcome of audio jobs. */
export interface RequestCounts {
  byKindStatus: Array<{ kind: JobKind; status: JobStatus; n: number }>;
  audioOutcomes: { ingested: number; skipped: number };
}

interface JobRow {
  id: string | number;
  request_id: string | null;
  kind: JobKind;
  dedupe_key: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  result: Record<string, unknown> | null;
}

const JOB_COLUMNS = "id, request_id, kind, dedupe_key, payload, status, attempts, max_attempts, last_error, result";

function toJob(r: JobRow): JobRecord {
  return {
    id: String(r.id),
    requestId: r.request_id,
    kind: r.kind,
    dedupeKey: r.dedupe_key,
    payload: r.payload ?? {},
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    result: r.result,
  };
}

/** All SQL of the durable job queue (see sql/003_jobs.sql for why it is a plain table). */
export class JobRepository {
  constructor(private readonly db: Queryable) {}

  /** `path`: the folder for an ingest; a short description of the task for an admin task. */
  async createRequest(path: string, catalog: string | null, createdBy: string | null = null, kind: RequestKind = "ingest"): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO ingest_requests (path, catalog, created_by, kind) VALUES ($1, $2, $3, $4) RETURNING id`,
      [path, catalog, createdBy, kind],
    );
    return row.id;
  }

  async findRequest(id: string): Promise<RequestRecord | null> {
    const rows = await this.db.query<RequestRecord>(
      `SELECT id, path, catalog, total, error, created_by AS "createdBy", kind, created_at AS "createdAt" FROM ingest_requests WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async setRequestTotal(id: string, total: number): Promise<void> {
    await this.db.query(`UPDATE ingest_requests SET total = $2, error = NULL WHERE id = $1`, [id, total]);
  }

  async failRequest(id: string, error: string): Promise<void> {
    await this.db.query(`UPDATE ingest_requests SET error = $2 WHERE id = $1`, [id, error]);
  }

  /**
   * Enqueues jobs in one statement. An existing job with the same (kind, key) is left alone unless
   * it is dead: then it is queued again with fresh attempts, so re-running retries only failures.
   */
  async enqueue(all: readonly NewJob[]): Promise<number> {
    const debounced = all.filter((j) => j.debounceSeconds !== undefined);
    let n = 0;
    for (const j of debounced) n += await this.enqueueDebounced(j, j.debounceSeconds!);
    const jobs = all.filter((j) => j.debounceSeconds === undefined);
    if (!jobs.length) return n;
    const rows = await this.db.query(
      `INSERT INTO jobs (kind, dedupe_key, payload, request_id, max_attempts)
       SELECT j.kind, j.dedupe_key, j.payload, j.request_id, j.max_attempts
         FROM jsonb_to_recordset($1::jsonb)
           AS j(kind text, dedupe_key text, payload jsonb, request_id uuid, max_attempts integer)
       ON CONFLICT (kind, dedupe_key) DO UPDATE
         SET status = 'queued', attempts = 0, run_after = now(), last_error = NULL, result = NULL,
             request_id = EXCLUDED.request_id, payload = EXCLUDED.payload, updated_at = now()
         WHERE jobs.status = 'dead'
       RETURNING id`,
      [
        JSON.stringify(
          jobs.map((j) => ({
            kind: j.kind,
            dedupe_key: j.dedupeKey,
            payload: j.payload,
            request_id: j.requestId ?? null,
            max_attempts: j.maxAttempts ?? 5,
          })),
        ),
      ],
    );
    return n + rows.length;
  }

  /**
   * A job that should run once things settle (the imputation sweep after an ingest): queued to
   * run `delaySeconds` from now, pushed back by every later enqueue of the same key, and queued
   * again after it succeeded or died. While it runs, the enqueue only marks it (`payload.rerun`):
   * the handler checks the mark when it finishes and defers itself, so work that arrived during
   * the run is not lost (see clearRerun / rerunRequested).
   */
  async enqueueDebounced(job: NewJob, delaySeconds: number): Promise<number> {
    const rows = await this.db.query(
      `INSERT INTO jobs (kind, dedupe_key, payload, request_id, max_attempts, run_after)
       VALUES ($1, $2, $3::jsonb, $4, $5, now() + make_interval(secs => $6::double precision))
       ON CONFLICT (kind, dedupe_key) DO UPDATE
         SET status = CASE WHEN jobs.status = 'running' THEN 'running' ELSE 'queued' END,
             payload = CASE WHEN jobs.status = 'running' THEN jobs.payload || '{"rerun": true}'::jsonb ELSE EXCLUDED.payload END,
             run_after = CASE WHEN jobs.status = 'running' THEN jobs.run_after ELSE EXCLUDED.run_after END,
             attempts = CASE WHEN jobs.status = 'running' THEN jobs.attempts ELSE 0 END,
             last_error = CASE WHEN jobs.status = 'running' THEN jobs.last_error ELSE NULL END,
             updated_at = now()
       RETURNING id`,
      [job.kind, job.dedupeKey, JSON.stringify(job.payload), job.requestId ?? null, job.maxAttempts ?? 5, delaySeconds],
    );
    return rows.length;
  }

  /** Makes queued debounced jobs of this kind due now (the CLI's local ingest runs its sweep at once). */
  async runDebouncedNow(kind: JobKind): Promise<number> {
    const rows = await this.db.query(
      `UPDATE jobs SET run_after = now() WHERE kind = $1 AND status = 'queued' AND run_after > now() RETURNING id`,
      [kind],
    );
    return rows.length;
  }

  /** Clears a running job's rerun mark (enqueueDebounced); the handler calls it when it starts. */
  async clearRerun(id: string): Promise<void> {
    await this.db.query(`UPDATE jobs SET payload = payload - 'rerun' WHERE id = $1`, [id]);
  }

  /** True when the job was enqueued again while it ran. */
  async rerunRequested(id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM jobs WHERE id = $1 AND (payload->>'rerun')::boolean IS TRUE`, [id]);
    return rows.length > 0;
  }

  /**
   * Jobs whose lease ran out after their last allowed attempt (the worker died on them each time,
   * e.g. a file that crashes the decoder) go to the dead-letter state instead of being retried.
   */
  async buryExpired(): Promise<number> {
    const rows = await this.db.query(
      `UPDATE jobs SET status = 'dead', locked_by = NULL, locked_until = NULL, updated_at = now(),
              last_error = coalesce(last_error || ' / ', '') || 'the worker stopped while running this job on its last attempt'
        WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts
       RETURNING id`,
    );
    return rows.length;
  }

  /**
   * Claims up to `limit` runnable jobs: queued and due, or running under an expired lease (their
   * worker died). SKIP LOCKED lets several worker processes claim side by side without waiting.
   */
  async claim(workerId: string, limit: number, leaseSeconds: number): Promise<JobRecord[]> {
    const rows = await this.db.query<JobRow>(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1,
              locked_until = now() + make_interval(secs => $2::double precision), updated_at = now()
        WHERE id IN (
          SELECT id FROM jobs
           WHERE (status = 'queued' AND run_after <= now())
              OR (status = 'running' AND locked_until < now() AND attempts < max_attempts)
           ORDER BY id
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
       RETURNING ${JOB_COLUMNS}`,
      [workerId, leaseSeconds, limit],
    );
    return rows.map(toJob).sort((a, b) => Number(a.id) - Number(b.id));
  }

  async renewLeases(workerId: string, ids: readonly string[], leaseSeconds: number): Promise<void> {
    if (!ids.length) return;
    await this.db.query(
      `UPDATE jobs SET locked_until = now() + make_interval(secs => $3::double precision)
        WHERE id = ANY($2::bigint[]) AND locked_by = $1 AND status = 'running'`,
      [workerId, ids, leaseSeconds],
    );
  }

  /** Marks a claimed job done; false when the lease was lost meanwhile (another worker owns it). */
  async complete(id: string, workerId: string, result: Record<string, unknown>): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE jobs SET status = 'succeeded', result = $3::jsonb, last_error = NULL,
              locked_by = NULL, locked_until = NULL, updated_at = now()
        WHERE id = $1 AND locked_by = $2 AND status = 'running'
       RETURNING id`,
      [id, workerId, JSON.stringify(result)],
    );
    return rows.length > 0;
  }

  /**
   * Records a failed attempt: queued again after `retryInSeconds`, or dead when null. With
   * `extraAttempt` the job is allowed one more attempt (the failure was an outage, not the job).
   */
  async fail(id: string, workerId: string, error: string, retryInSeconds: number | null, extraAttempt = false): Promise<void> {
    await this.db.query(
      `UPDATE jobs SET status = CASE WHEN $4::double precision IS NULL THEN 'dead' ELSE 'queued' END,
              run_after = now() + make_interval(secs => coalesce($4::double precision, 0)),
              max_attempts = max_attempts + CASE WHEN $5::boolean THEN 1 ELSE 0 END,
              last_error = $3, locked_by = NULL, locked_until = NULL, updated_at = now()
        WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [id, workerId, error.slice(0, 4000), retryInSeconds, extraAttempt],
    );
  }

  async countsForRequest(requestId: string): Promise<RequestCounts> {
    const rows = await this.db.query<{ kind: JobKind; status: JobStatus; n: string | number }>(
      `SELECT kind, status, count(*) AS n FROM jobs WHERE request_id = $1 GROUP BY kind, status`,
      [requestId],
    );
    const [outcome] = await this.db.query<{ ingested: string | number; skipped: string | number }>(
      `SELECT count(*) FILTER (WHERE result->>'status' = 'ingested') AS ingested,
              count(*) FILTER (WHERE result->>'status' = 'skipped') AS skipped
         FROM jobs WHERE request_id = $1 AND kind = 'audio-embedding' AND status = 'succeeded'`,
      [requestId],
    );
    return {
      byKindStatus: rows.map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) })),
      audioOutcomes: { ingested: Number(outcome?.ingested ?? 0), skipped: Number(outcome?.skipped ?? 0) },
    };
  }

  async deadJobsForRequest(requestId: string, limit: number): Promise<JobRecord[]> {
    const rows = await this.db.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE request_id = $1 AND status = 'dead' ORDER BY id LIMIT $2`,
      [requestId, limit],
    );
    return rows.map(toJob);
  }

  async findByDedupeKey(kind: JobKind, dedupeKey: string): Promise<JobRecord | null> {
    const rows = await this.db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE kind = $1 AND dedupe_key = $2`, [kind, dedupeKey]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async find(id: string): Promise<JobRecord | null> {
    const rows = await this.db.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** True while a job of this kind for the track (payload.trackId) is queued or running. */
  async hasPendingForTrack(kind: JobKind, trackId: string, exceptId?: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM jobs
        WHERE payload->>'trackId' = $2 AND kind = $1 AND status IN ('queued', 'running') AND ($3::bigint IS NULL OR id <> $3::bigint)
        LIMIT 1`,
      [kind, trackId, exceptId ?? null],
    );
    return rows.length > 0;
  }

  /**
   * True while any job is queued or running (optionally: of one request). A debounced sweep that
   * is not due yet does not count: it waits for quiet, and a drain waiting for it would wait for
   * the debounce (runDebouncedNow makes it due when a caller wants it done).
   */
  async hasPending(requestId?: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM jobs
        WHERE status IN ('queued', 'running') AND ($1::uuid IS NULL OR request_id = $1)
          AND NOT (kind = 'imputation-sweep' AND status = 'queued' AND run_after > now())
        LIMIT 1`,
      [requestId ?? null],
    );
    return rows.length > 0;
  }
}
