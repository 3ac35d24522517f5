/**
 * Major/minor keys as (tonic pitch class, mode), read from the spellings people and our key
 * estimator write ("A minor", "Bb major", "F# minor", "C♯ minor", "B-flat major"), and how close
 * two keys are for ranking purposes.
 */

export type Mode = "major" | "minor";

export interface MusicalKey {
  /** pitch class of the tonic, C = 0 … B = 11 */
  tonic: number;
  mode: Mode;
}

const LETTER_PC: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** The spellings the key estimator uses (src/embedding/audio-descriptors.ts), so shown keys match Track.key. */
const NAMES: Record<Mode, readonly string[]> = {
  major: ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"],
  minor: ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"],
};

/** Semitone offset of an accidental as written after the letter ("#", "♭", " sharp", "-flat", …), or null. */
export function accidentalOffset(accidental: string): number | null {
  const a = accidental.trim().replace(/^-/, "").toLowerCase();
  if (a === "") return 0;
  if (a === "#" || a === "♯" || a === "sharp") return 1;
  if (a === "b" || a === "♭" || a === "flat") return -1;
  return null;
}

/** The key of a tonic letter, an accidental and a mode; null for a letter outside A–G. */
export function makeKey(letter: string, accidental: string, mode: Mode): MusicalKey | null {
  const base = LETTER_PC[letter.toUpperCase()];
  const offset = accidentalOffset(accidental);
  if (base === undefined || offset === null) return null;
  return { tonic: (((base + offset) % 12) + 12) % 12, mode };
}

/** "A minor", "Eb major": the estimator's spelling of the key (enharmonics collapse: D# minor → Eb minor). */
export function keyName(key: MusicalKey): string {
  return `${NAMES[key.mode][key.tonic]} ${key.mode}`;
}

const STORED_KEY = /^\s*([A-Ga-g])\s*(#|♯|b|♭|-?sharp|-?flat)?\s+(major|minor|maj|min)\s*$/;

/**
 * A stored key name (Track.key, e.g. "A minor" or "Bb major"); null when it is not a major/minor
 * key (absent, "none", a mode name).
 */
export function parseKeyName(name: string | null | undefined): MusicalKey | null {
  if (!name) return null;
  const m = STORED_KEY.exec(name);
  if (!m) return null;
  return makeKey(m[1], m[2] ?? "", m[3].toLowerCase().startsWith("maj") ? "major" : "minor");
}

/** Relative partner: C major ↔ A minor (same pitch set, different tonic). */
function relative(k: MusicalKey): MusicalKey {
  return k.mode === "major" ? { tonic: (k.tonic + 9) % 12, mode: "minor" } : { tonic: (k.tonic + 3) % 12, mode: "major" };
}

/**
 * Credit for a track in key `track` when the query asked for `wanted`. Krumhansl-style estimators
 * mostly err towards keys sharing most pitches, so near misses keep part of the credit: the
 * relative key (same notes) and the parallel key (same tonic) half, a fifth apart in the same mode
 * (one accidental different) less. Anything else is no evidence either way: 0.
 */
export const KEY_CREDIT = { same: 1, relative: 0.5, parallel: 0.5, fifth: 0.3 } as const;

export function keyAgreement(wanted: MusicalKey, track: MusicalKey | null): number {
  if (!track) return 0;
  if (track.tonic === wanted.tonic && track.mode === wanted.mode) return KEY_CREDIT.same;
  const rel = relative(wanted);
  if (track.tonic === rel.tonic && track.mode === rel.mode) return KEY_CREDIT.relative;
  if (track.tonic === wanted.tonic) return KEY_CREDIT.parallel;
  const up = (wanted.tonic + 7) % 12;
  const down = (wanted.tonic + 5) % 12;
  if (track.mode === wanted.mode && (track.tonic === up || track.tonic === down)) return KEY_CREDIT.fifth;
  return 0;
}
