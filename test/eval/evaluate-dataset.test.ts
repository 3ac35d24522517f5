import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { evaluateDataset, type DatasetEvaluation } from "../../src/eval/evaluate-dataset.ts";
import { renderQualityMarkdown, renderRecallPlot } from "../../src/eval/quality-report.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { chord, clickTrack, tempDir, whiteNoise, writeWav } from "../helpers/audio-fixtures.ts";
import { shippedModelRuntime } from "../helpers/runtime.ts";

/** A small labelled data set in the shared layout, made of generated audio. */
function writeDataset(): string {
  const dir = tempDir("tunelens-eval-");
  mkdirSync(path.join(dir, "audio"));
  const sr = 16000;
  const tracks = [
    { id: "calm-1", audio: chord([220, 277, 330], 6, sr), labels: { mood: "calm" }, description: "soft sustained major chord" },
    { id: "calm-2", audio: chord([247, 311, 370], 6, sr), labels: { mood: "calm" }, description: "gentle held chord" },
    { id: "noisy-1", audio: whiteNoise(6, sr, 0.3, 1), labels: { mood: "harsh" }, description: "harsh white noise" },
    { id: "noisy-2", audio: whiteNoise(6, sr, 0.3, 2), labels: { mood: "harsh" }, description: "loud static hiss" },
    { id: "beat-1", audio: clickTrack(120, 6, sr), labels: { mood: "driving" }, description: "a steady click at 120 bpm" },
  ];
  const lines = tracks.map((t) => {
    writeWav(path.join(dir, "audio"), `${t.id}.wav`, [t.audio], sr);
    return JSON.stringify({ id: t.id, file: `audio/${t.id}.wav`, description: t.description, labels: t.labels });
  });
  writeFileSync(path.join(dir, "tracks.jsonl"), `${lines.join("\n")}\n`);
  writeFileSync(
    path.join(dir, "queries.jsonl"),
    [
      { id: "q1", text: "harsh white noise", relevant: ["noisy-1"] },
      { id: "q2", text: "a calm chord", relevant: ["calm-1", "calm-2"] },
    ].map((q) => JSON.stringify(q)).join("\n"),
  );
  return dir;
}

describe("tunelens eval on a labelled data set", () => {
  let db: Database;
  let runtime: ModelRuntime;
  let result: DatasetEvaluation;
  const dir = writeDataset();

  beforeAll(async () => {
    db = await openDatabase({});
    runtime = await shippedModelRuntime(db);
    result = await evaluateDataset(dir, db, runtime);
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await db?.close();
  });

  it("never ingests evaluation labels", async () => {
    const tracks = await new TrackRepository(db).page(10, null);
    expect(tracks).toHaveLength(5);
    for (const t of tracks) expect(t.metadata).not.toHaveProperty("labels");
  });

  it("scores every ranking signal with the random baseline beside it", () => {
    expect(result.catalogSize).toBe(5);
    expect(Object.keys(result.textToTrack!).sort()).toEqual(["audio", "description", "fused", "hybrid"]);
    // the description ranking finds a query that repeats a track's description verbatim
    expect(result.textToTrack!.description!.recallAt1).toBeGreaterThanOrEqual(0.5);
    expect(result.textToTrackRandom!.recallAt1).toBeCloseTo((1 / 5 + 2 / 5) / 2);
    expect(result.textToTrack!.audio!.recallCurve).toHaveLength(5);
  });

  it("reports track→track precision by shared label against its random expectation", () => {
    const mood = result.trackToTrack.find((l) => l.label === "mood")!;
    expect(mood.tracks).toBe(5);
    // each track has at most one other track with its mood among 4 candidates
    expect(mood.random).toBeCloseTo((1 / 4 + 1 / 4 + 1 / 4 + 1 / 4 + 0) / 5);
    expect(mood.precisionAt10).toBeGreaterThanOrEqual(0);
  });

  it("renders a Markdown report and an SVG recall plot", async () => {
    const evals = [{ modelDir: "m", evaluation: result }];
    const svg = await renderRecallPlot(evals);
    expect(svg).toMatch(/^<svg/);
    const md = renderQualityMarkdown(evals, new Map([[result.dataset, "plot.svg"]]), "tunelens eval x");
    expect(md).toContain(`| ${result.model} (audio) |`);
    expect(md).toContain("| random |");
    expect(md).toContain("![recall@k");
  });
  it("refuses to score a catalogue whose clips mostly failed to ingest (audio/ a symlink out of the data set)", async () => {
    // the layout held-out-split.ts once wrote: audio/ pointing into another folder, which ingest
    // rightly refuses (files must resolve under the data set); eval printed zeros instead of failing
    const elsewhere = writeDataset();
    const broken = tempDir("tunelens-eval-broken-");
    for (const f of ["tracks.jsonl", "queries.jsonl"]) copyFileSync(path.join(elsewhere, f), path.join(broken, f));
    symlinkSync(path.join(elsewhere, "audio"), path.join(broken, "audio"));
    const empty = await openDatabase({});
    try {
      await expect(evaluateDataset(broken, empty, runtime)).rejects.toThrow(/5 of 5 files failed to ingest .*not evaluating a partial catalogue/);
    } finally {
      await empty.close();
      rmSync(broken, { recursive: true, force: true });
    }
  }, 120_000);

  it("finds relevant tracks whose ids the data set writes as numbers", async () => {
    // Ingest stores `"id": 3` as external id "3"; eval once compared a query's `relevant: [3]`
    // with those strings as numbers, so every such query scored as a miss (R@k 0).
    const dir = tempDir("tunelens-eval-numeric-");
    mkdirSync(path.join(dir, "audio"));
    const texts = ["soft sustained major chord", "harsh white noise"];
    writeWav(path.join(dir, "audio"), "1.wav", [chord([220, 277, 330], 4, 16000)], 16000);
    writeWav(path.join(dir, "audio"), "2.wav", [whiteNoise(4, 16000, 0.3, 3)], 16000);
    writeFileSync(path.join(dir, "tracks.jsonl"), texts.map((description, i) => JSON.stringify({ id: i + 1, file: `audio/${i + 1}.wav`, description })).join("\n"));
    writeFileSync(path.join(dir, "queries.jsonl"), texts.map((text, i) => JSON.stringify({ id: i + 1, text, relevant: [i + 1] })).join("\n"));
    const own = await openDatabase({});
    const ownRuntime = await shippedModelRuntime(own);
    try {
      const numeric = await evaluateDataset(dir, own, ownRuntime);
      expect(numeric.catalogSize).toBe(2);
      // each query repeats its track's description verbatim: the description ranking puts it first
      expect(numeric.textToTrack!.description!.recallAt1).toBe(1);
      expect(numeric.textToTrack!.description!.recallAt5).toBe(1);
    } finally {
      await ownRuntime.encoder.close();
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
