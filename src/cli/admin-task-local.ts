import type { Config } from "../config.ts";
import { createJobHandlers } from "../jobs/create-handlers.ts";
import { JobWorker } from "../jobs/worker.ts";
import { AdminTasksService, type AdminTaskPayload } from "../services/admin-tasks.service.ts";
import { createModelRegistry, openRuntime } from "../runtime/open-runtime.ts";

/**
 * No server owns the database: queue the same task and work it in this process until its jobs
 * are done (against DATABASE_URL, `tunelens worker` processes help).
 */
export async function runLocally(cfg: Config, payload: AdminTaskPayload): Promise<{ summary: string | null; processed: number }> {
  const opened = await openRuntime(cfg);
  // the worker may also claim re-embedding jobs queued for other models (tunelens models embed)
  const models = createModelRegistry(cfg, opened);
  const worker = new JobWorker(opened.db, createJobHandlers(cfg, opened.runtime, models), {
    concurrency: cfg.workerConcurrency,
    leaseSeconds: cfg.jobLeaseSeconds,
    backoffSeconds: cfg.jobBackoffSeconds,
  });
  try {
    const tasks = new AdminTasksService(opened.db);
    const { id } = await tasks.submit(payload, "admin");
    await worker.drain(id);
    const final = (await tasks.get(id))!;
    if (final.status === "failed") throw new Error(final.error ?? `${payload.task} failed`);
    return final;
  } finally {
    await worker.stop();
    await models.close();
    await opened.close();
  }
}
