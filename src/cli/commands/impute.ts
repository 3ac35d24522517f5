import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { ImputationRepository } from "../../db/repositories/imputation.repository.ts";
import { JobRepository } from "../../db/repositories/job.repository.ts";
import { createJobHandlers } from "../../jobs/create-handlers.ts";
import { JobWorker } from "../../jobs/worker.ts";
import { evaluateImputation, formatImputationReport } from "../../ingest/imputation-eval.ts";
import { createModelRegistry, openRuntime } from "../runtime.ts";

export function registerImputeCommand(program: Command): void {
  program
    .command("impute")
    .description("fill missing genre/mood/bpm from nearest neighbours (imputation jobs), or --evaluate a labelled, ingested data set")
    .option("--evaluate <dir>", "leave-one-out accuracy against tracks.jsonl labels (the data set must be ingested already)")
    .option("--weights <list>", "audio weights to evaluate, comma-separated", "")
    .action(async (opts: { evaluate?: string; weights: string }) => {
      const cfg = loadConfig();
      const opened = await openRuntime(cfg);
      try {
        if (opts.evaluate) {
          const weights = opts.weights ? opts.weights.split(",").map(Number) : [cfg.imputation.audioWeight];
          const reports = [];
          for (const w of weights) {
            reports.push(await evaluateImputation(opened.db, opened.runtime.model.id, path.resolve(opts.evaluate), { k: cfg.imputation.k, audioWeight: w }));
          }
          process.stdout.write(`${formatImputationReport(reports)}\n`);
          return;
        }
        const ids = await new ImputationRepository(opened.db).allTrackIds();
        const jobs = new JobRepository(opened.db);
        // Keyed by track and model: a re-run after new metadata arrives does nothing unless the job died.
        await jobs.enqueue(ids.map((id) => ({ kind: "imputation" as const, dedupeKey: `${id}:${opened.runtime.model.version}`, payload: { trackId: id } })));
        // the worker may also claim re-embedding jobs queued for other models (tunelens models embed)
        const models = createModelRegistry(cfg, opened);
        const worker = new JobWorker(opened.db, createJobHandlers(cfg, opened.runtime, models), { concurrency: cfg.workerConcurrency, leaseSeconds: cfg.jobLeaseSeconds });
        await worker.drain();
        await worker.stop();
        await models.close();
        process.stdout.write(`imputation ran for ${ids.length} tracks\n`);
      } finally {
        await opened.close();
      }
    });
}
