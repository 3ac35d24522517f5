import { beforeAll, describe, expect, it } from "vitest";
import { tf, useWasmBackend } from "../../src/train/wasm-backend.ts";
import { conv2dSame } from "../../src/train/conv2d.ts";
import { maxPool2x2 } from "../../src/train/max-pool.ts";
import { CheckpointableRng } from "../../src/util/random.ts";

beforeAll(async () => {
  await useWasmBackend();
});

function random(rng: CheckpointableRng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

describe("conv2dSame gradients (WASM-friendly formulation)", () => {
  it("match tfjs's own autodiff on the cpu backend", async () => {
    const rng = new CheckpointableRng(7);
    const xShape: [number, number, number, number] = [2, 6, 7, 3];
    const wShape: [number, number, number, number] = [3, 3, 3, 4];
    const x = random(rng, 2 * 6 * 7 * 3);
    const w = random(rng, 3 * 3 * 3 * 4);
    const up = random(rng, 2 * 6 * 7 * 4); // weights the output so every position matters differently

    const ours: Float32Array[] = tf.tidy(() => {
      const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
        tf.sum(tf.mul(conv2dSame(xi as tf.Tensor4D, wi as tf.Tensor4D), tf.tensor4d(up, [2, 6, 7, 4]))),
      )([tf.tensor4d(x, xShape), tf.tensor4d(w, wShape)]);
      return [dx.dataSync().slice() as Float32Array, dw.dataSync().slice() as Float32Array];
    });

    await tf.setBackend("cpu");
    try {
      const ref: Float32Array[] = tf.tidy(() => {
        const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 1, "same"), tf.tensor4d(up, [2, 6, 7, 4]))),
        )([tf.tensor4d(x, xShape), tf.tensor4d(w, wShape)]);
        return [dx.dataSync().slice() as Float32Array, dw.dataSync().slice() as Float32Array];
      });
      for (let k = 0; k < 2; k++) {
        const maxDiff = ours[k].reduce((m, v, i) => Math.max(m, Math.abs(v - ref[k][i])), 0);
        expect(maxDiff).toBeLessThan(1e-3);
      }
    } finally {
      await tf.setBackend("wasm");
    }
  });
});

describe("maxPool2x2 gradient", () => {
  it("matches tfjs's MaxPoolGrad on the cpu backend, odd sizes included", async () => {
    const rng = new CheckpointableRng(11);
    const shape: [number, number, number, number] = [2, 5, 6, 3];
    const x = random(rng, 2 * 5 * 6 * 3);
    const up = random(rng, 2 * 2 * 3 * 3);
    const run = (pool: (t: tf.Tensor4D) => tf.Tensor4D): Float32Array =>
      tf.tidy(() => {
        const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(pool(xi as tf.Tensor4D), tf.tensor4d(up, [2, 2, 3, 3]))));
        return g(tf.tensor4d(x, shape)).dataSync().slice() as Float32Array;
      });
    const ours = run(maxPool2x2);
    await tf.setBackend("cpu");
    try {
      const ref = run((t) => tf.maxPool(t, 2, 2, "valid"));
      expect(ours.reduce((m, v, i) => Math.max(m, Math.abs(v - ref[i])), 0)).toBeLessThan(1e-6);
      expect(ref.some((v) => v !== 0)).toBe(true);
    } finally {
      await tf.setBackend("wasm");
    }
  });
});
