// `tunelens bench` end to end on PGlite with a tiny catalog (a few hundred vectors): the real
// server over HTTP, the real text tower, autocannon in a second process, hnswlib. Checks that the
// JSON carries every key the issue names with plausible values, and that the report renders them.
// Not a timed test: figures on a shared machine say nothing; shapes and invariants do.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODEL_DIR } from "../../src/config.ts";
import { renderPerformanceReport, writePerformanceReport } from "../../src/bench/report.ts";
import { runBench, type BenchReport } from "../../src/bench/run-bench.ts";

describe("tunelens bench on PGlite (tiny catalog)", () => {
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBench(
      {
        sizes: [300],
        backends: ["pglite"],
        pgliteMaxTracks: 1000,
        queries: 12,
        sweep: false,
        qpsSeconds: 1,
        efSearch: 100,
        modelDir: DEFAULT_MODEL_DIR,
        audioDir: path.join(os.tmpdir(), "tunelens-no-audio-here"),
        logger: pino({ level: "silent" }),
        log: () => {},
      },
      "test",
    );
  }, 240_000);

  it("reports every headline key with plausible values", () => {
    const positive = [report.textSearch.p50Ms, report.textSearch.p99Ms, report.trackSearch.p50Ms, report.qps, report.graphqlOverSql];
    for (const x of positive) expect(x).toBeGreaterThan(0);
    expect(report.textSearch.p99Ms).toBeGreaterThanOrEqual(report.textSearch.p50Ms);
    for (const r of [report.recallAt10, report.recallAt10Filtered]) {
      expect(r).toBeGreaterThan(0.5);
      expect(r).toBeLessThanOrEqual(1);
    }
    expect(report).toHaveProperty("ingestRealtimeFactor", null); // no audio folder: said, not invented
    expect(report.notes.join(" ")).toMatch(/ingest stages were not timed/);
    const run = report.runs[0];
    expect(run).toMatchObject({ backend: "pglite", tracks: 300 });
    expect(run.exactAgreesWithBruteForce).toBe(true);
    expect(run.qps.errors + run.qps.non2xx + run.qps.graphqlErrors).toBe(0);
    expect(run.storage.map((s) => s.storage)).toEqual(["vector", "halfvec"]);
    expect(report.inProcess[0].recallAt10).toBeGreaterThan(0.5);
    // the served index at growing ef_search: recall never falls as the candidate list widens
    expect(run.efCurve.map((p) => p.efSearch)).toEqual([40, 100, 200, 400]);
    for (let i = 1; i < run.efCurve.length; i++) expect(run.efCurve[i].recallAt10).toBeGreaterThanOrEqual(run.efCurve[i - 1].recallAt10 - 0.02);
    expect(report.production).toEqual({ m: 16, efConstruction: 128, efSearch: 100 });
  });

  it("renders the report with each figure beside its baseline", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tunelens-perf-"));
    const { markdown, files } = await renderPerformanceReport(report, path.join(dir, "performance.md"));
    expect(markdown).toMatch(/## Against the targets/);
    expect(markdown).toMatch(/text→track p50, GraphQL over HTTP.*encode \+ same SQL/);
    expect(markdown).toMatch(/hnswlib/);
    expect(markdown).toMatch(/load average/);
    expect(markdown).toMatch(/## Recall against ef_search on the served index/);
    expect([...files.values()][0]).toMatch(/^<svg/);
  });

  it("keeps the sections other tools write (install and start-up, served recall) when it regenerates the page", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "tunelens-perf-")), "performance.md");
    const recall = "<!-- served-recall:begin (y) -->\n## Recall of the served statement\n<!-- served-recall:end -->";
    const section = "<!-- install-startup:begin (x) -->\n## Install and start-up\n\n| a | 1.0 |\n<!-- install-startup:end -->";
    writeFileSync(file, `# Performance\n\nan older report\n\n${recall}\n\nmore of the older report\n\n${section}\n`);
    await writePerformanceReport(report, file);
    const page = readFileSync(file, "utf8");
    expect(page).not.toContain("an older report");
    expect(page).not.toContain("more of the older report");
    expect(page).toMatch(/## Against the targets/);
    expect(page.split(section)).toHaveLength(2);
    expect(page.split(recall)).toHaveLength(2);
  });
});
