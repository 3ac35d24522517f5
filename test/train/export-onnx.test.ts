import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTunelensManifest, readModelManifest } from "../../src/embedding/model-manifest.ts";
import { tf, useWasmBackend } from "../../src/train/wasm-backend.ts";
import { audioTowerOnnx, exportModel, textTowerOnnx } from "../../src/train/export-onnx.ts";
import { audioForward, initDualEncoder, textForward, type DualEncoderConfig } from "../../src/train/model.ts";
import { CheckpointableRng } from "../../src/util/random.ts";

const config: DualEncoderConfig = { nMels: 16, windowFrames: 40, channels: [4, 8, 6], textInputDim: 20, textHidden: 12, dim: 10 };

let dir: string;
beforeAll(async () => {
  await useWasmBackend();
  dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-export-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function randomArray(rng: CheckpointableRng, n: number, scale = 1, offset = 0): Float32Array {
  return Float32Array.from({ length: n }, () => offset + scale * rng.normal());
}

/** Random weights everywhere, including non-trivial BatchNorm statistics, so folding is exercised. */
function randomParams(rng: CheckpointableRng) {
  const params = initDualEncoder(config, rng);
  tf.tidy(() => {
    for (const [name, v] of [...params.trainable, ...params.stats]) {
      if (name.startsWith("logScale")) continue;
      const isVar = name.endsWith(".var");
      const isGamma = name.endsWith(".gamma");
      const data = isVar || isGamma ? randomArray(rng, v.size, 0.3, 1).map(Math.abs) : randomArray(rng, v.size, 0.5);
      v.assign(tf.tensor(data, v.shape));
    }
  });
  return params;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe("ONNX export", () => {
  it("audio and text graphs reproduce the tfjs towers (BatchNorm folded) to 1e-4", async () => {
    const rng = new CheckpointableRng(3);
    const params = randomParams(rng);
    const batch = 3;
    const input = randomArray(rng, batch * config.nMels * config.windowFrames);
    const features = randomArray(rng, batch * config.textInputDim);

    const audioRef = tf.tidy(() =>
      audioForward(params, config, tf.tensor4d(input, [batch, config.nMels, config.windowFrames, 1]), false).dataSync().slice(),
    ) as Float32Array;
    const textRef = tf.tidy(() => textForward(params, tf.tensor2d(features, [batch, config.textInputDim])).dataSync().slice()) as Float32Array;

    const audio = await ort.InferenceSession.create(audioTowerOnnx(params, config));
    // NHWC with C = 1 and NCHW with C = 1 share one memory layout
    const audioOut = await audio.run({ logmel: new ort.Tensor("float32", input, [batch, 1, config.nMels, config.windowFrames]) });
    expect(audioOut.embedding.dims).toEqual([batch, config.dim]);
    expect(maxAbsDiff(audioOut.embedding.data as Float32Array, audioRef)).toBeLessThan(1e-4);

    const text = await ort.InferenceSession.create(textTowerOnnx(params, config));
    const textOut = await text.run({ features: new ort.Tensor("float32", features, [batch, config.textInputDim]) });
    expect(maxAbsDiff(textOut.embedding.data as Float32Array, textRef)).toBeLessThan(1e-4);

    // the comparison can fail: training-mode BatchNorm (batch statistics) gives other outputs
    const trainingMode = tf.tidy(() =>
      audioForward(params, config, tf.tensor4d(input, [batch, config.nMels, config.windowFrames, 1]), true).dataSync().slice(),
    ) as Float32Array;
    expect(maxAbsDiff(audioOut.embedding.data as Float32Array, trainingMode)).toBeGreaterThan(1e-3);
    await audio.release();
    await text.release();
  });

  it("writes a model folder whose manifest validates", async () => {
    const params = randomParams(new CheckpointableRng(5));
    const out = path.join(dir, "model");
    await exportModel(out, params, config, {
      name: "test",
      version: "v0-test",
      audioFrontend: {
        kind: "logmel",
        sampleRate: 16000,
        nMels: config.nMels,
        nFft: 512,
        hopLength: 256,
        fMin: 0,
        fMax: 8000,
        windowFrames: config.windowFrames,
        hopFrames: 20,
        maxWindows: 8,
        mean: new Array(config.nMels).fill(0),
        std: new Array(config.nMels).fill(1),
      },
      textFrontend: { kind: "bow", vocabulary: "vocab.json" },
      vocabulary: Array.from({ length: config.textInputDim }, (_, i) => `word${i}`),
    });
    const { manifest } = await readModelManifest(out);
    expect(manifest.dimensions).toBe(config.dim);
    // read back as the trained format loadEncoder serves
    expect(isTunelensManifest(manifest)).toBe(true);
    expect(manifest.audio.frontend).toMatchObject({ kind: "logmel", windowFrames: config.windowFrames });
  });
});
