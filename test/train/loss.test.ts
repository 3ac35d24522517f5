import { beforeAll, describe, expect, it } from "vitest";
import { tf, useWasmBackend } from "../../src/train/wasm-backend.ts";
import { infoNce, multiPositiveInfoNce, positiveMask } from "../../src/train/loss.ts";

beforeAll(async () => {
  await useWasmBackend();
});

/** Reference: mean over rows of −Σ_j target_ij · log softmax_j(scale · a_i·b_j), both directions. */
function handLoss(a: number[][], b: number[][], pos: number[][], scale: number): number {
  const logits = a.map((ai) => b.map((bj) => scale * ai.reduce((s, x, k) => s + x * bj[k], 0)));
  const direction = (l: number[][], p: number[][]): number => {
    let total = 0;
    l.forEach((row, i) => {
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
      const n = p[i].reduce((s, x) => s + x, 0);
      total += -row.reduce((s, x, j) => s + (p[i][j] / n) * (x - lse), 0);
    });
    return total / l.length;
  };
  const t = (m: number[][]): number[][] => m[0].map((_, j) => m.map((r) => r[j]));
  return 0.5 * (direction(logits, pos) + direction(t(logits), t(pos)));
}

const a = [
  [0.6, 0.8, 0],
  [0, 1, 0],
  [0.8, 0, -0.6],
];
const b = [
  [1, 0, 0],
  [0, 0.6, 0.8],
  [0.6, 0, 0.8],
];

describe("InfoNCE", () => {
  it("matches a hand computation of CLIP's symmetric loss", () => {
    const scale = 10;
    const got = infoNce(tf.tensor2d(a), tf.tensor2d(b), tf.scalar(Math.log(scale))).dataSync()[0];
    const identity = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
    expect(got).toBeCloseTo(handLoss(a, b, identity, scale), 4);
    // sanity on the reference itself: a perfectly aligned batch has a lower loss
    expect(handLoss(a, a, identity, scale)).toBeLessThan(handLoss(a, b, identity, scale));
  });

  it("spreads the target over several positives (multi-positive variant)", () => {
    const pos = [
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ];
    const scale = 5;
    const mask = positiveMask(3, 3, (i, j) => pos[i][j] === 1);
    const got = multiPositiveInfoNce(tf.tensor2d(a), tf.tensor2d(b), mask, tf.scalar(Math.log(scale))).dataSync()[0];
    expect(got).toBeCloseTo(handLoss(a, b, pos, scale), 4);
    const identity = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : 0)));
    expect(Math.abs(handLoss(a, b, pos, scale) - handLoss(a, b, identity, scale))).toBeGreaterThan(1e-3);
  });

  it("has a non-symmetric mask handled column-wise", () => {
    const pos = [
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const mask = positiveMask(3, 3, (i, j) => pos[i][j] === 1);
    const got = multiPositiveInfoNce(tf.tensor2d(a), tf.tensor2d(b), mask, tf.scalar(Math.log(3))).dataSync()[0];
    expect(got).toBeCloseTo(handLoss(a, b, pos, 3), 4);
  });
});
