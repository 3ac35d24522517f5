import * as ort from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { tf, useWasmBackend } from "../../src/train/wasm-backend.ts";
import { audioTowerOnnx } from "../../src/train/export-onnx.ts";
import { audioForward, countParameters, initDualEncoder, type DualEncoderConfig } from "../../src/train/model.ts";
import { patchGrid } from "../../src/train/audio-transformer-config.ts";
import { Trainer } from "../../src/train/trainer.ts";
import { CheckpointableRng } from "../../src/util/random.ts";
import { tinyConfig, tinyData } from "./fixtures.ts";

const config: DualEncoderConfig = {
  nMels: 16,
  windowFrames: 24,
  channels: [],
  transformer: { patchMels: 4, patchFrames: 6, layers: 2, width: 12, heads: 3, mlp: 20 },
  textInputDim: 5,
  textHidden: 8,
  dim: 10,
};

beforeAll(async () => {
  await useWasmBackend();
});

function randomArray(rng: CheckpointableRng, n: number, scale = 1, offset = 0): Float32Array {
  return Float32Array.from({ length: n }, () => offset + scale * rng.normal());
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

async function onnxAudio(params: ReturnType<typeof initDualEncoder>, input: Float32Array, batch: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(audioTowerOnnx(params, config));
  const out = await session.run({ logmel: new ort.Tensor("float32", input, [batch, 1, config.nMels, config.windowFrames]) });
  await session.release();
  expect(out.embedding.dims).toEqual([batch, config.dim]);
  return out.embedding.data as Float32Array;
}

describe("transformer audio tower", () => {
  it("cuts a window into whole patches and refuses a window that does not divide", () => {
    expect(patchGrid(64, 128, { patchMels: 16, patchFrames: 8, layers: 2, width: 128, heads: 4, mlp: 256 })).toEqual({ bands: 4, steps: 16, tokens: 64, size: 128 });
    expect(() => patchGrid(64, 100, { patchMels: 16, patchFrames: 8, layers: 2, width: 128, heads: 4, mlp: 256 })).toThrow(/does not divide/);
    expect(() => patchGrid(64, 128, { patchMels: 16, patchFrames: 8, layers: 2, width: 128, heads: 5, mlp: 256 })).toThrow(/heads/);
  });

  it("has no CNN parameters and no BatchNorm statistics", () => {
    const params = initDualEncoder(config, new CheckpointableRng(1));
    expect([...params.trainable.keys()].some((k) => k.startsWith("audio.conv"))).toBe(false);
    expect(params.stats.size).toBe(0);
    expect(countParameters(params, "audio.block1.")).toBeGreaterThan(0);
  });

  it("exports an ONNX graph that reproduces the tfjs tower to 1e-4, patch order and positions included", async () => {
    const rng = new CheckpointableRng(7);
    const params = initDualEncoder(config, rng);
    // random values everywhere (LayerNorm gains and shifts too), so every weight's layout is exercised
    tf.tidy(() => {
      for (const [name, v] of params.trainable) {
        if (name.startsWith("logScale")) continue;
        const data = name.endsWith(".gamma") ? randomArray(rng, v.size, 0.3, 1) : randomArray(rng, v.size, 0.4);
        v.assign(tf.tensor(data, v.shape));
      }
    });
    const batch = 3;
    const input = randomArray(rng, batch * config.nMels * config.windowFrames);
    const reference = tf.tidy(() =>
      audioForward(params, config, tf.tensor4d(input, [batch, config.nMels, config.windowFrames, 1]), false).dataSync().slice(),
    ) as Float32Array;
    const exported = await onnxAudio(params, input, batch);
    expect(maxAbsDiff(exported, reference)).toBeLessThan(1e-4);

    // the comparison can fail: the same window with two time patches swapped is another input
    // to a tower with learned positions, and both paths must see that difference alike
    const swapped = input.slice();
    const { windowFrames: t, nMels } = config;
    const pf = config.transformer!.patchFrames;
    for (let b = 0; b < batch; b++) {
      for (let m = 0; m < nMels; m++) {
        for (let f = 0; f < pf; f++) {
          const i = (b * nMels + m) * t + f;
          [swapped[i], swapped[i + pf]] = [swapped[i + pf], swapped[i]];
        }
      }
    }
    const exportedSwapped = await onnxAudio(params, swapped, batch);
    expect(maxAbsDiff(exportedSwapped, exported)).toBeGreaterThan(1e-3);
    const referenceSwapped = tf.tidy(() =>
      audioForward(params, config, tf.tensor4d(swapped, [batch, config.nMels, config.windowFrames, 1]), false).dataSync().slice(),
    ) as Float32Array;
    expect(maxAbsDiff(exportedSwapped, referenceSwapped)).toBeLessThan(1e-4);
  });

  it("learns the toy task: the contrastive loss falls on the wasm backend (every op has a gradient there)", () => {
    const toy: DualEncoderConfig = { ...tinyConfig, channels: [], transformer: { patchMels: 2, patchFrames: 4, layers: 1, width: 16, heads: 2, mlp: 32 } };
    const trainer = new Trainer(toy, tinyData(), {
      epochs: 1, batch: 8, lr: 3e-3, seed: 42, cropPositives: false, labelPositives: false, specAugment: null, warmupSteps: 0,
    });
    const batch = [0, 1, 2, 3, 4, 5, 6, 7];
    const losses = Array.from({ length: 30 }, () => trainer.step(batch));
    expect(losses.every(Number.isFinite)).toBe(true);
    const first = (losses[0] + losses[1] + losses[2]) / 3;
    const last = (losses[27] + losses[28] + losses[29]) / 3;
    expect(last).toBeLessThan(first * 0.7);
    trainer.dispose();
  });
});
