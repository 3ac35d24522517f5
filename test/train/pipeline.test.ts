import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudioFile } from "../../src/embedding/audio-decoder.ts";
import { loadEncoder } from "../../src/embedding/onnx-encoder.ts";
import { runTraining } from "../../src/train/pipeline.ts";
import { writeTone } from "./wav.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-pipeline-"));
  const corpus = path.join(dir, "corpus");
  await mkdir(path.join(corpus, "audio"), { recursive: true });
  const lines: string[] = [];
  const kinds = [
    { hz: 220, words: "low deep bass drone" },
    { hz: 1760, words: "high bright whistle tone" },
  ];
  for (let i = 0; i < 10; i++) {
    const k = kinds[i % 2];
    await writeTone(path.join(corpus, "audio", `c${i}.wav`), k.hz * (1 + 0.02 * i), 3 + (i % 3), 16000, i + 1);
    lines.push(JSON.stringify({ id: `c${i}`, file: `audio/c${i}.wav`, captions: [`a ${k.words}`, `${k.words} sound`], labels: { genre: k.words.split(" ")[0] }, split: i < 8 ? "train" : "val" }));
  }
  await writeFile(path.join(corpus, "tracks.jsonl"), lines.join("\n") + "\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runTraining", () => {
  it("caches features, trains, exports a folder that loadEncoder serves", async () => {
    const out = path.join(dir, "model");
    const options = {
      data: [path.join(dir, "corpus")],
      out,
      version: "v0-test",
      epochs: 2,
      batch: 4,
      dim: 16,
      lr: 1e-3,
      seed: 1,
      // USE-lite ⊕ bag-of-words: USE-lite vectors come from a worker process and are cached
      textBackbone: "use+bow" as const,
      cropPositives: true,
      labelPositives: false,
      labelKey: "genre",
      specAugment: true,
      channels: [4, 8],
      textHidden: 16,
      vocabularySize: 50,
      resume: false,
      cacheDir: path.join(dir, "cache"),
      progress: false,
      log: (line: string) => void logs.push(line),
    };
    const logs: string[] = [];
    const result = await runTraining(options);
    expect(logs.some((l) => /^USE-lite: embedding \d+ new captions/.test(l))).toBe(true);
    expect(result.history).toHaveLength(2);
    const manifest = JSON.parse(await readFile(path.join(out, "model.json"), "utf8"));
    expect(manifest.audio.frontend.mean).toHaveLength(64);
    // query centring: the mean of the training captions' unit vectors, written after export
    expect(manifest.text.centre).toHaveLength(16);
    expect(Math.hypot(...manifest.text.centre)).toBeGreaterThan(0.05);
    expect(Math.hypot(...manifest.text.centre)).toBeLessThan(1);
    expect(logs.some((l) => /^query centre: mean of \d+ training captions/.test(l))).toBe(true);
    expect(JSON.parse(await readFile(path.join(out, "vocab.json"), "utf8"))).toContain("bass");

    const encoder = await loadEncoder(out);
    try {
      const low = await encoder.embedAudio(await decodeAudioFile(path.join(dir, "corpus", "audio", "c0.wav")));
      const [t] = await encoder.embedTexts(["deep bass"]);
      expect(low).toHaveLength(16);
      expect(t).toHaveLength(16);
      expect(Math.hypot(...low)).toBeCloseTo(1, 4);
    } finally {
      await encoder.close();
    }

    // A second run hits both caches: no USE-lite worker, and no decoding (the audio is moved
    // away, so a run that decoded would fail). It is reproducible with the seed.
    logs.length = 0;
    await rename(path.join(dir, "corpus", "audio"), path.join(dir, "audio-moved"));
    const again = await runTraining({ ...options, out: path.join(dir, "model2") }).finally(() =>
      rename(path.join(dir, "audio-moved"), path.join(dir, "corpus", "audio")),
    );
    expect(logs.filter((l) => l.startsWith("USE-lite"))).toEqual([]);
    expect(again.history.map((h) => h.loss)).toEqual(result.history.map((h) => h.loss));
  });
});
