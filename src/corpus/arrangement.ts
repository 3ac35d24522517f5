/**
 * The shared frame every part writer works inside: tempo, meter, groove (swing and human
 * timing), key and the chord under each step. Part writers return plain note events and never
 * touch the MIDI file, so they can be tested and combined freely.
 */
import type { Rng } from "../util/random.ts";
import type { Chord, Mode } from "./theory.ts";
import type { Density, Meter } from "./style.ts";

export interface NoteEvent {
  midi: number;
  /** Seconds from the clip start. */
  time: number;
  /** Seconds. */
  duration: number;
  /** 0–1 MIDI velocity. */
  velocity: number;
}

export interface Arrangement {
  bpm: number;
  meter: Meter;
  stepsPerBar: number;
  bars: number;
  swing: number;
  swingUnit: 8 | 16;
  /** Random timing spread in seconds (0 for programmed electronic music). */
  humanize: number;
  tonic: number;
  mode: Mode;
  /** Chords in order; chord i sounds from step i*slotSteps for slotSteps steps, cycling. */
  chords: Chord[];
  slotSteps: number;
  density: Density;
  /** Base velocity 0–1 from the clip's dynamics. */
  level: number;
}

export function totalSteps(a: Arrangement): number {
  return a.bars * a.stepsPerBar;
}

export function stepSeconds(a: Arrangement): number {
  return 60 / a.bpm / 4;
}

/**
 * Onset time of a (possibly fractional) step with swing applied: within each swing unit the
 * second half starts late, at 0.5 + swing/2 of the unit (0.33 gives a triplet shuffle).
 */
export function stepTime(a: Arrangement, step: number): number {
  const unitSteps = a.swingUnit === 8 ? 4 : 2;
  const unitIndex = Math.floor(step / unitSteps);
  const q = (step - unitIndex * unitSteps) / unitSteps;
  const m = 0.5 + a.swing / 2;
  const warped = q < 0.5 ? q * 2 * m : m + (q - 0.5) * 2 * (1 - m);
  return (unitIndex + warped) * unitSteps * stepSeconds(a);
}

/** A note event at a step, with swing, optional human timing and clamped velocity. */
export function noteAt(
  a: Arrangement, rng: Rng, midi: number, step: number, lengthSteps: number, velocity: number,
): NoteEvent {
  const start = Math.max(0, stepTime(a, step) + (a.humanize > 0 ? rng.float(-a.humanize, a.humanize) : 0));
  const end = stepTime(a, step + lengthSteps);
  const jitter = a.humanize > 0 ? rng.float(-0.06, 0.06) : 0;
  return {
    midi,
    time: start,
    duration: Math.max(0.04, (end - start) * 0.95),
    velocity: Math.min(1, Math.max(0.05, velocity + jitter)),
  };
}

export function chordAtStep(a: Arrangement, step: number): Chord {
  return a.chords[Math.floor(step / a.slotSteps) % a.chords.length]!;
}

/** The chord that follows the one sounding at `step` (for approach notes). */
export function nextChordAfter(a: Arrangement, step: number): Chord {
  return a.chords[(Math.floor(step / a.slotSteps) + 1) % a.chords.length]!;
}

/** Steps until the chord under `step` changes. */
export function stepsToChordChange(a: Arrangement, step: number): number {
  return a.slotSteps - (step % a.slotSteps);
}

/**
 * Reads a step pattern at an absolute step, repeating it if shorter than the clip. Returns the
 * character and how many "-" hold steps follow it.
 */
export function readStep(pattern: string, step: number): { ch: string; hold: number } {
  const i = step % pattern.length;
  let hold = 0;
  while (hold < pattern.length - 1 && pattern[(i + 1 + hold) % pattern.length] === "-") hold++;
  return { ch: pattern[i]!, hold };
}
