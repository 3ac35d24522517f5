import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.ts";
import type { IngestProgress } from "../../ingest/ingest-service.ts";
import type { IngestJobState } from "../../services/ingest-jobs.service.ts";
import { graphqlRequest } from "../graphql-client.ts";
import { createProgressBar } from "../progress-bar.ts";
import { readServerHandle } from "../../runtime/server-handle.ts";

interface Failure {
  file: string;
  message: string;
}

export function registerIngestCommand(program: Command): void {
  program
    .command("ingest")
    .description("ingest a folder of audio (recursive), a data set folder (tracks.jsonl + audio/) or one file")
    .argument("<path>", "folder or file")
    .option("--catalog <name>", "catalog name (default: the data set folder's name, or 'default')")
    .action(async (target: string, opts: { catalog?: string }) => {
      const cfg = loadConfig();
      const abs = path.resolve(target);
      const handle = cfg.databaseUrl ? null : await readServerHandle(cfg.dataDir);
      const { progress, failures } = handle
        ? await ingestThroughServer(handle.url, handle.token, abs, opts.catalog)
        : await ingestLocally(cfg, abs, opts.catalog);
      for (const f of failures) process.stderr.write(`failed: ${f.message}\n`);
      process.stdout.write(
        `ingested ${progress.ingested}, skipped ${progress.skipped} (already stored), failed ${progress.failed} of ${progress.total}\n`,
      );
      if (progress.failed > 0) process.exitCode = 1;
    });
}

/**
 * No server owns the database: queue the request in it and run a worker in this process until
 * the request's jobs are done. Against DATABASE_URL, `tunelens worker` processes help; the bar
 * follows the jobs table either way, so it also shows work done by others.
 */
async function ingestLocally(cfg: Config, target: string, catalog?: string): Promise<{ progress: IngestProgress; failures: Failure[] }> {
  // Loaded here, not at the top: handing the path to a running server needs none of the database,
  // model or job code, and loading it cost the hand-off seconds (issue #17).
  const [{ createModelRegistry, openRuntime }, { JobWorker }, { createJobHandlers }, { IngestJobsService }, { CatalogIndexService }, { JobRepository }] = await Promise.all([
    import("../../runtime/open-runtime.ts"),
    import("../../jobs/worker.ts"),
    import("../../jobs/create-handlers.ts"),
    import("../../services/ingest-jobs.service.ts"),
    import("../../services/catalog-index.service.ts"),
    import("../../db/repositories/job.repository.ts"),
  ]);
  const opened = await openRuntime(cfg);
  const bar = createProgressBar("ingest");
  let started = false;
  // The worker may also claim re-embedding jobs `tunelens models embed` queued for other models.
  const models = createModelRegistry(cfg, opened);
  const worker = new JobWorker(opened.db, createJobHandlers(cfg, opened.runtime, models), {
    concurrency: cfg.workerConcurrency,
    leaseSeconds: cfg.jobLeaseSeconds,
        backoffSeconds: cfg.jobBackoffSeconds,
  });
  try {
    const jobs = new IngestJobsService(opened.db);
    const { id } = await jobs.submit(target, catalog);
    let state: IngestJobState | null = null;
    await worker.drain(id, async () => {
      state = await jobs.get(id);
      if (!state) return;
      if (!started && state.total > 0) {
        bar.start(state.total, 0, { ingested: 0, skipped: 0, failed: 0 });
        started = true;
      }
      if (started) bar.update(state.processed, state);
    });
    const final = (await jobs.get(id))!;
    if (final.status === "failed") throw new Error(final.error ?? "ingest failed");
    // The embedded database has no other worker: run the catalog's imputation sweep now rather
    // than leave it queued until the next `serve` (against DATABASE_URL, `tunelens worker`s run it).
    if (!cfg.databaseUrl && (await new JobRepository(opened.db).runDebouncedNow("imputation-sweep")) > 0) {
      process.stderr.write("imputing missing genre/mood/bpm…\n");
      await worker.drain();
    }
    // TUNELENS_CATALOG_INDEX_MIN_TRACKS (off by default): a catalog this ingest grew past the
    // threshold gets its per-catalog HNSW indexes now (docs/scale.md § 3)
    for (const c of await new CatalogIndexService(opened.db).autoCreate(cfg.catalogIndexMinTracks)) process.stderr.write(`built per-catalog indexes for catalog ${c}\n`);
    return { progress: final, failures: final.failures };
  } finally {
    await worker.stop();
    await models.close();
    if (started) bar.stop();
    await opened.close();
  }
}

const SUBMIT = `mutation Ingest($path: String!, $catalog: String) { ingestTracks(path: $path, catalog: $catalog) { id } }`;
const STATUS = `query Job($id: ID!) { ingestJob(id: $id) {
  status total processed ingested skipped failed error failures { file message } } }`;

interface JobStatus extends IngestProgress {
  status: string;
  error: string | null;
  failures: Failure[];
}

/** The embedded database belongs to the running server: hand it the path and follow the job. */
async function ingestThroughServer(url: string, token: string, target: string, catalog?: string): Promise<{ progress: IngestProgress; failures: Failure[] }> {
  process.stderr.write(`a tunelens server is running at ${url}; ingesting through it\n`);
  const { ingestTracks } = await graphqlRequest<{ ingestTracks: { id: string } }>(url, token, SUBMIT, { path: target, catalog: catalog ?? null });
  const bar = createProgressBar("ingest");
  let started = false;
  try {
    for (;;) {
      const { ingestJob: job } = await graphqlRequest<{ ingestJob: JobStatus }>(url, token, STATUS, { id: ingestTracks.id });
      if (!started && job.total > 0) {
        bar.start(job.total, 0, { ingested: 0, skipped: 0, failed: 0 });
        started = true;
      }
      if (started) bar.update(job.processed, job);
      if (job.status === "FAILED") throw new Error(job.error ?? "ingest failed");
      if (job.status === "SUCCEEDED") return { progress: job, failures: job.failures };
      await sleep(250);
    }
  } finally {
    if (started) bar.stop();
  }
}
