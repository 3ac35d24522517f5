/**
 * Mood from the musical parameters, on Russell's valence/arousal plane: mode sets valence;
 * tempo, dynamics and density set arousal; the genre breaks ties between neighbouring moods
 * (a dark fast orchestral clip is "epic", a dark fast metal clip "aggressive").
 */
import type { ClipParams } from "./composer.ts";
import type { Rng } from "../util/random.ts";
import type { Mode } from "./theory.ts";

export type MoodCategory =
  | "happy" | "energetic" | "uplifting" | "calm" | "relaxing" | "romantic"
  | "dark" | "tense" | "aggressive" | "epic" | "sad" | "melancholic";

/** Russell quadrants: Q1 +valence +arousal, Q2 −valence +arousal, Q3 −/−, Q4 +valence −arousal. */
export type Quadrant = "Q1" | "Q2" | "Q3" | "Q4";

/** Words people use for each mood, so captions do not always say the label itself. */
export const MOOD_WORDS: Record<MoodCategory, readonly string[]> = {
  happy: ["happy", "cheerful", "joyful", "upbeat", "bright", "sunny", "feel-good"],
  energetic: ["energetic", "lively", "high-energy", "driving", "punchy", "exciting"],
  uplifting: ["uplifting", "euphoric", "triumphant", "hopeful", "inspiring"],
  calm: ["calm", "peaceful", "serene", "tranquil", "gentle", "quiet"],
  relaxing: ["relaxing", "chilled", "laid-back", "soothing", "mellow", "chill"],
  romantic: ["romantic", "tender", "warm", "loving", "sentimental", "intimate"],
  dark: ["dark", "ominous", "brooding", "moody", "gloomy", "shadowy"],
  tense: ["tense", "suspenseful", "anxious", "urgent", "nervous"],
  aggressive: ["aggressive", "angry", "fierce", "furious", "hard-hitting"],
  epic: ["epic", "dramatic", "powerful", "heroic", "grand", "majestic"],
  sad: ["sad", "sorrowful", "mournful", "somber", "heartbroken", "tearful"],
  melancholic: ["melancholic", "wistful", "nostalgic", "bittersweet", "reflective", "pensive"],
};

/** Genres whose instrumentation reads as more or less energetic than tempo alone suggests. */
const GENRE_ENERGY: Record<string, number> = {
  metal: 0.8, punk: 0.8, cinematic: 0.6, dnb: 0.4, trance: 0.4, techno: 0.3, trap: 0.3, salsa: 0.2,
  ambient: -0.6, newage: -0.6, lofi: -0.4, ballad: -0.3, bossa: -0.2, rnb: -0.2,
};

const VALENCE: Record<Mode, number> = {
  major: 1, lydian: 1, mixolydian: 0.5, dorian: -0.3, minor: -1, harmonicMinor: -1.2, phrygian: -1.5,
};

export interface MoodAnalysis {
  valence: number;
  arousal: number;
  quadrant: Quadrant;
  /** Primary mood first, then a compatible secondary one. */
  moods: MoodCategory[];
}

export function analyseMood(p: ClipParams, rng: Rng): MoodAnalysis {
  const valence = VALENCE[p.mode];
  const tempo = Math.max(-1.5, Math.min(1.5, (p.bpm - 105) / 35));
  const arousal = tempo
    + (p.dynamics === "soft" ? -0.7 : p.dynamics === "loud" ? 0.7 : 0)
    + (p.density === "sparse" ? -0.4 : p.density === "busy" ? 0.4 : 0)
    + (p.parts.some((x) => x.role === "drums") ? 0.1 : -0.4)
    + (GENRE_ENERGY[p.genre] ?? 0);
  const high = arousal >= 0;
  const positive = valence > 0;
  const g = p.genre;
  let primary: MoodCategory;
  let secondary: MoodCategory;
  if (positive && high) {
    const soaring = p.dynamics === "loud" || ["trance", "cinematic", "newage", "pop", "synthwave", "celtic", "house"].includes(g);
    primary = arousal > 1.1 ? "energetic" : soaring && rng.chance(0.6) ? "uplifting" : "happy";
    secondary = primary === "happy" ? rng.pick(["energetic", "uplifting"] as const) : "happy";
  } else if (positive) {
    primary = ["ballad", "rnb", "bossa", "waltz"].includes(g) ? "romantic"
      : ["ambient", "newage", "lofi", "reggae"].includes(g) ? "relaxing" : "calm";
    secondary = primary === "calm" ? "relaxing" : "calm";
  } else if (high) {
    // Orchestral colour (strings, brass, choir) played loud reads as epic rather than merely dark.
    const orchestral = p.parts.some((x) => [48, 49, 52, 60, 61, 19].includes(x.program));
    primary = g === "cinematic" || (orchestral && p.dynamics === "loud") ? "epic" : ["metal", "punk"].includes(g) ? "aggressive"
      : arousal > 1 && p.dynamics === "loud" ? "tense" : "dark";
    secondary = primary === "dark" ? (orchestral ? "epic" : rng.pick(["tense", "melancholic"] as const)) : "dark";
  } else {
    primary = p.mode === "dorian" || p.mode === "mixolydian" ? "melancholic"
      : arousal < -1 ? "sad" : rng.pick(["sad", "melancholic"] as const);
    secondary = primary === "sad" ? "melancholic" : rng.pick(["sad", "calm"] as const);
  }
  const quadrant: Quadrant = positive ? (high ? "Q1" : "Q4") : high ? "Q2" : "Q3";
  return { valence, arousal: Math.round(arousal * 100) / 100, quadrant, moods: [primary, secondary] };
}

export type TempoBucket = "slow" | "medium" | "fast" | "very fast";

export function tempoBucket(bpm: number): TempoBucket {
  return bpm < 80 ? "slow" : bpm < 110 ? "medium" : bpm < 140 ? "fast" : "very fast";
}

export const TEMPO_WORDS: Record<TempoBucket, readonly string[]> = {
  slow: ["slow", "slow-paced", "unhurried", "downtempo", "leisurely"],
  medium: ["mid-tempo", "moderate-tempo", "medium-tempo", "moderately paced"],
  fast: ["fast", "uptempo", "quick", "brisk", "fast-paced"],
  "very fast": ["very fast", "frantic", "rapid", "breakneck", "high-speed"],
};
