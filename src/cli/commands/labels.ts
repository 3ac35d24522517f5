import path from "node:path";
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { evaluateZeroShotMoods, formatZeroShotReport } from "../../eval/zero-shot-eval.ts";
import { evaluateInstrumentPrompts, evaluateInstrumentsLabelled, type InstrumentEvalResult } from "../../eval/instrument-eval.ts";
import { formatInstrumentReport } from "../../eval/instrument-report.ts";
import { DEFAULT_CLUSTER_THRESHOLD } from "../../labels/label-clustering.ts";
import { readVocabulary } from "../../labels/vocabulary.ts";
import { LabelAlignmentService } from "../../services/label-alignment.service.ts";
import { runLocally } from "../admin-task-local.ts";
import { queryThroughServer, runningServer, runThroughServer, TASK_FIELDS } from "../admin-task-client.ts";
import { openRuntime } from "../../runtime/open-runtime.ts";

interface ShownClusters {
  model: string;
  clusters: Array<{ clusterId: number; name: string; threshold: number; members: Array<{ label: string; vocabulary: string }> }>;
}

/** The served model's clusters: from a running server (labelClusters) or the database itself. */
async function readClusters(): Promise<ShownClusters> {
  const cfg = loadConfig();
  const server = await runningServer(cfg);
  if (server) {
    const query = "{ labelClusters { model clusters { clusterId name threshold members { label vocabulary } } } }";
    return (await queryThroughServer<{ labelClusters: ShownClusters }>(server, query, "reading label clusters")).labelClusters;
  }
  const opened = await openRuntime(cfg);
  try {
    const svc = new LabelAlignmentService(opened.db, opened.runtime);
    const clusters = (await svc.clusters()).map(({ clusterId, name, threshold, members }) => ({ clusterId, name, threshold, members }));
    return { model: svc.modelVersion, clusters };
  } finally {
    await opened.close();
  }
}

