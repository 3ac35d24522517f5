import { describe, expect, it } from "vitest";
import type { DatasetEvaluation } from "../../src/eval/evaluate-dataset.ts";
import { formatEvaluation } from "../../src/eval/eval-table.ts";
import { renderQualityMarkdown } from "../../src/eval/quality-report.ts";
import { randomBaseline, summarize, type QueryOutcome } from "../../src/eval/retrieval-metrics.ts";

/** An evaluation of `queries` queries over `catalog` tracks, each with `relevant` relevant tracks. */
function evaluation(catalog: number, relevant: number, queries = 4): DatasetEvaluation {
  // the model puts one relevant track at rank q + 1 for query q
  const outcomes: QueryOutcome[] = Array.from({ length: queries }, (_, q) => ({ relevantRanks: [q + 1], relevantCount: relevant }));
  return {
    dataset: "toy",
    model: "v-test",
    catalogSize: catalog,
    ingest: { total: catalog, processed: catalog, ingested: catalog, skipped: 0, failed: 0 },
    textToTrack: { fused: summarize(outcomes, catalog) },
    textToTrackRandom: randomBaseline(outcomes.map((o) => o.relevantCount), catalog, 200),
    trackToTrack: [{ label: "genre", tracks: catalog, precisionAt10: 0.4, random: 0.1 }],
  };
}

describe("eval output a newcomer can read", () => {
  it("states catalogue and query counts and explains every column it prints", () => {
    const text = formatEvaluation(evaluation(200, 1));
    expect(text).toContain("toy: 200 tracks in the catalogue, 4 text queries with 1 relevant tracks each on average");
    const header = text.split("\n").find((l) => l.trim().startsWith("ranking"))!;
    const columns = header.trim().split(/\s+/).slice(1);
    expect(columns).toEqual(["R@1", "R@5", "R@10", "medRank", "mAP@10", "P@10"]);
    for (const c of columns) expect(text).toMatch(new RegExp(`^  ${c.replace(/[@]/g, "\\$&")}\\s+\\S.*`, "m"));
    expect(text).toMatch(/random baseline/);
    expect(text).toContain("of each track's 10 nearest share its genre");
  });

  it("shows P@10 and P@50 instead of R@k when relevant sets are a large share of the catalogue", () => {
    // 50 relevant of 200: a random ranking finds one in the top 10 for ~94 % of queries
    const text = formatEvaluation(evaluation(200, 50));
    const header = text.split("\n").find((l) => l.trim().startsWith("ranking"))!;
    expect(header.trim().split(/\s+/).slice(1)).toEqual(["P@10", "P@50", "mAP@10", "medRank"]);
    expect(text).toContain("precision is shown instead of R@k");
    expect(text).not.toMatch(/^\s+R@10\s/m);
  });

  it("the Markdown report uses the same columns, explained, with the counts in the heading", () => {
    const md = renderQualityMarkdown([{ modelDir: "m", evaluation: evaluation(200, 50) }], new Map(), "tunelens eval toy");
    expect(md).toContain("## toy (200 tracks, 4 queries with 50 relevant tracks each on average)");
    expect(md).toContain("| model (ranking) | P@10 | P@50 | mAP@10 | medRank |");
    expect(md).toContain("**P@50** share of the top 50 that is relevant");
  });
});
