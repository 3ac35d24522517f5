/**
 * Just enough music theory to write idiomatic parts and to name what was written: scales per
 * mode, diatonic chords from progression tokens, and chord symbols ("Am7", "F", "G7") for captions.
 */

export const MODES = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  phrygian: [0, 1, 3, 5, 7, 8, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
  harmonicMinor: [0, 2, 3, 5, 7, 8, 11],
} as const;

export type Mode = keyof typeof MODES;

/** How captions name a mode ("D dorian", "A minor"). */
export const MODE_NAMES: Record<Mode, string> = {
  major: "major",
  minor: "minor",
  dorian: "dorian",
  mixolydian: "mixolydian",
  phrygian: "phrygian",
  lydian: "lydian",
  harmonicMinor: "harmonic minor",
};

/** Modes whose third is minor sound "minor" to listeners; used for mood and the key label. */
export function isMinorish(mode: Mode): boolean {
  return MODES[mode][2] === 3;
}

const SHARP_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
const FLAT_NAMES = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"];
/** Tonics conventionally spelled with flats (F, Bb, Eb, Ab, Db major; their relative minors). */
const FLAT_MAJOR_TONICS = new Set([5, 10, 3, 8, 1, 6]);

export function pitchName(pc: number, preferFlats: boolean): string {
  const i = ((pc % 12) + 12) % 12;
  return (preferFlats ? FLAT_NAMES : SHARP_NAMES)[i]!;
}

/** Where each mode starts inside its relative major scale (dorian starts on its 2nd degree…). */
const MODE_OFFSET_IN_MAJOR: Record<Mode, number> = {
  major: 0, dorian: 2, phrygian: 4, lydian: 5, mixolydian: 7, minor: 9, harmonicMinor: 9,
};

/** Whether a key is spelled with flats, judged from its relative major's key signature. */
export function keyUsesFlats(tonic: number, mode: Mode): boolean {
  return FLAT_MAJOR_TONICS.has((tonic - MODE_OFFSET_IN_MAJOR[mode] + 12) % 12);
}

export function keyName(tonic: number, mode: Mode): string {
  return `${pitchName(tonic, keyUsesFlats(tonic, mode))} ${MODE_NAMES[mode]}`;
}

export interface Chord {
  /** Pitch class of the root. */
  root: number;
  /** Intervals above the root in semitones, root first (e.g. [0, 4, 7, 10]). */
  intervals: number[];
  symbol: string;
}

/** Chord-quality suffixes for symbols, keyed by the interval set. */
const QUALITY_SUFFIX: Record<string, string> = {
  "0,4,7": "",
  "0,3,7": "m",
  "0,3,6": "dim",
  "0,4,8": "aug",
  "0,4,7,11": "maj7",
  "0,3,7,10": "m7",
  "0,4,7,10": "7",
  "0,3,6,10": "m7b5",
  "0,3,6,9": "dim7",
  "0,3,7,11": "m(maj7)",
  "0,2,7": "sus2",
  "0,5,7": "sus4",
  "0,7": "5",
};

/**
 * A progression token names a scale degree 1–7, optionally with a flat ("b7" = a major chord a
 * whole step below the tonic, borrowed), and suffixes: "7" adds the diatonic seventh, "D" forces
 * a dominant seventh (blues), "5" makes a power chord (rock, metal), "s" a sus4.
 */
export function chordFromToken(token: string, tonic: number, mode: Mode, addSeventh: boolean): Chord {
  const match = /^(b?)([1-7])([7D5s]?)$/.exec(token);
  if (!match) throw new Error(`bad progression token "${token}"`);
  const [, flat, degreeText, suffix] = match;
  const scale = MODES[mode];
  const degree = Number(degreeText) - 1;
  const preferFlats = keyUsesFlats(tonic, mode);
  let rootOffset: number;
  let intervals: number[];
  if (flat) {
    // Borrowed chords: a major triad on the lowered degree.
    rootOffset = (MODES.major[degree]! - 1 + 12) % 12;
    intervals = [0, 4, 7];
  } else {
    rootOffset = scale[degree]!;
    const third = (scale[(degree + 2) % 7]! - rootOffset + 12) % 12;
    const fifth = (scale[(degree + 4) % 7]! - rootOffset + 12) % 12;
    intervals = [0, third, fifth];
    if (suffix === "7" || (addSeventh && suffix === "")) {
      intervals.push((scale[(degree + 6) % 7]! - rootOffset + 12) % 12);
    }
  }
  if (suffix === "D") intervals = [0, 4, 7, 10];
  if (suffix === "5") intervals = [0, 7];
  if (suffix === "s") intervals = [0, 5, 7];
  const root = (tonic + rootOffset) % 12;
  const suffixText = QUALITY_SUFFIX[intervals.join(",")] ?? "";
  // A borrowed chord on a lowered degree is spelled flat ("Bb" in C major, never "A#").
  return { root, intervals, symbol: pitchName(root, preferFlats || !!flat) + suffixText };
}

/** The MIDI note of pitch class `pc` nearest to (and at or above) `floor`. */
export function noteAtOrAbove(pc: number, floor: number): number {
  const base = floor - (((floor % 12) + 12) % 12) + (((pc % 12) + 12) % 12);
  return base >= floor ? base : base + 12;
}

/** Scale notes (MIDI numbers) of a key within [low, high]. */
export function scaleNotes(tonic: number, mode: Mode, low: number, high: number): number[] {
  const pcs = new Set(MODES[mode].map((i) => (tonic + i) % 12));
  const notes: number[] = [];
  for (let n = low; n <= high; n++) if (pcs.has(n % 12)) notes.push(n);
  return notes;
}

/** Close-position voicing of a chord starting at or above `floor`. */
export function voiceChord(chord: Chord, floor: number): number[] {
  const root = noteAtOrAbove(chord.root, floor);
  return chord.intervals.map((i) => root + i);
}

/** Traditional tempo terms, which expert captions often use instead of BPM. */
export function tempoTerm(bpm: number): string {
  if (bpm < 60) return "Largo";
  if (bpm < 76) return "Adagio";
  if (bpm < 108) return "Andante";
  if (bpm < 120) return "Moderato";
  if (bpm < 156) return "Allegro";
  if (bpm < 176) return "Vivace";
  return "Presto";
}
