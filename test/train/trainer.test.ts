import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf, useWasmBackend } from "../../src/train/wasm-backend.ts";
import { Trainer, type TrainerOptions } from "../../src/train/trainer.ts";
import { tinyConfig, tinyData } from "./fixtures.ts";

let dir: string;
beforeAll(async () => {
  await useWasmBackend();
  dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-train-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base: TrainerOptions = {
  epochs: 3,
  batch: 8,
  lr: 3e-3,
  seed: 42,
  cropPositives: false,
  labelPositives: false,
  specAugment: { timeMasks: 1, maxTimeWidth: 3, freqMasks: 1, maxFreqWidth: 2 },
  warmupSteps: 0,
};

async function snapshot(trainer: Trainer): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, v] of [...trainer.params.trainable, ...trainer.params.stats]) out.set(k, (await v.data()) as Float32Array);
  return out;
}

describe("Trainer", () => {
  it("reduces the loss over a few steps on a learnable toy batch", () => {
    const trainer = new Trainer(tinyConfig, tinyData(), { ...base, specAugment: null });
    const batch = [0, 1, 2, 3, 4, 5, 6, 7];
    const losses = Array.from({ length: 25 }, () => trainer.step(batch));
    const first = (losses[0] + losses[1] + losses[2]) / 3;
    const last = (losses[22] + losses[23] + losses[24]) / 3;
    expect(last).toBeLessThan(first * 0.7);
    trainer.dispose();
  });

  it("trains with crop positives and label positives (multi-positive loss stays finite and falls)", () => {
    const trainer = new Trainer(tinyConfig, tinyData(), { ...base, cropPositives: true, labelPositives: true, specAugment: null });
    const batch = [0, 1, 2, 3, 4, 5, 6, 7];
    const losses = Array.from({ length: 20 }, () => trainer.step(batch));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[19]).toBeLessThan(losses[0]);
    trainer.dispose();
    // The same seed and batch without label positives gives another loss: the option reaches the
    // positive masks (every batch here has two clips per label, so the masks differ).
    const without = new Trainer(tinyConfig, tinyData(), { ...base, cropPositives: true, labelPositives: false, specAugment: null });
    const plain = without.step(batch);
    without.dispose();
    const again = new Trainer(tinyConfig, tinyData(), { ...base, cropPositives: true, labelPositives: true, specAugment: null });
    expect(again.step(batch)).toBe(losses[0]);
    again.dispose();
    expect(Math.abs(plain - losses[0])).toBeGreaterThan(1e-3);
  });

  it("resumes from a checkpoint to exactly the weights of an uninterrupted run", async () => {
    const data = tinyData();
    const full = new Trainer(tinyConfig, data, { ...base, checkpointDir: path.join(dir, "full") });
    await full.run();
    const expected = await snapshot(full);
    full.dispose();

    const ckpt = path.join(dir, "interrupted");
    const crashing = new Trainer(tinyConfig, data, {
      ...base,
      checkpointDir: ckpt,
      onEpoch: (r) => {
        if (r.epoch === 1) throw new Error("simulated crash");
      },
    });
    await expect(crashing.run()).rejects.toThrow("simulated crash");
    crashing.dispose();

    const resumed = new Trainer(tinyConfig, data, { ...base, checkpointDir: ckpt, resume: true });
    const result = await resumed.run();
    expect(result.steps).toBe(2 * resumed.stepsPerEpoch()); // only epochs 2 and 3 ran
    const got = await snapshot(resumed);
    for (const [name, want] of expected) expect(Array.from(got.get(name)!), name).toEqual(Array.from(want));
    resumed.dispose();

    // and a different seed really gives different weights (the comparison above can fail)
    const other = new Trainer(tinyConfig, data, { ...base, seed: 43 });
    await other.run();
    const w = await snapshot(other);
    expect(Array.from(w.get("audio.conv0.w")!)).not.toEqual(Array.from(expected.get("audio.conv0.w")!));
    other.dispose();
    expect(tf.memory().numTensors).toBeLessThan(50);
  });
});
