/** Writes the drum part from a genre groove, thinned or thickened by arrangement density. */
import { noteAt, totalSteps, type Arrangement, type NoteEvent } from "./arrangement.ts";
import type { Rng } from "../util/random.ts";
import { DRUM_NOTES, steps, type DrumPattern, type DrumVoice } from "./style.ts";

const TIME_KEEPERS = new Set<DrumVoice>(["hat", "ride", "shaker", "cabasa", "guiro", "timbaleH"]);
const ACCENT: Record<string, number> = { X: 0.2, x: 0, o: -0.3, r: -0.05 };

export function writeDrums(a: Arrangement, pattern: DrumPattern, rng: Rng): NoteEvent[] {
  const notes: NoteEvent[] = [];
  const n = totalSteps(a);
  const lanes = Object.entries(pattern.lanes).map(([voice, text]) => ({
    voice: voice as DrumVoice,
    grid: steps(text!),
  }));
  for (const { voice, grid } of lanes) {
    for (let s = 0; s < n; s++) {
      const ch = grid[s % grid.length]!;
      if (!(ch in ACCENT)) continue;
      // Sparse arrangements drop ghost notes and halve sixteenth time-keeping.
      if (a.density === "sparse" && (ch === "o" || (TIME_KEEPERS.has(voice) && s % 2 === 1))) continue;
      const velocity = a.level + ACCENT[ch]! + (TIME_KEEPERS.has(voice) ? -0.1 : 0);
      notes.push(noteAt(a, rng, DRUM_NOTES[voice], s, 1, velocity));
      if (ch === "r") notes.push(noteAt(a, rng, DRUM_NOTES[voice], s + 0.5, 0.5, velocity - 0.1));
    }
  }
  const hasSnare = lanes.some((l) => l.voice === "snare" || l.voice === "clap" || l.voice === "snare2");
  if (a.density === "busy" && hasSnare) {
    // Busy drummers add ghost notes between the written hits.
    for (let s = 0; s < n; s++) {
      if (s % 4 !== 0 && rng.chance(0.08)) notes.push(noteAt(a, rng, DRUM_NOTES.snare, s, 1, a.level - 0.35));
    }
  }
  if (a.density !== "sparse" && hasSnare && rng.chance(a.density === "busy" ? 0.6 : 0.3)) {
    notes.push(...fill(a, rng, Math.max(0, n - 4) - (rng.chance(0.5) ? a.stepsPerBar : 0)));
  }
  if (rng.chance(0.5)) notes.push(noteAt(a, rng, DRUM_NOTES.crash, 0, 4, a.level + 0.1));
  return notes;
}

/** A one-beat fill on toms or snare, ending the phrase. */
function fill(a: Arrangement, rng: Rng, start: number): NoteEvent[] {
  const voices: DrumVoice[] = rng.pick([["snare", "snare", "snare", "snare"], ["tomH", "tomM", "tomM", "tomL"], ["snare", "tomH", "tomM", "tomL"]]);
  return voices.map((v, i) => noteAt(a, rng, DRUM_NOTES[v], start + i, 1, a.level + 0.05 * i));
}
