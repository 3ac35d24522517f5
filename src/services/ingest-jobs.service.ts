import type { Database } from "../db/database.ts";
import { JOB_KINDS, JobRepository, type JobKind, type JobStatus } from "../db/repositories/job.repository.ts";

export type IngestJobStatus = "queued" | "running" | "succeeded" | "failed";

export interface IngestStageState {
  kind: JobKind;
  queued: number;
  running: number;
  succeeded: number;
  dead: number;
}

export interface IngestJobState {
  id: string;
  path: string;
  catalog: string | undefined;
  status: IngestJobStatus;
  total: number;
  processed: number;
  ingested: number;
  skipped: number;
  failed: number;
  failures: Array<{ file: string; message: string }>;
  error: string | null;
  /** every job kind the request spawned, by status */
  stages: IngestStageState[];
}

const MAX_FAILURES_SHOWN = 1000;

/**
 * Ingest requests as rows: `submit` writes the request and its `discover` job; workers (in the
 * server with the embedded database, or `tunelens worker` processes against DATABASE_URL) do the
 * rest; `get` derives progress from the jobs table, so it survives restarts and crashes.
 */
export class IngestJobsService {
  constructor(private readonly db: Database) {}

  /**
   * `opts.roots`: the library roots an API key is confined to; the discover job checks the path
   * against them again when it reads the folder (it may have been renamed or linked meanwhile).
   * `opts.createdBy`: the caller's id; `get` with a `viewer` shows the request to its creator only.
   */
  async submit(path: string, catalog?: string, opts: { roots?: readonly string[]; createdBy?: string } = {}): Promise<IngestJobState> {
    const id = await this.db.transaction(async (tx) => {
      const jobs = new JobRepository(tx);
      const requestId = await jobs.createRequest(path, catalog ?? null, opts.createdBy ?? null);
      const payload = { path, catalog: catalog ?? null, ...(opts.roots ? { roots: [...opts.roots] } : {}) };
      await jobs.enqueue([{ kind: "discover", dedupeKey: requestId, payload, requestId, maxAttempts: 3 }]);
      return requestId;
    });
    const state = await this.get(id);
    if (!state) throw new Error(`ingest request ${id} vanished`);
    return state;
  }

  /**
   * A request's state; null when there is none or `viewer` (a caller id other than "admin") did
   * not create it: a key sees only its own requests (they name server paths).
   */
  async get(id: string, viewer?: string): Promise<IngestJobState | null> {
    const jobs = new JobRepository(this.db);
    const request = await jobs.findRequest(id).catch(() => null);
    // admin tasks share the table (sql/046_admin_tasks.sql): adminTask shows those
    if (!request || request.kind !== "ingest") return null;
    if (viewer !== undefined && viewer !== "admin" && request.createdBy !== viewer) return null;
    const counts = await jobs.countsForRequest(id);
    const stages = new Map<JobKind, IngestStageState>();
    for (const { kind, status, n } of counts.byKindStatus) {
      const s = stages.get(kind) ?? { kind, queued: 0, running: 0, succeeded: 0, dead: 0 };
      s[status as JobStatus] += n;
      stages.set(kind, s);
    }
    const audio = stages.get("audio-embedding");
    const pending = [...stages.values()].reduce((n, s) => n + s.queued + s.running, 0);
    const started = [...stages.values()].some((s) => s.running + s.succeeded + s.dead > 0);
    const dead = await jobs.deadJobsForRequest(id, MAX_FAILURES_SHOWN);
    return {
      id,
      path: request.path,
      catalog: request.catalog ?? undefined,
      status: request.error ? "failed" : pending > 0 ? (started ? "running" : "queued") : "succeeded",
      total: request.total ?? 0,
      processed: (audio?.succeeded ?? 0) + (audio?.dead ?? 0),
      ingested: counts.audioOutcomes.ingested,
      skipped: counts.audioOutcomes.skipped,
      failed: audio?.dead ?? 0,
      failures: dead
        .filter((j) => j.kind !== "discover")
        .map((j) => ({
          file: String(j.payload.file ?? `track ${String(j.payload.trackId ?? "?")}`),
          message: j.kind === "audio-embedding" ? (j.lastError ?? "unknown error") : `${j.kind}: ${j.lastError ?? "unknown error"}`,
        })),
      error: request.error,
      stages: JOB_KINDS.flatMap((k) => (stages.has(k) ? [stages.get(k)!] : [])),
    };
  }
}
