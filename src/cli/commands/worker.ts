import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { createJobHandlers } from "../../jobs/create-handlers.ts";
import { JobWorker } from "../../jobs/worker.ts";
import { createLogger } from "../../server/logger.ts";
import { openRuntime } from "../runtime.ts";

export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("run ingest jobs from the database (DATABASE_URL); start as many as you like")
    .option("--concurrency <n>", "jobs at once in this process (default TUNELENS_WORKER_CONCURRENCY)")
    .action(async (opts: { concurrency?: string }) => {
      const cfg = loadConfig();
      const logger = createLogger();
      if (!cfg.databaseUrl) {
        // The embedded database admits one process: `tunelens serve` runs the worker loop itself.
        throw new Error("tunelens worker needs DATABASE_URL; with the embedded database, `tunelens serve` runs the jobs");
      }
      const opened = await openRuntime(cfg);
      const worker = new JobWorker(opened.db, createJobHandlers(cfg, opened.runtime), {
        concurrency: opts.concurrency ? Number(opts.concurrency) : cfg.workerConcurrency,
        leaseSeconds: cfg.jobLeaseSeconds,
        backoffSeconds: cfg.jobBackoffSeconds,
        log: (msg, fields) => logger.warn(fields ?? {}, msg),
      });
      worker.start();
      logger.info({ worker: worker.id }, "tunelens worker running");
      process.stdout.write(`worker ${worker.id} running\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("SIGINT", resolve);
      });
      await worker.stop();
      await opened.close();
    });
}
