/**
 * Cuts one ZynAddSubFX recording (every sampled note of a patch played in turn, `slotSeconds`
 * apart) into soundfont samples. zyn has no offline renderer, so scripts/render-zyn-bank.ts plays
 * the notes in real time over OSC and records them; this file is the pure part: finding each
 * note's onset, deciding whether the patch sustains (then a crossfaded loop holds it as long as
 * the MIDI note) or decays (then the whole recorded note plays once), and levelling the patch.
 */
import { rms } from "./real-sounds.ts";

export interface CutNote {
  note: number;
  samples: Float32Array;
  /** Loop points in samples (end exclusive) when the note sustains; null when it plays once. */
  loop: { start: number; end: number } | null;
}

export interface CutOptions {
  sampleRate: number;
  /** Time between note-ons in the recording. */
  slotSeconds: number;
  /** How long each note was held before its note-off. */
  holdSeconds: number;
}

const FRAME_SECONDS = 0.05;
const CROSSFADE_SECONDS = 0.1;
const LOOP_SECONDS = 1;

/** RMS of x[from, to), clamped to the recording (subarray would count negative bounds from the end). */
function rmsBetween(x: Float32Array, from: number, to: number): number {
  return rms(x.subarray(Math.max(0, from), Math.max(0, to)));
}

/** First sample above 2 % of the slot's peak (−34 dB): the note's onset, robust to OSC jitter. */
export function findOnset(x: Float32Array, from: number, to: number): number | null {
  let peak = 0;
  for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) peak = Math.max(peak, Math.abs(x[i]!));
  if (peak < 1e-4) return null;
  for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) if (Math.abs(x[i]!) > 0.02 * peak) return i;
  return null;
}

/**
 * A note sustains when its level just before the note-off is still ≥ 30 % of its loudest 50 ms
 * frame (organs, pads, strings, leads); otherwise it decays (pianos, plucks, bells).
 */
export function sustains(x: Float32Array, sampleRate: number, holdSeconds: number): boolean {
  const frame = Math.round(FRAME_SECONDS * sampleRate);
  let loudest = 0;
  for (let i = 0; i + frame <= Math.min(x.length, holdSeconds * sampleRate); i += frame) loudest = Math.max(loudest, rmsBetween(x, i, i + frame));
  const late = rmsBetween(x, Math.round((holdSeconds - 0.6) * sampleRate), Math.round((holdSeconds - 0.1) * sampleRate));
  return loudest > 0 && late >= 0.3 * loudest;
}

/**
 * Bakes a crossfade into the loop's last `fade` samples so that jumping from `end` back to
 * `start` continues the waveform: at `end - 1` the signal is (almost) the one just before `start`.
 */
export function crossfadeLoop(x: Float32Array, start: number, end: number, fade: number): Float32Array {
  if (start < fade || end - fade <= start) throw new Error("loop too short for its crossfade");
  // After the loop end come the samples that follow its start, so a synth interpolating past
  // `end` reads what the loop plays next.
  const tail = Math.min(32, end - start);
  const out = new Float32Array(end + tail);
  out.set(x.subarray(0, end));
  out.set(x.subarray(start, start + tail), end);
  for (let i = 0; i < fade; i++) {
    const a = (i + 1) / fade;
    out[end - fade + i] = x[end - fade + i]! * (1 - a) + x[start - fade + i]! * a;
  }
  return out;
}

/** Cuts the recording of `notes` (played in this order) into samples. */
export function cutRecording(x: Float32Array, notes: readonly number[], options: CutOptions): CutNote[] {
  const { sampleRate, slotSeconds, holdSeconds } = options;
  const slot = Math.round(slotSeconds * sampleRate);
  const cuts: CutNote[] = [];
  // Sustain is decided once per patch, on the middle note, so every zone of a preset behaves alike.
  const middle = Math.floor(notes.length / 2);
  const onsets = notes.map((_, k) => findOnset(x, k * slot - Math.round(0.05 * sampleRate), (k + 1) * slot - Math.round(0.3 * sampleRate)));
  const mid = onsets[middle];
  const sustained = mid != null && sustains(x.subarray(mid, mid + slot), sampleRate, holdSeconds);
  notes.forEach((note, k) => {
    const onset = onsets[k];
    if (onset == null) return;
    const body = x.slice(onset, Math.min(x.length, onset + slot - Math.round(0.1 * sampleRate)));
    if (sustained) {
      const end = Math.round((holdSeconds - 0.1) * sampleRate);
      const start = end - Math.round(LOOP_SECONDS * sampleRate);
      cuts.push({ note, samples: crossfadeLoop(body, start, end, Math.round(CROSSFADE_SECONDS * sampleRate)), loop: { start, end } });
    } else {
      // Trailing near-silence is dropped; a 20 ms fade keeps the cut from clicking.
      let last = body.length;
      while (last > 0 && Math.abs(body[last - 1]!) < 1e-4) last--;
      const out = body.slice(0, last);
      const fade = Math.min(out.length, Math.round(0.02 * sampleRate));
      for (let i = 0; i < fade; i++) out[out.length - fade + i]! *= 1 - (i + 1) / fade;
      cuts.push({ note, samples: out, loop: null });
    }
  });
  return cuts;
}

/**
 * One gain for the whole patch (notes keep their relative levels): the median note's first
 * second at `targetRms`, limited so that no sample exceeds 0.98.
 */
export function levelPatch(cuts: readonly CutNote[], sampleRate: number, targetRms = 0.1): number {
  if (cuts.length === 0) return 1;
  const levels = cuts.map((c) => rmsBetween(c.samples, 0, sampleRate)).sort((a, b) => a - b);
  const median = levels[Math.floor(levels.length / 2)]!;
  let peak = 0;
  for (const c of cuts) for (const v of c.samples) peak = Math.max(peak, Math.abs(v));
  if (median <= 0 || peak <= 0) return 1;
  return Math.min(targetRms / median, 0.98 / peak);
}
