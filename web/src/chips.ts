import type { TrackCardFragment } from "./generated/graphql.ts";

export interface Chip {
  kind: "genre" | "mood" | "tag" | "tempo" | "key";
  label: string;
  /** soft labels carry a score in [0, 1] */
  score?: number;
  /** moods: share of the catalog this track outscores for the word */
  percentile?: number;
  /** voted by similar tracks (Track.genre / Track.mood source IMPUTED), not stated for this track */
  imputed?: { confidence: number | null };
}

/** A mood chip is shown only where the track has more of it than most of its catalog. */
export const DISTINCTIVE_PERCENTILE = 0.75;

function strings(value: unknown): string[] {
  if (typeof value === "string") return value.split(/\s*[,;/]\s*/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string" && v.length > 0);
  return [];
}

function at(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** Label lists some servers add to Track (moods/genres with scores); absent fields are skipped. */
interface ScoredLabels {
  moods?: Array<{ label: string; score: number; percentile?: number | null }> | null;
  genres?: Array<{ label: string; score: number }> | null;
}

/**
 * Genre, mood and tag chips from what the track carries: its own or imputed genre and mood
 * (Track.genre / Track.mood), scored labels when the server has them, the catalog metadata
 * (`genre`, `mood`, `tags`, file-tag genre); then tempo and key.
 */
export function chipsOf(track: TrackCardFragment & ScoredLabels): Chip[] {
  const chips: Chip[] = [];
  const seen = new Set<string>();
  const add = (chip: Chip) => {
    const id = `${chip.kind}:${chip.label.toLowerCase()}`;
    if (!seen.has(id)) {
      seen.add(id);
      chips.push(chip);
    }
  };
  const meta = track.metadata;
  // the track's own genre/mood, or the one imputed from similar tracks (marked as such); first, so
  // a scored chip with the same label does not hide the marker
  const own = (kind: "genre" | "mood", l: TrackCardFragment["genre"]) => l && add({ kind, label: l.value, ...(l.source === "IMPUTED" ? { imputed: { confidence: l.confidence ?? null } } : {}) });
  own("genre", track.genre);
  // a distribution over every known genre: show its two largest shares, not the long tail
  for (const g of [...(track.genres ?? [])].sort((a, b) => b.score - a.score).slice(0, 2).filter((g) => g.score >= 0.1)) add({ kind: "genre", label: g.label, score: g.score });
  for (const g of [...strings(meta.genre), ...strings(meta.genres), ...strings(at(meta, "fileTags", "genre"))]) add({ kind: "genre", label: g });
  own("mood", track.mood);
  // raw mood scores saturate on every track; the catalog percentile says which moods stand out
  for (const m of track.moods ?? []) {
    if (m.percentile == null) add({ kind: "mood", label: m.label, score: m.score });
    else if (m.percentile >= DISTINCTIVE_PERCENTILE) add({ kind: "mood", label: m.label, score: m.score, percentile: m.percentile });
  }
  for (const m of [...strings(meta.mood), ...strings(meta.moods)]) add({ kind: "mood", label: m });
  for (const t of strings(meta.tags).slice(0, 4)) add({ kind: "tag", label: t });
  if (track.bpm) add({ kind: "tempo", label: `${Math.round(track.bpm)} BPM` });
  if (track.key) add({ kind: "key", label: track.key });
  return chips;
}
