import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { ModelFollowingWorker } from "../../jobs/model-following-worker.ts";
import { createLogger } from "../../server/logger.ts";
import { createModelRegistry, openRuntime } from "../../runtime/open-runtime.ts";

export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("run ingest jobs from the database (DATABASE_URL); start as many as you like")
    .option("--concurrency <n>", "jobs at once in this process (default TUNELENS_WORKER_CONCURRENCY)")
    .option("--reembed", "report re-embedding jobs for tracks the served model has no audio vector for (every command queues them when it opens the database)")
    .action(async (opts: { concurrency?: string; reembed?: boolean }) => {
      const cfg = loadConfig();
      const logger = createLogger(cfg.logLevel);
      if (!cfg.databaseUrl) {
        // The embedded database admits one process: `tunelens serve` runs the worker loop itself.
        throw new Error("tunelens worker needs DATABASE_URL; with the embedded database, `tunelens serve` runs the jobs");
      }
      const opened = await openRuntime(cfg);
      // The registry opens the models `tunelens models embed` queues jobs for; the worker follows
      // `models activate` so ingests embed with the active model.
      const models = createModelRegistry(cfg, opened);
      const worker = new ModelFollowingWorker(opened.db, cfg, opened.runtime, models, {
        concurrency: opts.concurrency ? Number(opts.concurrency) : cfg.workerConcurrency,
        leaseSeconds: cfg.jobLeaseSeconds,
        backoffSeconds: cfg.jobBackoffSeconds,
        log: (msg, fields) => logger.warn(fields ?? {}, msg),
      });
      // openRuntime queued them (queueMissingEmbeddings); the flag only reports it
      if (opts.reembed) process.stdout.write(`queued re-embedding of ${opened.reembeddingQueued} tracks under ${opened.runtime.model.version}\n`);
      worker.start();
      logger.info({ worker: worker.id }, "tunelens worker running");
      process.stdout.write(`worker ${worker.id} running\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("SIGINT", resolve);
      });
      await worker.stop();
      await models.close();
      await opened.close();
    });
}
