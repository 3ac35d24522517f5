// `tunelens train --align-weight` end to end on a ten-clip corpus: the mood words' text rows are
// featurised, the alignment term runs every step, training finishes and exports.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTraining } from "../../src/train/pipeline.ts";
import { writeTone } from "../train/wav.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-align-"));
  const corpus = path.join(dir, "corpus");
  await mkdir(path.join(corpus, "audio"), { recursive: true });
  const kinds = [
    { hz: 220, words: "calm gentle low drone", moods: ["calm", "sad"] },
    { hz: 1760, words: "happy bright high whistle", moods: ["happy", "energetic"] },
  ];
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    const k = kinds[i % 2];
    await writeTone(path.join(corpus, "audio", `c${i}.wav`), k.hz * (1 + 0.02 * i), 3, 16000, i + 1);
    lines.push(JSON.stringify({ id: `c${i}`, file: `audio/c${i}.wav`, captions: [`a ${k.words}`, `${k.words} sound`], labels: { moods: k.moods }, split: i < 8 ? "train" : "val" }));
  }
  await writeFile(path.join(corpus, "tracks.jsonl"), lines.join("\n") + "\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("training with the alignment term", () => {
  it("trains and exports with --align-weight 1, the loss including the term", async () => {
    const common = {
      data: [path.join(dir, "corpus")], version: "v0-align", epochs: 1, batch: 4, dim: 16, lr: 1e-3, seed: 1,
      textBackbone: "bow" as const, cropPositives: false, labelPositives: false, labelKey: "genre", specAugment: false,
      channels: [4, 8], textHidden: 16, vocabularySize: 50, resume: false, cacheDir: path.join(dir, "cache"), progress: false, log: () => {},
    };
    const off = await runTraining({ ...common, out: path.join(dir, "off") });
    const on = await runTraining({ ...common, out: path.join(dir, "on"), alignWeight: 1 });
    expect(on.history).toHaveLength(1);
    expect(Number.isFinite(on.history[0].loss)).toBe(true);
    // same seed and data: the difference is the (positive) alignment cross-entropy
    expect(on.history[0].loss).toBeGreaterThan(off.history[0].loss);
  }, 240_000);
});
