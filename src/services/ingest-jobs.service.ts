import { randomUUID } from "node:crypto";
import type { Database } from "../db/database.ts";
import { discoverCatalog } from "../ingest/catalog-source.ts";
import { IngestService, type IngestOptions } from "../ingest/ingest-service.ts";
import type { ModelRuntime } from "./model-runtime.ts";

export type IngestJobStatus = "queued" | "running" | "succeeded" | "failed";

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
}

const MAX_FAILURES_KEPT = 1000;

/**
 * Ingest requests run one after another inside the serving process (the embedded database
 * belongs to it). State is in memory: a job lost to a restart is re-run by submitting the same
 * path again, which skips everything already stored (content-hash idempotency).
 */
export class IngestJobsService {
  private readonly jobs = new Map<string, IngestJobState>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly runtime: ModelRuntime,
    private readonly opts: IngestOptions = {},
  ) {}

  submit(path: string, catalog?: string): IngestJobState {
    const job: IngestJobState = {
      id: randomUUID(),
      path,
      catalog,
      status: "queued",
      total: 0,
      processed: 0,
      ingested: 0,
      skipped: 0,
      failed: 0,
      failures: [],
      error: null,
    };
    this.jobs.set(job.id, job);
    this.chain = this.chain.then(() => this.run(job));
    return job;
  }

  get(id: string): IngestJobState | null {
    return this.jobs.get(id) ?? null;
  }

  /** Resolves when every submitted job has finished (used by tests and shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private async run(job: IngestJobState): Promise<void> {
    job.status = "running";
    try {
      const items = await discoverCatalog(job.path, { catalog: job.catalog });
      job.total = items.length;
      const service = new IngestService({ db: this.db, ...this.runtime }, this.opts);
      await service.ingestAll(items, (p, last) => {
        Object.assign(job, p);
        if (last.status === "failed" && job.failures.length < MAX_FAILURES_KEPT) {
          job.failures.push({ file: last.file, message: last.error ?? "unknown error" });
        }
      });
      job.status = "succeeded";
    } catch (err) {
      job.status = "failed";
      job.error = err instanceof Error ? err.message : String(err);
    }
  }
}
