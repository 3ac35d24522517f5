import { describe, expect, it } from "vitest";
import { colourAugment, type ColourAugmentOptions } from "../../src/train/augment.ts";
import { CheckpointableRng } from "../../src/util/random.ts";

const nMels = 16;
const frames = 8;
const std = Array.from({ length: nMels }, (_, m) => 2 + m / 8);
const mean = Array.from({ length: nMels }, () => -4);
const off = { probability: 1, maxGainDb: 0, maxTiltDb: 0, bumps: 0, maxBumpDb: 0, lowpassProbability: 0 };
const window = () => Float32Array.from({ length: nMels * frames }, (_, i) => Math.sin(i) * 0.5);
const band = (w: Float32Array, m: number) => Array.from(w.subarray(m * frames, (m + 1) * frames));

describe("colour augmentation (another production of the same window)", () => {
  it("leaves the window untouched when its probability is 0", () => {
    const w = window();
    colourAugment(w, nMels, frames, { ...off, maxGainDb: 6, probability: 0, std, mean }, new CheckpointableRng(1));
    expect(w).toEqual(window());
  });

  it("shifts every frame of a band by the same amount, in that band's normalised units", () => {
    const w = window();
    colourAugment(w, nMels, frames, { ...off, maxGainDb: 6, std, mean }, new CheckpointableRng(3));
    const shifts = Array.from({ length: nMels }, (_, m) => band(w, m).map((x, t) => x - band(window(), m)[t]));
    // one gain for all bands: in nats it is shift × std, equal across bands and within ±6 dB
    const nats = shifts.map((s, m) => s[0] * std[m]);
    for (const s of shifts) for (const x of s) expect(x).toBeCloseTo(s[0], 5);
    for (const n of nats) expect(n).toBeCloseTo(nats[0], 4);
    expect(Math.abs(nats[0])).toBeGreaterThan(0);
    expect(Math.abs(nats[0])).toBeLessThanOrEqual(6 * (Math.log(10) / 10) + 1e-9);
  });

  it("a tilt raises one end of the spectrum and lowers the other", () => {
    const w = window();
    colourAugment(w, nMels, frames, { ...off, maxTiltDb: 9, std, mean }, new CheckpointableRng(5));
    const low = (w[0] - window()[0]) * std[0];
    const high = (w[(nMels - 1) * frames] - window()[(nMels - 1) * frames]) * std[nMels - 1];
    expect(Math.sign(low)).toBe(-Math.sign(high));
    expect(low).toBeCloseTo(-high, 4);
  });

  it("a low-pass attenuates only the top third of the bands, by ≥ 6 dB at the top, never below silence", () => {
    const silence = (m: number) => (Math.log(1e-6) - mean[m]) / std[m];
    for (const seed of [7, 8, 9, 10]) {
      const w = window();
      colourAugment(w, nMels, frames, { ...off, lowpassProbability: 1, std, mean }, new CheckpointableRng(seed));
      for (let m = 0; m < Math.floor((nMels * 2) / 3); m++) expect(band(w, m)).toEqual(band(window(), m));
      const drop = band(window(), nMels - 1).map((x, t) => (x - band(w, nMels - 1)[t]) * std[nMels - 1]);
      for (const d of drop) expect(d).toBeGreaterThanOrEqual(6 * (Math.log(10) / 10) - 1e-4);
      // a window already near silence: the floor holds
      const quiet = Float32Array.from({ length: nMels * frames }, (_, i) => silence(Math.floor(i / frames)) + 0.01);
      colourAugment(quiet, nMels, frames, { ...off, lowpassProbability: 1, std, mean }, new CheckpointableRng(seed));
      for (let m = 0; m < nMels; m++) for (const x of band(quiet, m)) expect(x).toBeGreaterThanOrEqual(silence(m) - 1e-6);
      expect(band(quiet, nMels - 1).every((x) => Math.abs(x - silence(nMels - 1)) < 1e-5)).toBe(true);
    }
  });

  it("two draws colour one window differently (two productions, not one)", () => {
    const a = window();
    const b = window();
    const rng = new CheckpointableRng(11);
    const o: ColourAugmentOptions = { probability: 1, maxGainDb: 6, maxTiltDb: 9, bumps: 2, maxBumpDb: 6, lowpassProbability: 0.3, std, mean };
    colourAugment(a, nMels, frames, o, rng);
    colourAugment(b, nMels, frames, o, rng);
    expect(a).not.toEqual(b);
  });
});
