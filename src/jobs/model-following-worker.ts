import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import type { ModelRegistry } from "../services/model-registry.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { createJobHandlers } from "./create-handlers.ts";
import { JobWorker, type WorkerOptions } from "./worker.ts";

/** How often the active model is checked (the registry caches it for a second anyway). */
const CHECK_MS = 2000;

/**
 * The server's job worker, following the active model: after `models activate` (in this process
 * or another), ingest and enrichment jobs must embed with the new model, or new tracks would be
 * missing from default searches. Handlers capture one runtime, so the worker is replaced: the old
 * one finishes its in-flight jobs (each stores vectors of the model it started with, under that
 * model's id) before the new one starts claiming.
 */
export class ModelFollowingWorker {
  private worker: JobWorker;
  private current: ModelRuntime;
  private timer: NodeJS.Timeout | null = null;
  private switching: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly cfg: Config,
    served: ModelRuntime,
    private readonly models: ModelRegistry,
    private readonly opts: WorkerOptions,
  ) {
    this.current = served;
    this.worker = this.build(served);
  }

  get id(): string {
    return this.worker.id;
  }

  start(): void {
    this.worker.start();
    this.timer = setInterval(() => {
      this.switching = this.switching.then(() => this.follow()).catch((err) => this.opts.log?.("following the active model failed", { err: String(err) }));
    }, CHECK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.switching;
    await this.worker.stop();
  }

  private async follow(): Promise<void> {
    if (!this.timer) return;
    const active = await this.models.active();
    if (active.model.version === this.current.model.version) return;
    this.opts.log?.("the active model changed; jobs now embed with it", { from: this.current.model.version, to: active.model.version });
    await this.worker.stop();
    this.current = active;
    this.worker = this.build(active);
    if (this.timer) this.worker.start();
  }

  private build(runtime: ModelRuntime): JobWorker {
    return new JobWorker(this.db, createJobHandlers(this.cfg, runtime, this.models), this.opts);
  }
}
