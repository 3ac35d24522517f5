/** Chord parts: comping from a step pattern (blocks, arpeggios, strums) and sustained pads. */
import { chordAtStep, noteAt, readStep, totalSteps, type Arrangement, type NoteEvent } from "./arrangement.ts";
import type { Rng } from "../util/random.ts";
import { noteAtOrAbove, voiceChord, type Chord } from "./theory.ts";

/** Picks the inversion whose centre is closest to the previous voicing, so chords move smoothly. */
export function voiceLead(chord: Chord, floor: number, previousCentre: number | null): number[] {
  const base = voiceChord(chord, floor);
  if (previousCentre === null) return base;
  let best = base;
  let bestDistance = Infinity;
  let current = base.slice();
  for (let inversion = 0; inversion < base.length; inversion++) {
    const centre = current.reduce((s, m) => s + m, 0) / current.length;
    const distance = Math.abs(centre - previousCentre);
    if (distance < bestDistance) [best, bestDistance] = [current.slice(), distance];
    current = [...current.slice(1), current[0]! + 12];
  }
  return best;
}

export function writeComp(a: Arrangement, pattern: string, floor: number, rng: Rng): NoteEvent[] {
  const notes: NoteEvent[] = [];
  const n = totalSteps(a);
  let centre: number | null = null;
  let arpIndex = 0;
  let strumDown = true;
  let lastChord: Chord | null = null;
  let voicing: number[] = [];
  for (let s = 0; s < n; s++) {
    const { ch, hold } = readStep(pattern, s);
    if (ch === "." || ch === "-") continue;
    const chord = chordAtStep(a, s);
    if (chord !== lastChord) {
      voicing = voiceLead(chord, floor, centre);
      centre = voicing.reduce((sum, m) => sum + m, 0) / voicing.length;
      lastChord = chord;
      arpIndex = 0;
    }
    const length = 1 + hold;
    const beatAccent = s % 4 === 0 ? 0.05 : -0.03;
    if (ch === "x") {
      for (const m of voicing) notes.push(noteAt(a, rng, m, s, length, a.level - 0.08 + beatAccent));
    } else if (ch === "s") {
      // A strum: notes spread over ~25 ms, downstrokes low to high, upstrokes back and softer.
      const order = strumDown ? voicing : voicing.slice().reverse();
      order.forEach((m, i) => {
        const e = noteAt(a, rng, m, s, Math.max(length, 2), a.level - (strumDown ? 0.05 : 0.15));
        notes.push({ ...e, time: e.time + i * 0.008 });
      });
      strumDown = !strumDown;
    } else if (ch === "a") {
      const extended = [...voicing, ...voicing.map((m) => m + 12)];
      const m = extended[arpIndex % extended.length]!;
      arpIndex++;
      // Arpeggios ring on like a sustain pedal.
      notes.push(noteAt(a, rng, m, s, Math.max(length, 3), a.level - 0.1 + beatAccent));
    } else if (ch === "r") {
      notes.push(noteAt(a, rng, noteAtOrAbove(chord.root, floor - 12), s, Math.max(length, 2), a.level - 0.02));
    } else {
      throw new Error(`bad comp step "${ch}"`);
    }
  }
  return notes;
}

/** Sustained chord tones, one voicing per chord, above the comping register. */
export function writePad(a: Arrangement, floor: number, rng: Rng): NoteEvent[] {
  const notes: NoteEvent[] = [];
  let centre: number | null = null;
  for (let s = 0; s < totalSteps(a); s += a.slotSteps) {
    const voicing = voiceLead(chordAtStep(a, s), floor, centre).slice(0, 3);
    centre = voicing.reduce((sum, m) => sum + m, 0) / voicing.length;
    for (const m of voicing) notes.push(noteAt(a, rng, m, s, a.slotSteps, a.level - 0.15));
  }
  return notes;
}
