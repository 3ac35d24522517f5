import { randomWindow } from "../embedding/audio-windows.ts";
import { LOG_OFFSET, type LogMelSpectrogram } from "../embedding/log-mel.ts";
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

/**
 * Random spectral colouring: what a different production of the same music does to a log-mel
 * window (a mix's EQ, a master's loudness, a codec's or a generator's band limit). Drawn per crop,
 * so two crops of one clip hear two productions.
 */
export interface ColourAugmentOptions {
  /** per-band std of the raw log-mel (natural log of power), to turn decibels into normalised units */
  std: readonly number[];
  /** per-band mean of the raw log-mel: with `std`, where silence (log LOG_OFFSET) lies after normalisation */
  mean: readonly number[];
  /** probability that a crop is coloured at all */
  probability: number;
  /** overall gain, uniform in ±maxGainDb */
  maxGainDb: number;
  /** spectral tilt from the lowest to the highest band, uniform in ±maxTiltDb */
  maxTiltDb: number;
  /** peaking bands: this many, each uniform in ±maxBumpDb, 2–8 bands wide */
  bumps: number;
  maxBumpDb: number;
  /** probability of a low-pass roll-off starting in the top third of the bands */
  lowpassProbability: number;
}

export const DEFAULT_COLOUR_AUGMENT: Omit<ColourAugmentOptions, "std" | "mean"> = {
  probability: 0.8,
  maxGainDb: 6,
  maxTiltDb: 9,
  bumps: 2,
  maxBumpDb: 6,
  lowpassProbability: 0.3,
};

const NATS_PER_DB = Math.log(10) / 10;
/** Where digital silence lies in the raw log-mel (the front end adds LOG_OFFSET before the log). */
const SILENCE = Math.log(LOG_OFFSET);

/** Colours a normalised window [nMels, frames] in place (see ColourAugmentOptions). */
export function colourAugment(window: Float32Array, nMels: number, frames: number, o: ColourAugmentOptions, rng: CheckpointableRng): void {
  if (rng.next() >= o.probability) return;
  const gainDb = new Float64Array(nMels).fill((rng.next() * 2 - 1) * o.maxGainDb);
  const tilt = (rng.next() * 2 - 1) * o.maxTiltDb;
  for (let m = 0; m < nMels; m++) gainDb[m] += tilt * (m / Math.max(1, nMels - 1) - 0.5);
  for (let b = 0; b < o.bumps; b++) {
    const centre = rng.next() * nMels;
    const width = 2 + rng.next() * 6;
    const db = (rng.next() * 2 - 1) * o.maxBumpDb;
    for (let m = 0; m < nMels; m++) gainDb[m] += db * Math.exp(-0.5 * ((m - centre) / (width / 2)) ** 2);
  }
  if (rng.next() < o.lowpassProbability) {
    const cutoff = Math.floor(nMels * (2 / 3) + rng.next() * (nMels / 3));
    // about 6 dB more attenuation per band above the cut-off: a steep but not brick-wall filter
    for (let m = cutoff; m < nMels; m++) gainDb[m] -= 6 * (m - cutoff + 1);
  }
  for (let m = 0; m < nMels; m++) {
    const inv = 1 / (o.std[m] || 1);
    const shift = gainDb[m] * NATS_PER_DB * inv;
    const floor = (SILENCE - o.mean[m]) * inv;
    const row = window.subarray(m * frames, (m + 1) * frames);
    for (let t = 0; t < frames; t++) row[t] = Math.max(floor, row[t] + shift);
  }
}

/** A random crop (tiling short clips, as serving does) with optional colouring and SpecAugment. */
export function trainingCrop(
  spec: LogMelSpectrogram,
  windowFrames: number,
  rng: CheckpointableRng,
  augment: SpecAugmentOptions | null,
  colour: ColourAugmentOptions | null = null,
): Float32Array {
  const w = randomWindow(spec, { windowFrames }, () => rng.next());
  // colour first: SpecAugment's masks stand for "nothing here", which no EQ should shift
  if (colour) colourAugment(w, spec.nMels, windowFrames, colour, rng);
  if (augment) specAugment(w, spec.nMels, windowFrames, augment, rng);
  return w;
}

/** The centre window, for deterministic validation embeddings. */
export function centreCrop(spec: LogMelSpectrogram, windowFrames: number): Float32Array {
  const start = Math.max(0, Math.floor((spec.frames - windowFrames) / 2));
  return randomWindow(spec, { windowFrames }, () => (spec.frames > windowFrames ? (start + 0.5) / (spec.frames - windowFrames + 1) : 0));
}