export function registerLabelsCommand(program: Command): void {
  const labels = program.command("labels").description("mood, genre and instrument label vocabularies: align (cluster), show, soft genres, zero-shot evaluation");

  labels
    .command("align")
    .description("embed the labels of several vocabularies with the served model's text tower, cluster synonyms (agglomerative, average linkage, cosine threshold) and store clusters and centroids")
    .option("--vocab <file...>", "vocabulary JSON files ({name, kind: mood|genre, labels}); default: the shipped ones in src/labels/vocabularies")
    .option("--threshold <distance>", "average cosine distance below which labels are merged", String(DEFAULT_CLUSTER_THRESHOLD))
    .action(async (opts: { vocab?: string[]; threshold: string }) => {
      const threshold = Number(opts.threshold);
      if (!(threshold > 0 && threshold < 2)) throw new Error(`--threshold must be in (0, 2), got ${opts.threshold}`);
      const cfg = loadConfig();
      const vocabularies = opts.vocab?.length ? opts.vocab.map((f) => readVocabulary(path.resolve(f))) : null;
      // A running server owns the embedded database: it runs the alignment as a job (issue #19 item 4).
      const server = await runningServer(cfg);
      const done = server
        ? await runThroughServer(
            server,
            {
              field: "alignLabels",
              document: `mutation($v: [LabelVocabularyInput!], $t: Float) { alignLabels(vocabularies: $v, threshold: $t) { ${TASK_FIELDS} } }`,
              vars: { v: vocabularies?.map(({ name, kind, labels: l }) => ({ name, kind, labels: l })) ?? null, t: threshold },
            },
            "aligning labels",
          )
        : await runLocally(cfg, { task: "labels-align", threshold, vocabularies });
      process.stdout.write(`${done.summary ?? "aligned"}\n`);
    });

  labels
    .command("show")
    .description("print the served model's label clusters with their members")
    .option("--json", "machine-readable output (centroids left out)")
    .action(async (opts: { json?: boolean }) => {
      const { model, clusters } = await readClusters();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(clusters, null, 2)}\n`);
        return;
      }
      if (!clusters.length) {
        process.stdout.write(`no label clusters for model ${model}; run \`tunelens labels align\`\n`);
        return;
      }
      for (const c of clusters) {
        const members = c.members.map((m) => `${m.label} (${m.vocabulary})`).join(", ");
        process.stdout.write(`${String(c.clusterId).padStart(3)}  ${c.name.padEnd(16)} ${members}\n`);
      }
    });

  labels
    .command("genres")
    .description("(re)compute soft genre distributions for every track under the served model")
    .option("--catalog <name>", "only this catalog's tracks")
    .action(async (opts: { catalog?: string }) => {
      const cfg = loadConfig();
      const server = await runningServer(cfg);
      const done = server
        ? await runThroughServer(
            server,
            { field: "computeSoftGenres", document: `mutation($c: String) { computeSoftGenres(catalog: $c) { ${TASK_FIELDS} } }`, vars: { c: opts.catalog ?? null } },
            "computing soft genres",
          )
        : await runLocally(cfg, { task: "labels-genres", catalog: opts.catalog ?? null });
      process.stdout.write(`soft genres computed: ${done.summary ?? "no tracks"} (${done.processed} jobs)\n`);
    });

  labels
    .command("eval <dir>")
    .description("zero-shot mood precision@k per mood word on a labelled data set (ingested into a scratch in-memory database), with the random baseline")
    .option("--report <file.md>", "write the Markdown report (include it in docs/quality.md with `tunelens eval … --append FILE`)")
    .option("--json <file>", "write the figures as JSON")
    .action(async (dir: string, opts: { report?: string; json?: string }) => {
      const opened = await openRuntime(loadConfig(), { inMemory: true });
      try {
        const report = await evaluateZeroShotMoods(opened.db, opened.runtime, path.resolve(dir), { log: (m) => process.stderr.write(`${m}\n`) });
        const markdown = await formatZeroShotReport(report, opts.report ? path.dirname(path.resolve(opts.report)) : null);
        if (opts.report) await writeFile(opts.report, markdown.text);
        for (const [file, svg] of markdown.files) await writeFile(file, svg);
        if (opts.json) await writeFile(opts.json, `${JSON.stringify(report, null, 2)}\n`);
        process.stdout.write(`${markdown.text}\n`);
      } finally {
        await opened.close();
      }
    });

  labels
    .command("instruments-eval")
    .description("zero-shot instrument tags on a labelled data set (labels.instruments) and on a prompt set (queries naming an instrument), each ingested alone into a scratch in-memory database, with measured random baselines")
    .option("--labelled <dir...>", "data sets whose tracks.jsonl clips carry labels.instruments (e.g. data/corpus/synthetic-val)")
    .option("--prompts <dir...>", "data sets whose queries.jsonl prompts may name an instrument (e.g. data/eval/musiclm-prompts)")
    .option("--report <file.md>", "write the Markdown report (docs/zero-shot-instruments.md)")
    .option("--json <file>", "write the figures as JSON")
    .action(async (opts: { labelled?: string[]; prompts?: string[]; report?: string; json?: string }) => {
      const runs = [...(opts.labelled ?? []).map((d) => ["labelled", d] as const), ...(opts.prompts ?? []).map((d) => ["prompts", d] as const)];
      if (!runs.length) throw new Error("give at least one --labelled or --prompts data set");
      const results: InstrumentEvalResult[] = [];
      for (const [kind, dir] of runs) {
        // one scratch database per set: percentiles are within the set
        const opened = await openRuntime(loadConfig(), { inMemory: true });
        try {
          const log = (m: string) => process.stderr.write(`${m}\n`);
          const evaluate = kind === "labelled" ? evaluateInstrumentsLabelled : evaluateInstrumentPrompts;
          results.push(await evaluate(opened.db, opened.runtime, path.resolve(dir), { log }));
        } finally {
          await opened.close();
        }
      }
      const text = formatInstrumentReport(results);
      if (opts.report) await writeFile(opts.report, `${text}\n`);
      if (opts.json) await writeFile(opts.json, `${JSON.stringify(results, null, 2)}\n`);
      process.stdout.write(`${text}\n`);
    });
}
