import type { LogMelSpectrogram } from "./log-mel.ts";
import type { LogMelFrontend } from "./model-manifest.ts";

export type WindowParams = Pick<LogMelFrontend, "windowFrames" | "hopFrames" | "maxWindows">;

/** Windows of a spectrogram, laid out as the audio tower's input [count, 1, nMels, windowFrames]. */
export interface AudioWindowBatch {
  batch: Float32Array;
  count: number;
}

/**
 * First frame of each inference window: every `hopFrames` while a whole window fits, thinned to at
 * most `maxWindows` evenly spaced ones (first and last kept). A spectrogram shorter than one window
 * yields the single start 0 (it is tiled, see audioWindows).
 */
export function windowStarts(frames: number, fe: WindowParams): number[] {
  const { windowFrames: w, hopFrames: hop } = fe;
  const maxWindows = Math.max(1, fe.maxWindows);
  if (frames <= w) return [0];
  const all = Math.floor((frames - w) / hop) + 1;
  if (all <= maxWindows) return Array.from({ length: all }, (_, i) => i * hop);
  if (maxWindows === 1) return [Math.floor((all - 1) / 2) * hop]; // the middle is most representative
  return Array.from({ length: maxWindows }, (_, i) => Math.round((i * (all - 1)) / (maxWindows - 1)) * hop);
}

/**
 * Cuts a log-mel spectrogram (mel-major, see logMelSpectrogram) into the audio tower's batch.
 * Never empty: a clip shorter than one window is repeated end to end until it fills one, which
 * keeps its spectral statistics (zero padding would add "silence" the model never saw in training).
 */
export function audioWindows(spec: LogMelSpectrogram, fe: WindowParams): AudioWindowBatch {
  const starts = windowStarts(spec.frames, fe);
  const w = fe.windowFrames;
  const batch = new Float32Array(starts.length * spec.nMels * w);
  starts.forEach((start, i) => copyWindow(spec, start, w, batch.subarray(i * spec.nMels * w, (i + 1) * spec.nMels * w)));
  return { batch, count: starts.length };
}

/**
 * One training crop [1, nMels, windowFrames] (flattened) starting at a uniformly random frame.
 * Short clips are tiled from a random phase, so every crop is a full window.
 */
export function randomWindow(spec: LogMelSpectrogram, fe: Pick<LogMelFrontend, "windowFrames">, rng: () => number): Float32Array {
  const w = fe.windowFrames;
  const positions = spec.frames > w ? spec.frames - w + 1 : spec.frames;
  const start = Math.min(positions - 1, Math.floor(rng() * positions));
  const out = new Float32Array(spec.nMels * w);
  copyWindow(spec, start, w, out);
  return out;
}

/** Copies frames start..start+w of every band into `out` ([nMels, w]), wrapping around past the end. */
function copyWindow(spec: LogMelSpectrogram, start: number, w: number, out: Float32Array): void {
  const { data, frames, nMels } = spec;
  if (frames === 0) throw new RangeError("audio windows: spectrogram has no frames");
  for (let m = 0; m < nMels; m++) {
    const row = m * frames;
    let filled = 0;
    let t = start % frames;
    while (filled < w) {
      const n = Math.min(w - filled, frames - t);
      out.set(data.subarray(row + t, row + t + n), m * w + filled);
      filled += n;
      t = 0;
    }
  }
}
