/**
 * Melodic lines. A phrase is generated once and repeated with small variations, because real
 * melodies repeat motifs; strong beats land on chord tones so the line fits the harmony.
 */
import { chordAtStep, noteAt, totalSteps, type Arrangement, type NoteEvent } from "./arrangement.ts";
import type { Rng } from "../util/random.ts";
import type { LeadStyle } from "./style.ts";
import { scaleNotes } from "./theory.ts";

const ONSET_PROBABILITY = { sparse: 0.22, medium: 0.38, busy: 0.55 } as const;

export function writeMelody(
  a: Arrangement, style: LeadStyle, range: readonly [number, number], rng: Rng, startBar = 0,
): NoteEvent[] {
  switch (style) {
    case "long": return longTones(a, range, rng, startBar);
    case "arp": return arpeggio(a, range, rng, startBar);
    case "riff": return phrase(a, range, rng, startBar, 1, false);
    case "lyrical": return phrase(a, range, rng, startBar, 2, false);
    case "bluesy": return phrase(a, range, rng, startBar, 2, true);
  }
}

/** Melody register: the middle of the instrument's range, about an octave and a half wide. */
function register(range: readonly [number, number]): [number, number] {
  const mid = Math.round((range[0] + range[1]) / 2);
  return [Math.max(range[0], mid - 9), Math.min(range[1], mid + 10)];
}

function nearestChordTone(a: Arrangement, step: number, pitch: number, pool: number[]): number {
  const chord = chordAtStep(a, step);
  const tones = pool.filter((m) => chord.intervals.some((i) => (chord.root + i) % 12 === m % 12));
  if (tones.length === 0) return pitch;
  return tones.reduce((best, m) => (Math.abs(m - pitch) < Math.abs(best - pitch) ? m : best));
}

function phrase(
  a: Arrangement, range: readonly [number, number], rng: Rng, startBar: number, phraseBars: number, blues: boolean,
): NoteEvent[] {
  const [low, high] = register(range);
  const pool = blues ? bluesScale(a.tonic, low, high) : scaleNotes(a.tonic, a.mode, low, high);
  const length = phraseBars * a.stepsPerBar;
  // Rhythm: strong positions are likelier onsets; eighth-note grid unless the line is busy.
  const p = ONSET_PROBABILITY[a.density];
  const rhythm: number[] = [];
  for (let s = 0; s < length - 2; s++) {
    const strength = s % 4 === 0 ? 1.6 : s % 2 === 0 ? 1 : a.density === "busy" ? 0.5 : 0.1;
    if (rng.chance(p * strength) || s === 0) rhythm.push(s);
  }
  let index = rng.int(Math.floor(pool.length / 3), Math.floor((2 * pool.length) / 3));
  const motif = rhythm.map((s) => {
    const move = rng.weighted([[-2, 1], [-1, 4], [0, 1], [1, 4], [2, 1], [rng.pick([-4, 4]), 0.4]] as const);
    index = Math.min(pool.length - 1, Math.max(0, index + move));
    return { offset: s, index };
  });
  const notes: NoteEvent[] = [];
  const end = totalSteps(a);
  for (let start = startBar * a.stepsPerBar, rep = 0; start < end; start += length, rep++) {
    // Every other repetition varies a few notes, and some repetitions rest (call and response).
    if (rep > 0 && a.density === "sparse" && rng.chance(0.3)) continue;
    motif.forEach((m, i) => {
      const step = start + m.offset;
      if (step >= end) return;
      const nextOffset = motif[i + 1]?.offset ?? length;
      let idx = m.index;
      if (rep % 2 === 1 && rng.chance(0.3)) idx = Math.min(pool.length - 1, Math.max(0, idx + rng.pick([-1, 1])));
      let pitch = pool[idx]!;
      if (!blues && step % 4 === 0) pitch = nearestChordTone(a, step, pitch, pool);
      const accent = step % a.stepsPerBar === 0 ? 0.08 : 0;
      notes.push(noteAt(a, rng, pitch, step, Math.min(nextOffset - m.offset, 8), a.level + accent));
    });
  }
  return notes;
}

function longTones(a: Arrangement, range: readonly [number, number], rng: Rng, startBar: number): NoteEvent[] {
  const [low, high] = register(range);
  const pool = scaleNotes(a.tonic, a.mode, low, high);
  const notes: NoteEvent[] = [];
  const span = rng.pick([a.stepsPerBar / 2, a.stepsPerBar]);
  let pitch = pool[Math.floor(pool.length / 2)]!;
  for (let s = startBar * a.stepsPerBar; s < totalSteps(a); s += span) {
    pitch = nearestChordTone(a, s, pitch + rng.pick([-3, -2, 0, 2, 3]), pool);
    notes.push(noteAt(a, rng, pitch, s, span, a.level));
  }
  return notes;
}

function arpeggio(a: Arrangement, range: readonly [number, number], rng: Rng, startBar: number): NoteEvent[] {
  const [low] = register(range);
  const rate = a.density === "busy" ? 1 : 2;
  const shape = rng.pick([[0, 1, 2, 3], [0, 1, 2, 1], [0, 2, 1, 3], [3, 2, 1, 0]]);
  const notes: NoteEvent[] = [];
  let i = 0;
  for (let s = startBar * a.stepsPerBar; s < totalSteps(a); s += rate, i++) {
    const chord = chordAtStep(a, s);
    const tones = [...chord.intervals, 12].map((iv) => low + ((chord.root - low + 1200) % 12) + iv);
    const pitch = tones[shape[i % shape.length]! % tones.length]!;
    notes.push(noteAt(a, rng, pitch, s, rate, a.level - 0.05 + (s % 4 === 0 ? 0.08 : 0)));
  }
  return notes;
}

/** Minor pentatonic plus the flat fifth, the scale blues solos are built from. */
function bluesScale(tonic: number, low: number, high: number): number[] {
  const pcs = new Set([0, 3, 5, 6, 7, 10].map((i) => (tonic + i) % 12));
  const notes: number[] = [];
  for (let m = low; m <= high; m++) if (pcs.has(m % 12)) notes.push(m);
  return notes;
}
