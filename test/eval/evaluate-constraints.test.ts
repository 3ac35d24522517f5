import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { evaluateDataset, type DatasetEvaluation } from "../../src/eval/evaluate-dataset.ts";
import { renderQualityMarkdown } from "../../src/eval/quality-report.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { clickTrack, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { runCli } from "../helpers/cli.ts";
import { shippedModelRuntime, TEST_MODEL_DIR } from "../helpers/runtime.ts";

const TEMPOS = [80, 100, 120, 140, 160];

/** Click tracks that differ only in tempo, all described alike: only a stated tempo can tell them apart. */
function writeDataset(): string {
  const dir = tempDir("tunelens-eval-constraints-");
  mkdirSync(path.join(dir, "audio"));
  const sr = 16000;
  const lines = TEMPOS.map((bpm) => {
    writeWav(path.join(dir, "audio"), `click-${bpm}.wav`, [clickTrack(bpm, 8, sr)], sr);
    return JSON.stringify({ id: `click-${bpm}`, file: `audio/click-${bpm}.wav`, description: "a steady click", labels: { bpm } });
  });
  writeFileSync(path.join(dir, "tracks.jsonl"), `${lines.join("\n")}\n`);
  const queries = [
    ...TEMPOS.map((bpm) => ({ id: `q${bpm}`, text: `a steady click at ${bpm} bpm`, relevant: [`click-${bpm}`] })),
    { id: "plain", text: "a steady click", relevant: ["click-100"] },
  ];
  writeFileSync(path.join(dir, "queries.jsonl"), queries.map((q) => JSON.stringify(q)).join("\n"));
  return dir;
}

describe("tunelens eval with and without query constraints", () => {
  let db: Database;
  let runtime: ModelRuntime;
  let both: DatasetEvaluation;
  const dir = writeDataset();

  beforeAll(async () => {
    db = await openDatabase({});
    runtime = await shippedModelRuntime(db);
    both = await evaluateDataset(dir, db, runtime, undefined, { queryConstraints: "both" });
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await db?.close();
  });

  it("the click tracks carry the tempo they were made with (the test's premise)", async () => {
    const tracks = await new TrackRepository(db).page(10, null);
    for (const t of tracks) {
      const made = Number(/click-(\d+)/.exec(t.externalId ?? "")![1]);
      const estimated = (t.metadata.audio as { bpm: number }).bpm;
      expect(Math.abs(Math.log2(estimated / made))).toBeLessThan(0.05);
    }
  });

  it("reports each ranking with and without constraints side by side; only constraints find the stated tempo", () => {
    const t = both.textToTrack!;
    expect(Object.keys(t).sort()).toEqual(["audio", "audio+constraints", "description", "description+constraints", "fused", "fused+constraints", "hybrid", "hybrid+constraints"]);
    expect(both.constrainedQueries).toBe(TEMPOS.length);
    // 5 of 6 queries name their track's tempo: with constraints each is found first
    expect(t["fused+constraints"]!.recallAt1).toBeGreaterThanOrEqual(5 / 6);
    expect(t["description+constraints"]!.recallAt1).toBeGreaterThanOrEqual(5 / 6);
    // alike descriptions: without constraints the description ranking cannot tell them apart
    expect(t.description!.recallAt1).toBeLessThanOrEqual(2 / 6);
    expect(t["fused+constraints"]!.recallAt1).toBeGreaterThan(t.fused!.recallAt1);
  });

  it("renders both rows in the Markdown report", () => {
    const md = renderQualityMarkdown([{ modelDir: "m", evaluation: both }], new Map(), "tunelens eval");
    expect(md).toMatch(/\(fused\) \|/);
    expect(md).toMatch(/\(fused\+constraints\) \|/);
    expect(md).toContain("5 of 6 queries state one");
  });

  it("--query-constraints off|on picks the rows; a bad value is refused", async () => {
    const out = path.join(tempDir("tunelens-eval-json-"), "eval.json");
    const env = { TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", LOG_LEVEL: "silent" };
    const off = await runCli(["eval", dir, "--query-constraints", "off", "--json", out], env);
    expect(off.code, off.stderr).toBe(0);
    const keys = Object.keys(JSON.parse(readFileSync(out, "utf8")).results[0].evaluation.textToTrack);
    expect(keys.sort()).toEqual(["audio", "description", "fused", "hybrid"]);
    expect(off.stdout).toContain("model (fused)");
    expect(off.stdout).not.toContain("model (fused+constraints)");
    const on = await runCli(["eval", dir, "--query-constraints", "on"], env);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toContain("model (fused+constraints)");
    expect(on.stdout).not.toContain("model (fused) ");
    const bad = await runCli(["eval", dir, "--query-constraints", "sometimes"], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--query-constraints");
  }, 300_000);
});
