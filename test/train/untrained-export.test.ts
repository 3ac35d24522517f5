import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEncoder } from "../../src/embedding/onnx-encoder.ts";
import { GLOVE_PACKAGE } from "../../src/train/glove-subset.ts";
import { runTraining } from "../../src/train/pipeline.ts";
import { fakeEmbeddings } from "./glove-fixture.ts";
import { writeTone } from "./wav.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-untrained-"));
  const corpus = path.join(dir, "corpus");
  await mkdir(path.join(corpus, "audio"), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    await writeTone(path.join(corpus, "audio", `c${i}.wav`), 220 * (1 + i), 3, 16000, i + 1);
    lines.push(JSON.stringify({ id: `c${i}`, file: `audio/c${i}.wav`, captions: [i % 2 ? "slow piano waltz" : "fast hip-hop beat"], labels: {}, split: i < 5 ? "train" : "val" }));
  }
  await writeFile(path.join(corpus, "tracks.jsonl"), lines.join("\n") + "\n");
  // a stand-in for the 307 MB package, where training looks for it
  const pkg = path.join(dir, "cache", "glove-pkg", "node_modules", GLOVE_PACKAGE);
  await mkdir(pkg, { recursive: true });
  await writeFile(path.join(pkg, `${GLOVE_PACKAGE}.json`), JSON.stringify(fakeEmbeddings()));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("tunelens train --epochs 0 --text-backbone glove+bow", () => {
  it("exports the random initialisation as an untrained model with its GloVe table, and serving reads it", async () => {
    const out = path.join(dir, "model");
    const result = await runTraining({
      data: [path.join(dir, "corpus")], out, version: "v0-untrained", epochs: 0, batch: 2, dim: 8, lr: 1e-3, seed: 3,
      textBackbone: "glove+bow", cropPositives: false, labelPositives: false, labelKey: "genre", specAugment: true,
      channels: [4], textHidden: 8, vocabularySize: 50, resume: false, cacheDir: path.join(dir, "cache"), progress: false, log: () => {},
    });
    expect(result.history).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(out, "model.json"), "utf8"));
    expect(manifest.trained).toBe(false);
    expect(manifest.text.frontend).toEqual({ kind: "glove+bow", vocabulary: "vocab.json", glove: "glove.bin" });
    expect((await stat(path.join(out, "glove.bin"))).size).toBeGreaterThan(0);

    const encoder = await loadEncoder(out);
    try {
      const [a, b] = await encoder.embedTexts(["slow piano", "hip-hop"]);
      expect(a).toHaveLength(8);
      expect(Math.hypot(...a)).toBeCloseTo(1, 4);
      expect(a).not.toEqual(b);
    } finally {
      await encoder.close();
    }
  });
});
