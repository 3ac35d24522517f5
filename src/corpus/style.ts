/**
 * The vocabulary of a genre definition. Parts are written as step strings (one character per
 * sixteenth note, spaces ignored) so a pattern reads like a drum-machine grid in review.
 */
import type { DrumKitId } from "./instruments.ts";
import type { Mode } from "./theory.ts";

export type Meter = "4/4" | "3/4" | "6/8";
export type Density = "sparse" | "medium" | "busy";
export type Dynamics = "soft" | "medium" | "loud";

/** General MIDI percussion voices (channel 10 note numbers). */
export const DRUM_NOTES = {
  kick: 36, kick2: 35, snare: 38, snare2: 40, rim: 37, clap: 39, hat: 42, pedal: 44, open: 46,
  ride: 51, bell: 53, crash: 49, china: 52, tomL: 45, tomM: 47, tomH: 50, tamb: 54, cowbell: 56,
  shaker: 70, cabasa: 69, congaH: 63, congaM: 62, congaL: 64, bongoH: 60, bongoL: 61,
  timbaleH: 65, timbaleL: 66, claves: 75, guiro: 73, triangle: 81,
} as const;
export type DrumVoice = keyof typeof DRUM_NOTES;

/**
 * Drum lanes: "X" accent, "x" normal, "o" ghost, "r" a two-hit roll inside the step, "." rest.
 * A lane is one or two bars long; shorter lanes repeat.
 */
export interface DrumPattern {
  name: string;
  lanes: Partial<Record<DrumVoice, string>>;
}

export interface DrumPart {
  kits: readonly DrumKitId[];
  patterns: readonly DrumPattern[];
  /** Chance the clip has drums at all (a breakdown or intro has none). */
  probability: number;
}

/**
 * Bass steps: "R" root, "5" fifth, "8" octave up, "3" third, "7" seventh (minor), "b" a leading
 * note a semitone below the next chord's root, "W" a walking quarter note, "-" hold, "." rest.
 */
export interface BassPart {
  programs: readonly number[];
  patterns: readonly string[];
  /** Lowest note of the bass register (MIDI). */
  floor: number;
}

/**
 * Comping steps: "x" block chord, "a" next arpeggio note, "r" chord root low, "s" strummed chord,
 * "-" hold, "." rest.
 */
export interface CompPart {
  programs: readonly number[];
  patterns: readonly string[];
  /** Lowest note of the voicing (MIDI). */
  floor: number;
}

/** How the lead moves: long tones, a repeated short riff, a singing line, or arpeggios. */
export type LeadStyle = "long" | "riff" | "lyrical" | "arp" | "bluesy";

export interface LeadPart {
  programs: readonly number[];
  styles: readonly LeadStyle[];
  probability: number;
}

export interface CounterPart {
  programs: readonly number[];
  /** "pad" sustains chord tones, "line" answers the lead, "arp" runs through chord tones. */
  kind: "pad" | "line" | "arp";
  probability: number;
}

export interface GenreStyle {
  id: string;
  /** Canonical genre name used in labels. */
  name: string;
  /** Other ways people write the genre ("hip-hop", "rap beat"). */
  aliases: readonly string[];
  /** Broader tags for tag-style captions ("electronic", "dance"). */
  tags: readonly string[];
  tempo: readonly [number, number];
  meters: readonly Meter[];
  /** Swing amount range: 0 straight, 0.33 triplet shuffle. */
  swing: readonly [number, number];
  /** Which subdivision swings: eighths (jazz, blues) or sixteenths (hip hop, funk). */
  swingUnit: 8 | 16;
  modes: readonly (readonly [Mode, number])[];
  /** Progressions in degree tokens, see theory.chordFromToken. */
  progressions: readonly string[];
  /** Chord changes per bar: 0.5 = one chord every two bars. */
  harmonicRhythm: readonly number[];
  sevenths: number;
  drums: DrumPart | null;
  bass: BassPart | null;
  comp: CompPart;
  lead: LeadPart | null;
  counter: CounterPart | null;
  densities: readonly (readonly [Density, number])[];
  dynamics: readonly (readonly [Dynamics, number])[];
  /** Genre-typical adjectives for captions ("driving", "hypnotic"). */
  descriptors: readonly string[];
  /** Where the music fits, completing "suitable for …". */
  uses: readonly string[];
}

export function stepsPerBar(meter: Meter): number {
  return meter === "4/4" ? 16 : 12;
}

/** Beats per bar as a listener counts them (6/8 counts in two dotted quarters). */
export function beatsPerBar(meter: Meter): number {
  return meter === "4/4" ? 4 : meter === "3/4" ? 3 : 6;
}

/** Strips readability spaces from a step string. */
export function steps(pattern: string): string {
  return pattern.replace(/\s+/g, "");
}
