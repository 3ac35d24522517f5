import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { evaluateDataset, SIGNALS, type DatasetEvaluation } from "../../eval/evaluate-dataset.ts";
import type { RetrievalMetrics } from "../../eval/retrieval-metrics.ts";
import { createProgressBar } from "../progress-bar.ts";
import { openRuntime } from "../runtime.ts";

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(3));

function textTable(e: DatasetEvaluation): string {
  if (!e.textToTrack || !e.textToTrackRandom) return "  (no queries.jsonl: text→track not scored)\n";
  const rows: Array<[string, RetrievalMetrics]> = [
    ...SIGNALS.filter((s) => e.textToTrack![s]).map((s) => [`model (${s})`, e.textToTrack![s]!] as [string, RetrievalMetrics]),
    ["random baseline", e.textToTrackRandom],
  ];
  const head = "  ranking               R@1     R@5     R@10    medRank  mAP@10  P@10\n";
  return (
    head +
    rows
      .map(([name, m]) =>
        `  ${name.padEnd(20)}  ${fmt(m.recallAt1).padEnd(6)}  ${fmt(m.recallAt5).padEnd(6)}  ${fmt(m.recallAt10).padEnd(6)}  ${fmt(m.medianRank).padEnd(7)}  ${fmt(m.mapAt10).padEnd(6)}  ${fmt(m.precisionAt10)}`,
      )
      .join("\n") +
    "\n"
  );
}

export function registerEvalCommand(program: Command): void {
  program
    .command("eval")
    .description("ingest data set folders into a scratch database with the current model and score retrieval")
    .argument("<dirs...>", "data set folders (tracks.jsonl, queries.jsonl, audio/)")
    .option("--json <file>", "also write the figures as JSON")
    .action(async (dirs: string[], opts: { json?: string }) => {
      const cfg = loadConfig();
      const reports: DatasetEvaluation[] = [];
      for (const dir of dirs) {
        // A fresh in-memory database per data set: nothing else in the catalogue, nothing persisted.
        const opened = await openRuntime({ ...cfg, databaseUrl: undefined }, { inMemory: true });
        const bar = createProgressBar(`eval ${dir}`);
        try {
          bar.start(1, 0, { ingested: 0, skipped: 0, failed: 0 });
          const report = await evaluateDataset(dir, opened.db, opened.runtime, (p) => {
            bar.setTotal(p.total);
            bar.update(p.processed, p);
          });
          bar.stop();
          reports.push(report);
          process.stdout.write(`\n${report.dataset}: ${report.catalogSize} tracks, model ${report.model}` +
            (report.ingest.failed ? `, ${report.ingest.failed} failed to ingest` : "") + "\n");
          process.stdout.write(textTable(report));
          for (const l of report.trackToTrack) {
            process.stdout.write(`  track→track P@10 by ${l.label}: ${fmt(l.precisionAt10)} (random ${fmt(l.random)}, ${l.tracks} tracks)\n`);
          }
        } finally {
          bar.stop();
          await opened.close();
        }
      }
      if (opts.json) await writeFile(opts.json, JSON.stringify({ generatedAt: new Date().toISOString(), reports }, null, 2));
    });
}
