import { describe, expect, it } from "vitest";
import { crossfadeLoop, cutRecording, levelPatch } from "../../src/corpus/zyn-sampler.ts";

const rate = 8000;
const options = { sampleRate: rate, slotSeconds: 2.7, holdSeconds: 2 };

/** A recording as zyn's recorder makes it: notes `slotSeconds` apart, each a little late (OSC jitter). */
function recording(notes: number[], lateBy: number[], envelope: (t: number) => number): { x: Float32Array; onsets: number[] } {
  const slot = Math.round(options.slotSeconds * rate);
  const x = new Float32Array(slot * notes.length);
  const onsets = notes.map((_, k) => k * slot + Math.round(lateBy[k]! * rate));
  notes.forEach((note, k) => {
    const f = 440 * 2 ** ((note - 69) / 12);
    for (let i = 0; i < Math.round(2.2 * rate) && onsets[k]! + i < x.length; i++) {
      const t = i / rate;
      const released = t > options.holdSeconds ? Math.exp(-(t - options.holdSeconds) / 0.05) : 1;
      x[onsets[k]! + i] = 0.3 * envelope(t) * released * Math.sin(2 * Math.PI * f * t);
    }
  });
  return { x, onsets };
}

describe("cutRecording", () => {
  it("finds each note's onset despite late note-ons and loops a sustained patch inside the held part", () => {
    const { x, onsets } = recording([48, 51, 54], [0.004, 0.03, 0.012], (t) => Math.min(1, t / 0.05));
    const cuts = cutRecording(x, [48, 51, 54], options);
    expect(cuts.map((c) => c.note)).toEqual([48, 51, 54]);
    for (const [k, cut] of cuts.entries()) {
      // The cut starts at the onset (within the few samples a fade-in stays under −34 dB), not in the silence before it.
      const start = Array.from({ length: Math.round(0.01 * rate) }, (_, d) => onsets[k]! + d)
        .find((s) => cut.samples.subarray(0, 20).every((v, i) => v === x[s + i]));
      expect(start).toBeDefined();
      expect(start! - onsets[k]!).toBeLessThan(0.005 * rate);
      expect(cut.loop).toEqual({ start: Math.round(0.9 * rate), end: Math.round(1.9 * rate) });
    }
  });

  it("plays a decaying patch once, with its recorded decay and no loop", () => {
    const { x } = recording([60, 63], [0.01, 0.01], (t) => Math.exp(-t / 0.25));
    const cuts = cutRecording(x, [60, 63], options);
    expect(cuts).toHaveLength(2);
    for (const cut of cuts) {
      expect(cut.loop).toBeNull();
      expect(cut.samples.length).toBeGreaterThan(rate);
      expect(Math.abs(cut.samples.at(-1)!)).toBeLessThan(1e-3);
    }
  });

  it("skips a note that did not sound instead of cutting silence", () => {
    const { x } = recording([60, 63], [0.01, 0.01], () => 1);
    x.fill(0, Math.round(2.7 * rate));
    expect(cutRecording(x, [60, 63], options).map((c) => c.note)).toEqual([60]);
  });
});

describe("crossfadeLoop", () => {
  it("makes the jump from the loop's end back to its start continuous for a tone whose period does not fit the loop", () => {
    const x = new Float32Array(4000).map((_, i) => Math.sin(i / 7.3));
    const out = crossfadeLoop(x, 1000, 3000, 400);
    // Played in a loop, out[end - 1] is followed by out[start]; that step must be a normal step of the tone.
    const maxStep = Math.max(...Array.from({ length: 3000 }, (_, i) => Math.abs(x[i + 1]! - x[i]!)));
    expect(Math.abs(out[1000]! - out[2999]!)).toBeLessThanOrEqual(maxStep * 1.01);
    // Without the crossfade the jump would be larger than any step of the tone.
    expect(Math.abs(x[1000]! - x[2999]!)).toBeGreaterThan(maxStep);
    // Past the loop end come the samples that follow its start.
    expect(out[3000]).toBe(x[1000]);
  });
});

describe("levelPatch", () => {
  it("brings the median note to the target level unless a peak would pass 0.98", () => {
    const note = (amp: number) => ({ note: 60, loop: null, samples: new Float32Array(rate).fill(amp) });
    expect(levelPatch([note(0.01), note(0.02), note(0.04)], rate, 0.1)).toBeCloseTo(5, 6);
    expect(levelPatch([note(0.01), note(0.02), note(0.5)], rate, 0.1)).toBeCloseTo(0.98 / 0.5, 6);
  });
});
