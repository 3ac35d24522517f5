import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { evaluateDataset, QUERY_CONSTRAINTS_MODES, type QueryConstraintsMode } from "../../eval/evaluate-dataset.ts";
import { renderQualityMarkdown, renderRecallPlot, type ModelEvaluation } from "../../eval/quality-report.ts";
import { formatEvaluation } from "../../eval/eval-table.ts";
import { createProgressBar } from "../progress-bar.ts";
import { openRuntime } from "../../runtime/open-runtime.ts";

interface EvalOptions {
  json?: string;
  report?: string;
  model?: string[];
  append?: string[];
  merge?: string[];
  evaluate: boolean;
  queryConstraints: string;
}

export function registerEvalCommand(program: Command): void {
  program
    .command("eval")
    .description("ingest data set folders into a scratch database with a model and score retrieval against a random baseline")
    .argument("<dirs...>", "data set folders (tracks.jsonl, queries.jsonl, audio/)")
    .option("--model <dirs...>", "model folders to compare (default: the served model)")
    .option("--json <file>", "also write the figures as JSON")
    .option("--report <file>", "also write a Markdown report (with recall@k plots as SVG beside it)")
    .option("--append <files...>", "Markdown reports of other measurements (e.g. docs/imputation.md) to include in --report")
    .option("--merge <files...>", "add the results of earlier --json runs (other models, same data sets) to --json and --report")
    .option("--no-evaluate", "evaluate nothing: write --json/--report from the --merge results alone")
    .option("--query-constraints <mode>", "text→track rankings without (off), with (on) or with and without (both) the tempo/key stated in queries", "both")
    .action(async (dirs: string[], opts: EvalOptions) => {
      const queryConstraints = opts.queryConstraints as QueryConstraintsMode;
      if (!QUERY_CONSTRAINTS_MODES.includes(queryConstraints)) throw new Error(`--query-constraints must be one of ${QUERY_CONSTRAINTS_MODES.join(", ")}`);
      const cfg = loadConfig();
      const results: ModelEvaluation[] = [];
      for (const modelDir of opts.evaluate ? (opts.model ?? [cfg.modelDir]) : []) {
        for (const dir of dirs) {
          // A fresh in-memory database per run: nothing else in the catalogue, nothing persisted.
          const opened = await openRuntime({ ...cfg, databaseUrl: undefined, modelDir: path.resolve(modelDir) }, { inMemory: true });
          const bar = createProgressBar(`eval ${path.basename(dir)}`);
          try {
            bar.start(1, 0, { ingested: 0, skipped: 0, failed: 0 });
            const evaluation = await evaluateDataset(dir, opened.db, opened.runtime, (p) => {
              bar.setTotal(p.total);
              bar.update(p.processed, p);
            }, { queryConstraints, hybridFusion: cfg.hybridFusion });
            bar.stop();
            results.push({ modelDir, evaluation });
            process.stdout.write(`\n${formatEvaluation(evaluation)}`);
          } finally {
            bar.stop();
            await opened.close();
          }
        }
      }
      // Models evaluated in an earlier run (e.g. baselines, while a training still ran) join this report.
      for (const file of opts.merge ?? []) results.push(...(JSON.parse(await readFile(file, "utf8")) as { results: ModelEvaluation[] }).results);
      if (opts.json) await mkdir(path.dirname(path.resolve(opts.json)), { recursive: true });
      if (opts.json) await writeFile(opts.json, JSON.stringify({ generatedAt: new Date().toISOString(), results }, null, 2));
      if (opts.report) await writeReport(opts.report, results, opts.append ?? []);
    });
}

async function writeReport(file: string, results: ModelEvaluation[], appendices: string[]): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await mkdir(dir, { recursive: true });
  const plots = new Map<string, string>();
  for (const dataset of new Set(results.map((r) => r.evaluation.dataset))) {
    const svg = await renderRecallPlot(results.filter((r) => r.evaluation.dataset === dataset));
    if (!svg) continue;
    const name = `${path.basename(file, path.extname(file))}-recall-${dataset}.svg`;
    await writeFile(path.join(dir, name), svg);
    plots.set(dataset, name);
  }
  const command = `tunelens eval ${process.argv.slice(3).join(" ")}`;
  let markdown = renderQualityMarkdown(results, plots, command);
  for (const extra of appendices) {
    // Headings move one level down so the included report nests under this one.
    const text = (await readFile(extra, "utf8")).replace(/^(#+) /gm, "#$1 ");
    markdown += `\n---\n\nIncluded from [\`${extra}\`](${path.relative(dir, path.resolve(extra))}):\n\n${text}`;
  }
  await writeFile(file, markdown);
}
