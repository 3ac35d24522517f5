/** Writes a bass line from a genre's step pattern, following the chords. */
import {
  chordAtStep, nextChordAfter, noteAt, readStep, stepsToChordChange, totalSteps, type Arrangement, type NoteEvent,
} from "./arrangement.ts";
import type { Rng } from "../util/random.ts";
import { noteAtOrAbove, scaleNotes } from "./theory.ts";

export function writeBass(a: Arrangement, pattern: string, floor: number, rng: Rng): NoteEvent[] {
  const notes: NoteEvent[] = [];
  const n = totalSteps(a);
  let previous = -1;
  for (let s = 0; s < n; s++) {
    const { ch, hold } = readStep(pattern, s);
    if (ch === "." || ch === "-") continue;
    const chord = chordAtStep(a, s);
    const root = noteAtOrAbove(chord.root, floor);
    let midi: number;
    switch (ch) {
      case "R": midi = root; break;
      case "5": midi = root + 7; break;
      case "8": midi = root + 12; break;
      case "3": midi = root + (chord.intervals[1] ?? 4); break;
      case "6": midi = root + 9; break;
      case "7": midi = root + 10; break;
      case "b": midi = noteAtOrAbove(nextChordAfter(a, s).root, floor) - 1; break;
      case "W": midi = walkingNote(a, s, floor, previous, rng); break;
      default: throw new Error(`bad bass step "${ch}"`);
    }
    const accent = s % (a.stepsPerBar / 2) === 0 ? 0.08 : 0;
    notes.push(noteAt(a, rng, midi, s, ch === "W" ? 4 : 1 + hold, a.level + accent));
    previous = midi;
  }
  return notes;
}

/**
 * Walking bass, one note per beat: the root when the chord arrives, a chromatic approach to the
 * next root just before it changes, scale or chord tones near the previous note in between.
 */
function walkingNote(a: Arrangement, step: number, floor: number, previous: number, rng: Rng): number {
  const chord = chordAtStep(a, step);
  if (step % a.slotSteps === 0 || previous < 0) return noteAtOrAbove(chord.root, floor);
  if (stepsToChordChange(a, step) <= 4) {
    const target = noteAtOrAbove(nextChordAfter(a, step).root, floor);
    return target + (rng.chance(0.5) ? -1 : 1);
  }
  const candidates = scaleNotes(a.tonic, a.mode, floor, floor + 19).filter((m) => Math.abs(m - previous) <= 4 && m !== previous);
  return candidates.length > 0 ? rng.pick(candidates) : noteAtOrAbove(chord.root, floor) + 7;
}
