import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { evaluateImputation, formatImputationReport } from "../../ingest/imputation-eval.ts";
import { runningServer, runThroughServer, TASK_FIELDS } from "../admin-task-client.ts";
import { runLocally } from "../admin-task-local.ts";
import { openRuntime } from "../../runtime/open-runtime.ts";

export function registerImputeCommand(program: Command): void {
  program
    .command("impute")
    .description("fill missing genre/mood/bpm from nearest neighbours (imputation jobs), or --evaluate a labelled, ingested data set")
    .option("--catalog <name>", "only this catalog's tracks (neighbours always come from the track's own catalog)")
    .option("--evaluate <dir>", "leave-one-out accuracy against tracks.jsonl labels (the data set must be ingested already)")
    .option("--weights <list>", "audio weights to evaluate, comma-separated", "")
    .action(async (opts: { evaluate?: string; weights: string; catalog?: string }) => {
      const cfg = loadConfig();
      if (!opts.evaluate) {
        // A running server owns the embedded database: it runs the task (issue #19 item 4).
        const server = await runningServer(cfg);
        const done = server
          ? await runThroughServer(
              server,
              { field: "imputeCatalog", document: `mutation($c: String) { imputeCatalog(catalog: $c) { ${TASK_FIELDS} } }`, vars: { c: opts.catalog ?? null } },
              "imputing",
            )
          : await runLocally(cfg, { task: "impute", catalog: opts.catalog ?? null });
        process.stdout.write(`imputation ran: ${done.summary ?? "nothing to do"} (${done.processed} jobs)\n`);
        return;
      }
      const opened = await openRuntime(cfg);
      try {
        const weights = opts.weights ? opts.weights.split(",").map(Number) : [cfg.imputation.audioWeight];
        const reports = [];
        for (const w of weights) {
          reports.push(await evaluateImputation(opened.db, opened.runtime.model.id, path.resolve(opts.evaluate), { k: cfg.imputation.k, audioWeight: w }));
        }
        process.stdout.write(`${formatImputationReport(reports)}\n`);
      } finally {
        await opened.close();
      }
    });
}
