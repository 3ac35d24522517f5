import { beforeAll, describe, expect, it } from "vitest";
import { tf, useWasmBackend } from "../../src/train/wasm-backend.ts";
import { alignmentLoss, alignmentTargetMatrix } from "../../src/train/alignment-loss.ts";

beforeAll(async () => {
  await useWasmBackend();
});

const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const centroids = [unit([1, 0, 0]), unit([0, 1, 0]), unit([0, 0, 1])];

describe("alignment regularisation", () => {
  it("matches a hand computation and ignores unlabelled clips", () => {
    const audio = [unit([0.6, 0.8, 0]), unit([0, 0, 1])];
    const targets = [[1, 0, 0], [0, 0, 0]];
    const scale = 10;
    const logits = audio[0].map((_, j) => scale * centroids[j].reduce((s, c, k) => s + c * audio[0][k], 0));
    const lse = Math.log(logits.reduce((s, x) => s + Math.exp(x), 0));
    const expected = -(logits[0] - lse);
    const got = alignmentLoss(tf.tensor2d(audio), tf.tensor2d(centroids), tf.tensor2d(targets), Math.log(scale)).dataSync()[0];
    expect(got).toBeCloseTo(expected, 4);
    const none = alignmentLoss(tf.tensor2d(audio), tf.tensor2d(centroids), tf.tensor2d([[0, 0, 0], [0, 0, 0]]), Math.log(scale)).dataSync()[0];
    expect(none).toBe(0);
  });

  it("its gradient moves an audio embedding toward its label's centroid and away from the others", () => {
    const start = tf.variable(tf.tensor2d([unit([0.5, 0.5, 0.5])]));
    const C = tf.tensor2d(centroids);
    const T = alignmentTargetMatrix(["clip"], { centroids: centroids.map((c) => Float32Array.from(c)), clustersOf: () => [1] });
    const cos = (v: tf.Tensor2D, j: number) => {
      const x = v.arraySync()[0];
      return x.reduce((s, a, k) => s + a * centroids[j][k], 0) / Math.hypot(...x);
    };
    const before = [0, 1, 2].map((j) => cos(start, j));
    const { grads } = tf.variableGrads(() => alignmentLoss(start, C, T, Math.log(10)), [start]);
    const g = grads[start.name];
    // gradient descent: a small step against the gradient
    const moved = tf.sub(start, tf.mul(g, 0.05)) as tf.Tensor2D;
    const after = [0, 1, 2].map((j) => cos(moved, j));
    expect(after[1]).toBeGreaterThan(before[1]);
    expect(after[0]).toBeLessThan(before[0]);
    expect(after[2]).toBeLessThan(before[2]);
    // and the loss went down
    const l0 = alignmentLoss(start, C, T, Math.log(10)).dataSync()[0];
    const l1 = alignmentLoss(moved, C, T, Math.log(10)).dataSync()[0];
    expect(l1).toBeLessThan(l0);
  });

  it("a clip with two labels is pulled toward both centroids equally", () => {
    const audio = tf.variable(tf.tensor2d([unit([0.1, 0.1, 1])]));
    const T = tf.tensor2d([[1, 1, 0]]);
    const { grads } = tf.variableGrads(() => alignmentLoss(audio, tf.tensor2d(centroids), T, Math.log(10)), [audio]);
    const [gx, gy, gz] = (grads[audio.name].arraySync() as number[][])[0];
    expect(gx).toBeCloseTo(gy, 5);
    expect(gx).toBeLessThan(0);
    expect(gz).toBeGreaterThan(0);
  });
});

describe("alignment term in the trainer (--align-weight)", () => {
  it("adds weight × alignment loss to a step, and training still lowers the total", async () => {
    const { Trainer } = await import("../../src/train/trainer.ts");
    const { tinyConfig, tinyData } = await import("../train/fixtures.ts");
    const base = { epochs: 1, batch: 8, lr: 3e-3, seed: 42, cropPositives: false, labelPositives: false, specAugment: null, warmupSteps: 0 };
    // one centroid per toy class, along the first four axes of the 8-d space
    const centroids = [0, 1, 2, 3].map((k) => Float32Array.from({ length: 8 }, (_, i) => (i === k ? 1 : 0)));
    const alignment = { centroids, clustersOf: (key: string) => [Number(key.replace("clip", "")) % 4] };
    const batch = [0, 1, 2, 3, 4, 5, 6, 7];
    const off = new Trainer(tinyConfig, tinyData(), base);
    const on = new Trainer(tinyConfig, tinyData(), { ...base, alignWeight: 2, alignment });
    const lossOff = off.step(batch);
    const lossOn = on.step(batch);
    // same seed, same crops: the difference is the weighted alignment term, a positive cross-entropy
    expect(lossOn - lossOff).toBeGreaterThan(2 * 0.5);
    const zero = new Trainer(tinyConfig, tinyData(), { ...base, alignWeight: 0, alignment });
    expect(zero.step(batch)).toBeCloseTo(lossOff, 5);
    const losses = [lossOn, ...Array.from({ length: 20 }, () => on.step(batch))];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[20]).toBeLessThan(losses[0]);
    for (const t of [off, on, zero]) t.dispose();
  });
});

describe("centroids from the text tower being trained (tunelens train --align-weight)", () => {
  it("are unit means of the cluster words' embeddings, follow the weights, and drive the trainer's term", async () => {
    const { Trainer } = await import("../../src/train/trainer.ts");
    const { TextCentroidAlignment } = await import("../../src/train/text-centroid-alignment.ts");
    const { tinyConfig, tinyData } = await import("../train/fixtures.ts");
    const data = tinyData();
    // toy classes 0 and 1 as two "mood clusters", each made of its clips' caption rows
    const alignment = new TextCentroidAlignment([[0, 4, 8], [1, 5, 9]], new Map(data.items.map((it, c) => [it.key, c % 4 < 2 ? [c % 4] : []])));
    const base = { epochs: 1, batch: 8, lr: 3e-3, seed: 7, cropPositives: false, labelPositives: false, specAugment: null, warmupSteps: 0 };
    const trainer = new Trainer(tinyConfig, data, { ...base, alignWeight: 1, alignment });
    alignment.refresh(trainer.params, data.text);
    expect(alignment.centroids).toHaveLength(2);
    for (const c of alignment.centroids) expect(Math.hypot(...c)).toBeCloseTo(1, 4);
    expect(alignment.clustersOf("clip5")).toEqual([1]);
    expect(alignment.clustersOf("clip3")).toEqual([]);
    const before = alignment.centroids.map((c) => Array.from(c));
    for (let i = 0; i < 5; i++) trainer.step([0, 1, 2, 3, 4, 5, 6, 7]);
    alignment.refresh(trainer.params, data.text);
    // the text tower moved, so the centroids did
    expect(alignment.centroids[0].some((x, i) => Math.abs(x - before[0][i]) > 1e-4)).toBe(true);
    trainer.dispose();
  });
});
