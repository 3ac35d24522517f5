/**
 * The synthetic corpus as data: which clip index gets which id, seed, genre and split, and the
 * `tracks.jsonl` / `queries.jsonl` records in the shared-data layout. Everything is a pure
 * function of (corpus seed, clip index), which is what makes builds resumable and reproducible.
 */
import { describeClip, type CaptionStyle, type ClipLabels } from "./captioner.ts";
import { compose, type ClipParams, type Composition } from "./composer.ts";
import { GENRES } from "./genres.ts";
import type { RealSoundPlan } from "./real-sounds.ts";
import type { ZynClipPlan } from "./zyn-instruments.ts";
import { hash32, hashString, Rng } from "../util/random.ts";

export type Split = "train" | "val";

export interface TrackRecord {
  id: string;
  file: string;
  captions: string[];
  captionStyles: CaptionStyle[];
  labels: ClipLabels;
  /**
   * `realSounds`: the recorded kit and ambience mixed in (`build-synthetic-corpus.ts --real-sounds`);
   * `zyn`: the ZynAddSubFX patches that played the pitched parts (`--zyn-instruments`), null if none.
   */
  params: ClipParams & { soundfont: string; realSounds?: RealSoundPlan; zyn?: ZynClipPlan | null };
  split: Split;
}

export interface QueryRecord {
  id: string;
  text: string;
  style: CaptionStyle;
  relevant: string[];
}

export interface ClipPlan {
  index: number;
  id: string;
  seed: number;
  genre: string;
  split: Split;
}

export const VAL_FRACTION = 0.1;

export function clipId(corpusSeed: number, index: number): string {
  return `syn${corpusSeed}-${String(index).padStart(5, "0")}`;
}

/** ~10% validation, decided by the id's hash so it never changes when the corpus grows. */
export function splitOf(id: string, valFraction = VAL_FRACTION): Split {
  return hashString(id) % 1000 < valFraction * 1000 ? "val" : "train";
}

/**
 * Genres are dealt in shuffled rounds (every genre once per round), so any prefix of the corpus
 * is balanced across genres.
 */
export function planClip(corpusSeed: number, index: number): ClipPlan {
  const round = Math.floor(index / GENRES.length);
  const order = new Rng(hash32(corpusSeed, round, 0x6e7e)).shuffle(GENRES.map((g) => g.id));
  const id = clipId(corpusSeed, index);
  return { index, id, seed: hash32(corpusSeed, index), genre: order[index % GENRES.length]!, split: splitOf(id) };
}

/** Picks the clip's soundfont by weight among those installed, from the clip seed. */
export function pickSoundfont<T extends { name: string }>(plan: ClipPlan, available: readonly T[], weights: Record<string, number>): T {
  if (available.length === 0) throw new Error("no soundfont installed");
  return new Rng(hash32(plan.seed, 0x50f7)).weighted(available.map((s) => [s, weights[s.name] ?? 1] as const));
}

export interface BuiltClip {
  composition: Composition;
  record: TrackRecord;
  query: QueryRecord | null;
}

export function buildClip(plan: ClipPlan, corpusSeed: number, soundfont: string): BuiltClip {
  const composition = compose(plan.seed, plan.genre);
  const description = describeClip(composition.params, corpusSeed);
  // Validation clips hold out one phrasing as their query; training clips keep every phrasing.
  const heldOut = plan.split === "val";
  const record: TrackRecord = {
    id: plan.id,
    file: `audio/${plan.id}.wav`,
    captions: heldOut ? description.captions : [...description.captions, description.query.text],
    captionStyles: heldOut ? description.captionStyles : [...description.captionStyles, description.query.style],
    labels: description.labels,
    params: { ...composition.params, soundfont },
    split: plan.split,
  };
  const query = heldOut
    ? { id: `q-${plan.id}`, text: description.query.text, style: description.query.style, relevant: [plan.id] }
    : null;
  return { composition, record, query };
}

export function toJsonl(items: readonly unknown[]): string {
  return items.map((x) => JSON.stringify(x)).join("\n") + (items.length > 0 ? "\n" : "");
}
