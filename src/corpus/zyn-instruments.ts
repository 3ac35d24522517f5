/**
 * Which clips take their pitched parts from the ZynAddSubFX soundfont (`--zyn-instruments`):
 * drawn from the clip seed on its own stream, so composition, captions, split and GM soundfont
 * are those of the plain build, and a clip that draws no zyn is rendered exactly as there.
 */
import type { PartParams } from "./composer.ts";
import { patchId, ZYN_PATCHES } from "./zyn-patches.ts";
import { hash32, Rng } from "../util/random.ts";

/** Share of clips whose pitched parts zyn plays; the rest keep the GM soundfont's voices. */
export const ZYN_FRACTION = 0.5;

export interface ZynClipPlan {
  /** Patch played for each part zyn covers, by part role ("chords" → "pads-analog-pad-1"). */
  parts: Record<string, string>;
}

const BY_PROGRAM = new Map(ZYN_PATCHES.flatMap((p) => p.programs.map((program) => [program, patchId(p)] as const)));

/** null when the clip keeps the GM soundfont (also when zyn covers none of its parts). */
export function planZynInstruments(clipSeed: number, parts: readonly PartParams[], fraction = ZYN_FRACTION): ZynClipPlan | null {
  if (new Rng(hash32(clipSeed, 0x2a9f)).next() >= fraction) return null;
  const covered: Record<string, string> = {};
  for (const part of parts) {
    const patch = part.role === "drums" ? undefined : BY_PROGRAM.get(part.program);
    if (patch) covered[part.role] = patch;
  }
  return Object.keys(covered).length > 0 ? { parts: covered } : null;
}
