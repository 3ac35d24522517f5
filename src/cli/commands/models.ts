import { setTimeout as sleep } from "node:timers/promises";
import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.ts";
import { createJobHandlers } from "../../jobs/create-handlers.ts";
import { JobWorker } from "../../jobs/worker.ts";
import { benchStandInEncoders, formatBench } from "../../embedding/encoder-bench.ts";
import { ModelAdminService, type ActivationResult, type ModelStatus } from "../../services/model-admin.service.ts";
import { graphqlRequest } from "../graphql-client.ts";
import { createModelRegistry, openRuntime } from "../../runtime/open-runtime.ts";
import { readServerHandle } from "../../runtime/server-handle.ts";

const FIELDS = "name version dimensions active embeddedTracks totalTracks pendingJobs failedJobs error";
const LIST = `query { models { ${FIELDS} } }`;
const EMBED = `mutation Embed($name: String!) { embedModel(name: $name) { activated queued model { ${FIELDS} } } }`;
const ACTIVATE = `mutation Activate($name: String!) { activateModel(name: $name) { activated queued model { ${FIELDS} } } }`;

type Status = Pick<ModelStatus, "name" | "version" | "dimensions" | "active" | "embeddedTracks" | "totalTracks" | "pendingJobs" | "failedJobs" | "error">;

/**
 * What `models` does, either through the running server (it owns the embedded database; its
 * worker runs the jobs) or on the database directly, running a job worker in this process until
 * the model's jobs are done (against DATABASE_URL, `tunelens worker` processes help).
 */
interface ModelBackend {
  list(): Promise<Status[]>;
  embed(name: string): Promise<{ status: Status; queued: number }>;
  activate(name: string): Promise<{ status: Status; activated: boolean; queued: number }>;
  /** waits while the model's jobs run, printing progress */
  waitForJobs(name: string): Promise<Status>;
  close(): Promise<void>;
}

export function registerModelsCommand(program: Command): void {
  const models = program.command("models").description("embedding models side by side: list, embed the catalogue, activate, bench");

  models
    .command("list")
    .description("models under TUNELENS_MODELS_DIR and in the database: version, dimensions, active, embedded/total tracks")
    .action(async () => {
      const backend = await openBackend(loadConfig());
      try {
        printTable(await backend.list());
      } finally {
        await backend.close();
      }
    });

  models
    .command("embed")
    .description("register a model, build its indexes and re-embed every track it lacks, in the background (idempotent, resumable)")
    .argument("<name>", "model name, version or folder")
    .option("--no-wait", "queue the jobs and return")
    .action(async (name: string, opts: { wait: boolean }) => {
      const backend = await openBackend(loadConfig());
      try {
        const { status, queued } = await backend.embed(name);
        process.stdout.write(`${status.name} (${status.version}): queued ${queued} re-embedding jobs; ${status.embeddedTracks}/${status.totalTracks} tracks embedded\n`);
        if (opts.wait) report(await backend.waitForJobs(name));
      } finally {
        await backend.close();
      }
    });

  models
    .command("activate")
    .description("embed the catalogue with a model if needed, then make it the active one; searches use the old model until every track is embedded")
    .argument("<name>", "model name, version or folder")
    .option("--no-wait", "queue what is missing and return (run again to finish)")
    .action(async (name: string, opts: { wait: boolean }) => {
      const backend = await openBackend(loadConfig());
      try {
        let r = await backend.activate(name);
        if (!r.activated && opts.wait) {
          process.stdout.write(`${r.status.name}: ${r.status.embeddedTracks}/${r.status.totalTracks} tracks embedded, ${r.queued} jobs queued; the current model stays active meanwhile\n`);
          const done = await backend.waitForJobs(name);
          r = done.failedJobs > 0 && done.embeddedTracks < done.totalTracks ? { status: done, activated: false, queued: 0 } : await backend.activate(name);
        }
        if (r.activated) {
          process.stdout.write(`${r.status.name} (${r.status.version}) is active: ${r.status.embeddedTracks}/${r.status.totalTracks} tracks\n`);
        } else {
          report(r.status);
          process.stdout.write(`${r.status.name} is not active yet; run \`tunelens models activate ${name}\` again when the jobs are done\n`);
          process.exitCode = 1;
        }
      } finally {
        await backend.close();
      }
    });

  models
    .command("fit-head")
    .description("fit a projection head on a frozen backbone from captioned data sets; writes a new model folder next to it")
    .argument("<name>", "backbone model name, version or folder")
    .argument("<datasets...>", "data set folders (tracks.jsonl with description/captions, queries.jsonl, audio/)")
    .option("--out <dir>", "folder to write (default: <models dir>/<folder>-head)")
    .option("--ridge <lambda>", "ridge strength", "0.1")
    .action(async (name: string, datasets: string[], opts: { out?: string; ridge: string }) => {
      // Loaded on demand: training code stays out of the other `models` subcommands (issue #17).
      const { fitHeadOnBackbone } = await import("../fit-head.ts");
      await fitHeadOnBackbone(name, datasets, { out: opts.out, ridge: Number(opts.ridge) });
    });

  models
    .command("bench")
    .description("memory and speed of stand-in CLAP-shaped graphs (48 kHz waveform → 512-d, tokens → 512-d) at real tower sizes")
    .option("--tracks <n>", "30-second tracks to embed", "8")
    .option("--params <size>", "stand-in size: small (tests) or clap (parameter counts of LAION-CLAP towers)", "clap")
    .action(async (opts: { tracks: string; params: string }) => {
      const result = await benchStandInEncoders({ tracks: Number(opts.tracks), size: opts.params === "small" ? "small" : "clap" });
      process.stdout.write(formatBench(result));
    });
}

