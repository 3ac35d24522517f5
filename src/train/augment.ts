import { randomWindow } from "../embedding/audio-windows.ts";
import type { LogMelSpectrogram } from "../embedding/log-mel.ts";
import type { CheckpointableRng } from "../util/random.ts";

export interface SpecAugmentOptions {
  timeMasks: number;
  /** each time mask spans [0, maxTimeWidth] frames */
  maxTimeWidth: number;
  freqMasks: number;
  maxFreqWidth: number;
}

export const DEFAULT_SPEC_AUGMENT: SpecAugmentOptions = { timeMasks: 2, maxTimeWidth: 12, freqMasks: 2, maxFreqWidth: 8 };

/**
 * SpecAugment on a normalised window [nMels, frames] in place: masked cells become 0, the
 * training-set mean after per-band normalisation, i.e. "nothing unusual here".
 */
export function specAugment(window: Float32Array, nMels: number, frames: number, opts: SpecAugmentOptions, rng: CheckpointableRng): void {
  for (let k = 0; k < opts.freqMasks; k++) {
    const width = rng.int(opts.maxFreqWidth + 1);
    const start = rng.int(Math.max(1, nMels - width + 1));
    for (let m = start; m < Math.min(nMels, start + width); m++) window.fill(0, m * frames, (m + 1) * frames);
  }
  for (let k = 0; k < opts.timeMasks; k++) {
    const width = rng.int(opts.maxTimeWidth + 1);
    const start = rng.int(Math.max(1, frames - width + 1));
    const end = Math.min(frames, start + width);
    for (let m = 0; m < nMels; m++) window.fill(0, m * frames + start, m * frames + end);
  }
}

/** A random crop (tiling short clips, as serving does) with optional SpecAugment. */
export function trainingCrop(
  spec: LogMelSpectrogram,
  windowFrames: number,
  rng: CheckpointableRng,
  augment: SpecAugmentOptions | null,
): Float32Array {
  const w = randomWindow(spec, { windowFrames }, () => rng.next());
  if (augment) specAugment(w, spec.nMels, windowFrames, augment, rng);
  return w;
}

/** The centre window, for deterministic validation embeddings. */
export function centreCrop(spec: LogMelSpectrogram, windowFrames: number): Float32Array {
  const start = Math.max(0, Math.floor((spec.frames - windowFrames) / 2));
  return randomWindow(spec, { windowFrames }, () => (spec.frames > windowFrames ? (start + 0.5) / (spec.frames - windowFrames + 1) : 0));
}
