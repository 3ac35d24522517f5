import { describe, expect, it } from "vitest";
import { audioWindows, randomWindow, windowStarts } from "../../src/embedding/audio-windows.ts";
import type { LogMelSpectrogram } from "../../src/embedding/log-mel.ts";
import { seededRandom } from "../helpers/audio-fixtures.ts";

/** A spectrogram whose value encodes its position: data[m * frames + t] = m * 1000 + t. */
function labelled(nMels: number, frames: number): LogMelSpectrogram {
  const data = new Float32Array(nMels * frames);
  for (let m = 0; m < nMels; m++) for (let t = 0; t < frames; t++) data[m * frames + t] = m * 1000 + t;
  return { data, nMels, frames };
}

const FE = { windowFrames: 10, hopFrames: 5, maxWindows: 24 };

describe("windowStarts", () => {
  it("steps by hopFrames while a whole window fits", () => {
    expect(windowStarts(30, FE)).toEqual([0, 5, 10, 15, 20]);
    expect(windowStarts(10, FE)).toEqual([0]);
    expect(windowStarts(3, FE)).toEqual([0]);
  });

  it("thins to maxWindows evenly spaced windows, keeping the first and last", () => {
    const starts = windowStarts(1000, { ...FE, maxWindows: 4 }); // 199 candidate windows
    expect(starts).toEqual([0, 330, 660, 990]); // 990 + 10 = 1000: the last whole window
    expect(windowStarts(1000, { ...FE, maxWindows: 1 })).toEqual([495]);
  });
});

describe("audioWindows", () => {
  it("lays windows out as [count, 1, nMels, windowFrames]", () => {
    const spec = labelled(3, 30);
    const { batch, count } = audioWindows(spec, FE);
    expect(count).toBe(5);
    expect(batch.length).toBe(5 * 3 * 10);
    const starts = windowStarts(30, FE);
    for (let i = 0; i < count; i++)
      for (let m = 0; m < 3; m++)
        for (let t = 0; t < 10; t++) expect(batch[(i * 3 + m) * 10 + t]).toBe(m * 1000 + starts[i] + t);
  });

  it("tiles a clip shorter than one window instead of returning nothing", () => {
    const { batch, count } = audioWindows(labelled(2, 4), FE);
    expect(count).toBe(1);
    expect(Array.from(batch.subarray(0, 10))).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1]);
    expect(Array.from(batch.subarray(10, 20))).toEqual([1000, 1001, 1002, 1003, 1000, 1001, 1002, 1003, 1000, 1001]);
  });
});

describe("randomWindow", () => {
  it("returns a full in-bounds window from a random start, reproducibly", () => {
    const spec = labelled(2, 50);
    const starts = new Set<number>();
    const rng = seededRandom(42);
    for (let i = 0; i < 200; i++) {
      const w = randomWindow(spec, FE, rng);
      expect(w.length).toBe(20);
      const start = w[0];
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start).toBeLessThanOrEqual(40);
      expect(Array.from(w.subarray(0, 10))).toEqual(Array.from({ length: 10 }, (_, t) => start + t));
      expect(w[10]).toBe(1000 + start);
      starts.add(start);
    }
    expect(starts.size).toBeGreaterThan(30); // all 41 starts are possible
    expect(randomWindow(spec, FE, seededRandom(1))).toEqual(randomWindow(spec, FE, seededRandom(1)));
  });

  it("tiles short clips from a random phase", () => {
    const w = randomWindow(labelled(1, 4), FE, () => 0.6); // start frame floor(0.6 * 4) = 2
    expect(Array.from(w)).toEqual([2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
  });
});