function printTable(rows: Status[]): void {
  const lines = [["name", "version", "dims", "active", "embedded/total", "pending", "failed"]];
  for (const r of rows) {
    if (r.error) {
      lines.push([r.name, "—", "—", "", "invalid", "", ""]);
      continue;
    }
    lines.push([r.name, r.version, String(r.dimensions), r.active ? "*" : "", `${r.embeddedTracks}/${r.totalTracks}`, String(r.pendingJobs), String(r.failedJobs)]);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines) process.stdout.write(`${l.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()}\n`);
  for (const r of rows) if (r.error) process.stderr.write(`${r.name}: ${r.error}\n`);
}

function report(s: Status): void {
  process.stdout.write(`${s.name} (${s.version}): ${s.embeddedTracks}/${s.totalTracks} tracks embedded, ${s.pendingJobs} jobs pending, ${s.failedJobs} failed\n`);
  if (s.failedJobs > 0) process.stderr.write(`${s.failedJobs} tracks could not be re-embedded (source audio missing or unreadable); see the jobs table's last_error\n`);
}

async function openBackend(cfg: Config): Promise<ModelBackend> {
  const handle = cfg.databaseUrl ? null : await readServerHandle(cfg.dataDir);
  return handle ? serverBackend(handle.url, handle.token) : localBackend(cfg);
}

function serverBackend(url: string, token: string): ModelBackend {
  process.stderr.write(`a tunelens server is running at ${url}; working through it\n`);
  const list = async () => (await graphqlRequest<{ models: Status[] }>(url, token, LIST, {})).models;
  const find = async (name: string) => (await list()).find((m) => m.name === name || m.version === name);
  return {
    list,
    async embed(name) {
      const r = (await graphqlRequest<{ embedModel: { model: Status; queued: number } }>(url, token, EMBED, { name })).embedModel;
      return { status: r.model, queued: r.queued };
    },
    async activate(name) {
      const r = (await graphqlRequest<{ activateModel: { model: Status; activated: boolean; queued: number } }>(url, token, ACTIVATE, { name })).activateModel;
      return { status: r.model, activated: r.activated, queued: r.queued };
    },
    async waitForJobs(name) {
      for (let tick = 0; ; tick++) {
        const s = await find(name);
        if (!s) throw new Error(`model ${name} disappeared`);
        if (s.pendingJobs === 0) return s;
        if (tick % 8 === 0) process.stderr.write(`${s.name}: ${s.embeddedTracks}/${s.totalTracks} embedded, ${s.pendingJobs} pending\n`);
        await sleep(250);
      }
    },
    async close() {},
  };
}

async function localBackend(cfg: Config): Promise<ModelBackend> {
  const opened = await openRuntime(cfg);
  const registry = createModelRegistry(cfg, opened);
  const admin = new ModelAdminService(opened.db, registry);
  let worker: JobWorker | null = null;
  return {
    list: () => admin.list(),
    embed: (name) => admin.embed(name),
    activate: (name): Promise<ActivationResult> => admin.activate(name),
    async waitForJobs(name) {
      worker ??= new JobWorker(opened.db, createJobHandlers(cfg, opened.runtime, registry), {
        concurrency: cfg.workerConcurrency,
        leaseSeconds: cfg.jobLeaseSeconds,
        backoffSeconds: cfg.jobBackoffSeconds,
      });
      let tick = 0;
      await worker.drain(undefined, async () => {
        if (tick++ % 8 !== 0) return;
        const s = await admin.status(name);
        process.stderr.write(`${s.name}: ${s.embeddedTracks}/${s.totalTracks} embedded, ${s.pendingJobs} pending\n`);
      });
      return admin.status(name);
    },
    async close() {
      await worker?.stop();
      await registry.close();
      await opened.close();
    },
  };
}
