import type { DrumKitId } from "./instruments.ts";

/** One instrument part of a clip (own file: the composer and the part phrase writers both use it). */
export type PartRole = "drums" | "bass" | "chords" | "lead" | "counter";

export interface PartParams {
  role: PartRole;
  /** GM program (for drums: the kit program on channel 10). */
  program: number;
  /** Canonical instrument label. */
  label: string;
  pattern?: string;
  style?: string;
  kit?: DrumKitId;
}
