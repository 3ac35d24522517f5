import { describe, expect, it } from "vitest";
import { waveformFrontendSchema } from "../../src/embedding/model-manifest.ts";
import { waveformWindows } from "../../src/embedding/waveform-frontend.ts";

// 10-sample clips: 8 kHz is the lowest rate a manifest may state
const fe = (o: Record<string, unknown>) => waveformFrontendSchema.parse({ kind: "waveform", sampleRate: 8000, clipSeconds: 10 / 8000, ...o });
const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i + 1);

describe("waveformWindows (fixed-length clips for waveform models)", () => {
  it("zero-pads or repeats audio shorter than one clip, reporting the valid length", () => {
    const zero = waveformWindows(ramp(4), fe({ pad: "zero" }));
    expect(zero.count).toBe(1);
    expect(Array.from(zero.batch)).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 0, 0]);
    expect(zero.lengths).toEqual([4]);
    const repeat = waveformWindows(ramp(4), fe({ pad: "repeat" }));
    expect(Array.from(repeat.batch)).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2]);
    expect(repeat.lengths).toEqual([10]);
  });

  it("cuts back-to-back clips plus one ending at the last sample, so the tail is heard", () => {
    const w = waveformWindows(ramp(25), fe({}));
    expect(w.count).toBe(3);
    expect(w.batch[0]).toBe(1);
    expect(w.batch[10]).toBe(11);
    expect(w.batch[20]).toBe(16); // last clip = samples 16..25
    expect(w.batch[29]).toBe(25);
  });

  it("honours hopSeconds and keeps at most maxWindows, evenly spaced, first and last included", () => {
    const w = waveformWindows(ramp(100), fe({ hopSeconds: 5 / 8000, maxWindows: 4 }));
    expect(w.count).toBe(4);
    const starts = Array.from({ length: w.count }, (_, i) => w.batch[i * 10]);
    expect(starts[0]).toBe(1);
    expect(starts[3]).toBe(91);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});
