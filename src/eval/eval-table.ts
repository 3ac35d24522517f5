import { RANKINGS, type DatasetEvaluation } from "./evaluate-dataset.ts";
import { relevantSetsAreLarge, type RetrievalMetrics } from "./retrieval-metrics.ts";

/**
 * The plain-text result of `tunelens eval` for one data set: what was measured on how much, one
 * line explaining each column, then the table with the random baseline. Written for a reader who
 * does not know IR shorthand.
 */

const fmt = (x: number | undefined) => (x === undefined ? "-" : Number.isInteger(x) ? String(x) : x.toFixed(3));
const fmt1 = (x: number | undefined) => (x === undefined ? "?" : Number.isInteger(x) ? String(x) : x.toFixed(1));

interface Column {
  name: string;
  value: (m: RetrievalMetrics) => number | undefined;
  explain: string;
}

const COLUMNS: Record<string, Column> = {
  r1: { name: "R@1", value: (m) => m.recallAt1, explain: "share of queries whose first result is relevant" },
  r5: { name: "R@5", value: (m) => m.recallAt5, explain: "share of queries with a relevant track in the top 5" },
  r10: { name: "R@10", value: (m) => m.recallAt10, explain: "share of queries with a relevant track in the top 10" },
  p10: { name: "P@10", value: (m) => m.precisionAt10, explain: "share of the top 10 that is relevant (mean over queries)" },
  p50: { name: "P@50", value: (m) => m.precisionAt50, explain: "share of the top 50 that is relevant (mean over queries)" },
  medRank: { name: "medRank", value: (m) => m.medianRank, explain: "median rank of the first relevant track (lower is better)" },
  map10: { name: "mAP@10", value: (m) => m.mapAt10, explain: "mean average precision in the top 10: rewards relevant tracks ranked early" },
};

/** Found-at-k columns for small relevant sets; precision columns where R@k saturates. */
export function columnsFor(random: RetrievalMetrics): Column[] {
  const c = COLUMNS;
  return relevantSetsAreLarge(random) ? [c.p10, c.p50, c.map10, c.medRank] : [c.r1, c.r5, c.r10, c.medRank, c.map10, c.p10];
}

export function formatEvaluation(e: DatasetEvaluation): string {
  const out: string[] = [];
  const random = e.textToTrackRandom;
  const queries = random?.queries ?? 0;
  out.push(
    `${e.dataset}: ${e.catalogSize} tracks in the catalogue${random ? `, ${queries} text queries with ${fmt1(random.meanRelevant)} relevant tracks each on average` : ""}; model ${e.model}` +
      (e.ingest.failed ? `; ${e.ingest.failed} files failed to ingest` : ""),
  );
  if (!e.textToTrack || !random) {
    out.push("  (no queries.jsonl: text→track not scored)");
  } else {
    const columns = columnsFor(random);
    if (relevantSetsAreLarge(random)) {
      out.push(`  Relevant sets are large (a random ranking finds one in the top 10 for ${fmt(random.recallAt10)} of queries), so precision is shown instead of R@k.`);
    }
    for (const c of columns) out.push(`  ${c.name.padEnd(8)} ${c.explain}`);
    out.push("  Rows: the ranking signal (fused = audio and descriptions combined; +constraints = re-ranked by the tempo/key a query states).");
    out.push("");
    const rows: Array<[string, RetrievalMetrics]> = [
      ...RANKINGS.filter((s) => e.textToTrack![s]).map((s) => [`model (${s})`, e.textToTrack![s]!] as [string, RetrievalMetrics]),
      ["random baseline", random],
    ];
    out.push(`  ${"ranking".padEnd(32)}  ${columns.map((c) => c.name.padEnd(7)).join(" ")}`.trimEnd());
    for (const [name, m] of rows) out.push(`  ${name.padEnd(32)}  ${columns.map((c) => fmt(c.value(m)).padEnd(7)).join(" ")}`.trimEnd());
    if (e.constrainedQueries != null) out.push(`  (${e.constrainedQueries} of ${queries} queries state a tempo or key; only those can differ under +constraints)`);
  }
  for (const l of e.trackToTrack) {
    out.push(`  track→track P@10 by ${l.label}: ${fmt(l.precisionAt10)} of each track's 10 nearest share its ${l.label} (random ${fmt(l.random)}, ${l.tracks} tracks)`);
  }
  return `${out.join("\n")}\n`;
}
