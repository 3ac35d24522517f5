import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../db/database.ts";
import { JobRepository, type JobRecord } from "../db/repositories/job.repository.ts";
import { isDatabaseOutage } from "../db/connection-loss.ts";
import { processSecrets } from "../util/secret-redaction.ts";
import { DeferJobError, PermanentJobError, type JobHandlers } from "./job-handler.ts";

/**
 * A job whose attempt failed because the database connection was lost (a terminated backend, a
 * failover) gets that attempt back, up to this many attempts in all: the outage is not the job's
 * fault, and a burst of them should not dead-letter work that would succeed a moment later.
 */
const MAX_ATTEMPTS_WITH_OUTAGES = 20;

export interface WorkerOptions {
  /** jobs run at once by this worker (default 2) */
  concurrency?: number;
  /** how long a claim lasts without renewal; a killed worker's jobs are retaken after it (default 30 s) */
  leaseSeconds?: number;
  /** wait between polls when nothing is runnable (default 500 ms) */
  pollMs?: number;
  /** first retry delay, doubled per attempt (default 2 s) */
  backoffSeconds?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/**
 * Claims jobs from the table and runs their handlers. Any number of these may run, in one
 * process or many, against the same database: claims use SKIP LOCKED and leases, so a job runs
 * in one place at a time and a job whose worker was killed is taken over when its lease expires.
 */
export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly jobs: JobRepository;
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly handlers: JobHandlers,
    private readonly opts: WorkerOptions = {},
  ) {
    this.jobs = new JobRepository(db);
  }

  private get concurrency(): number {
    return Math.max(1, this.opts.concurrency ?? 2);
  }

  private get lease(): number {
    return this.opts.leaseSeconds ?? 30;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.heartbeat = setInterval(() => {
      this.jobs.renewLeases(this.id, [...this.inFlight.keys()], this.lease).catch((err) => this.log("lease renewal failed", { err: String(err) }));
    }, Math.max(200, (this.lease * 1000) / 3));
    this.heartbeat.unref();
    this.loop = this.run();
  }

  /** Stops claiming and waits for the jobs in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Runs until no job is queued or running anywhere (optionally: for one request). */
  async drain(requestId?: string, onTick?: () => Promise<void> | void): Promise<void> {
    this.start();
    while (await this.jobs.hasPending(requestId)) {
      await onTick?.();
      await sleep(this.opts.pollMs ?? 250);
    }
    await onTick?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.concurrency - this.inFlight.size;
      let claimed: JobRecord[] = [];
      if (free > 0) {
        try {
          await this.jobs.buryExpired();
          claimed = await this.jobs.claim(this.id, free, this.lease);
        } catch (err) {
          this.log("claiming jobs failed", { err: String(err) });
        }
      }
      for (const job of claimed) {
        const p = this.execute(job).finally(() => this.inFlight.delete(job.id));
        this.inFlight.set(job.id, p);
      }
      if (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight.values());
      else if (!claimed.length) await sleep(this.opts.pollMs ?? 500);
    }
    await Promise.all(this.inFlight.values());
  }

  private async execute(job: JobRecord): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind} in this worker`);
      const outcome = await handler(job, this.db);
      // The result and the follow-up jobs land together, or neither does (a crash in between
      // re-runs the handler, which is idempotent).
      await this.db.transaction(async (tx) => {
        const repo = new JobRepository(tx);
        if (!(await repo.complete(job.id, this.id, outcome.result))) return;
        // follow-ups belong to the job's request unless they say otherwise (null: to none, e.g. the
        // per-catalog imputation sweep, which an ingest request must not wait for)
        await repo.enqueue((outcome.followUps ?? []).map((f) => ({ ...f, requestId: f.requestId === undefined ? job.requestId : f.requestId })));
      });
    } catch (err) {
      if (err instanceof DeferJobError) {
        // waiting on another job is no failure: the attempt is handed back (extraAttempt)
        await this.jobs.fail(job.id, this.id, err.message, err.seconds, true).catch((e) => this.log("deferring a job failed", { err: String(e) }));
        return;
      }
      // Error messages quote what others said (an LLM provider's error body may echo the key it was
      // sent) and are stored, shown to API clients (ingestJob failures) and logged: scrubbed first.
      const message = processSecrets.redact(err instanceof Error ? err.message : String(err));
      const permanent = err instanceof PermanentJobError;
      const outage = !permanent && isDatabaseOutage(err) && job.maxAttempts < MAX_ATTEMPTS_WITH_OUTAGES;
      const retryIn = permanent || job.attempts >= job.maxAttempts + (outage ? 1 : 0) ? null : this.backoff(job.attempts);
      this.log(retryIn === null ? "job failed for good" : "job failed, will retry", { job: job.id, kind: job.kind, err: message, outage });
      await this.recordFailure(() => this.jobs.fail(job.id, this.id, message, retryIn, outage));
    }
  }

  /**
   * The outage that failed the attempt often takes the first try at recording it too; a few quick
   * retries keep the given-back attempt (and the error) instead of leaving the job to its lease.
   */
  private async recordFailure(record: () => Promise<unknown>): Promise<void> {
    for (let tryNo = 1; ; tryNo++) {
      try {
        await record();
        return;
      } catch (e) {
        if (tryNo >= 4 || !isDatabaseOutage(e)) {
          this.log("recording a failure failed", { err: String(e) });
          return;
        }
        await sleep(100 * tryNo);
      }
    }
  }

  /** Exponential backoff with jitter, capped at ten minutes. */
  private backoff(attempt: number): number {
    const base = (this.opts.backoffSeconds ?? 2) * 2 ** (attempt - 1);
    return Math.min(600, base * (0.75 + Math.random() * 0.5));
  }

  private log(msg: string, fields?: Record<string, unknown>): void {
    this.opts.log?.(msg, fields);
  }
}
