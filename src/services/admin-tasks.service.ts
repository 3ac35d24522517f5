import type { Database } from "../db/database.ts";
import { JobRepository, type JobKind, type JobStatus, type RequestKind } from "../db/repositories/job.repository.ts";
import { VocabularySchema, normaliseLabel, type Vocabulary } from "../labels/vocabulary.ts";
import type { IngestJobStatus, IngestStageState } from "./ingest-jobs.service.ts";

/** What an admin task asks for (the `admin-task` job's payload; src/jobs/handlers/admin-task.ts runs it). */
export type AdminTaskPayload =
  | { task: "impute"; catalog: string | null }
  | { task: "labels-genres"; catalog: string | null }
  | { task: "labels-align"; threshold: number; vocabularies: Vocabulary[] | null }
  | { task: "catalog-index"; catalog: string; drop: boolean }
  /** `index auto`: a catalog-index task over every catalog (no request kind of its own) */
  | { task: "catalog-index-auto"; minTracks: number };

export type AdminTaskKind = Exclude<RequestKind, "ingest">;

export interface AdminTaskState {
  id: string;
  kind: AdminTaskKind;
  catalog: string | null;
  status: IngestJobStatus;
  /** jobs the task consists of (its first job and what it queued) */
  total: number;
  /** of those, finished (succeeded or failed for good) */
  processed: number;
  failed: number;
  error: string | null;
  /** what the task did, in one line (known once its first job ran) */
  summary: string | null;
  stages: IngestStageState[];
  createdAt: Date;
}

/**
 * Admin work as jobs (issue #19 item 4): `impute`, `labels genres`, `labels align` and per-catalog
 * index builds (`index catalog`, `index auto`) are queued as a request of their kind plus an `admin-task` job, and run by whatever
 * works the queue — the server's worker with the embedded database, `tunelens worker` processes
 * against DATABASE_URL. So they never need the server stopped, survive restarts (durable jobs with
 * leases), and show progress from the jobs table like ingest requests do.
 */
export class AdminTasksService {
  constructor(private readonly db: Database) {}

  async submit(payload: AdminTaskPayload, createdBy: string | null): Promise<AdminTaskState> {
    const catalog = "catalog" in payload ? payload.catalog : null;
    const kind: AdminTaskKind = payload.task === "catalog-index-auto" ? "catalog-index" : payload.task;
    const id = await this.db.transaction(async (tx) => {
      const jobs = new JobRepository(tx);
      const requestId = await jobs.createRequest(describe(payload), catalog, createdBy, kind);
      await jobs.enqueue([{ kind: "admin-task", dedupeKey: requestId, payload: payload as unknown as Record<string, unknown>, requestId, maxAttempts: 3 }]);
      return requestId;
    });
    return (await this.get(id))!;
  }

  /** A task's state; null when there is none, it is an ingest, or `viewer` (not "admin") did not create it. */
  async get(id: string, viewer?: string): Promise<AdminTaskState | null> {
    const jobs = new JobRepository(this.db);
    const request = await jobs.findRequest(id).catch(() => null);
    if (!request || request.kind === "ingest") return null;
    if (viewer !== undefined && viewer !== "admin" && request.createdBy !== viewer) return null;
    const counts = await jobs.countsForRequest(id);
    const stages = new Map<JobKind, IngestStageState>();
    for (const { kind, status, n } of counts.byKindStatus) {
      const s = stages.get(kind) ?? { kind, queued: 0, running: 0, succeeded: 0, dead: 0 };
      s[status as JobStatus] += n;
      stages.set(kind, s);
    }
    const all = [...stages.values()];
    const sum = (f: (s: IngestStageState) => number) => all.reduce((n, s) => n + f(s), 0);
    const first = await jobs.findByDedupeKey("admin-task", id);
    const pending = sum((s) => s.queued + s.running);
    const started = sum((s) => s.running + s.succeeded + s.dead) > 0;
    const error = first?.status === "dead" ? (first.lastError ?? "failed") : null;
    return {
      id,
      kind: request.kind,
      catalog: request.catalog,
      status: error ? "failed" : pending > 0 ? (started ? "running" : "queued") : sum((s) => s.dead) > 0 ? "failed" : "succeeded",
      total: sum((s) => s.queued + s.running + s.succeeded + s.dead),
      processed: sum((s) => s.succeeded + s.dead),
      failed: sum((s) => s.dead),
      error: error ?? (pending === 0 && sum((s) => s.dead) > 0 ? `${sum((s) => s.dead)} job(s) failed` : null),
      summary: typeof first?.result?.summary === "string" ? first.result.summary : null,
      stages: all,
      createdAt: request.createdAt,
    };
  }
}

function describe(p: AdminTaskPayload): string {
  switch (p.task) {
    case "impute":
      return `impute ${p.catalog ?? "(every catalog)"}`;
    case "labels-genres":
      return `labels genres ${p.catalog ?? "(every catalog)"}`;
    case "labels-align":
      return `labels align at ${p.threshold}`;
    case "catalog-index":
      return `index catalog ${p.catalog}${p.drop ? " --drop" : ""}`;
    case "catalog-index-auto":
      return `index auto --min-tracks ${p.minTracks}`;
  }
}

/** Vocabularies sent by a client, checked like files (`labels align --vocab`). */
export function parseVocabularies(raw: unknown[]): Vocabulary[] {
  return raw.map((v, i) => {
    const parsed = VocabularySchema.safeParse(v);
    if (!parsed.success) throw new Error(`vocabulary ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
    return { ...parsed.data, labels: [...new Set(parsed.data.labels.map(normaliseLabel))] };
  });
}
