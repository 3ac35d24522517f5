import type { Neighbour } from "../db/repositories/imputation.repository.ts";

export const IMPUTED_FIELDS = ["genre", "mood", "bpm"] as const;
export type ImputedField = (typeof IMPUTED_FIELDS)[number];

export interface Imputation {
  field: ImputedField;
  value: string | number;
  /** share of the neighbours' similarity mass behind the value (bpm: within ±8 % of it) */
  confidence: number;
  neighbours: string[];
}

function first(v: unknown): string | null {
  if (typeof v === "string" && v.trim()) return v.trim().toLowerCase();
  if (Array.isArray(v)) return first(v.find((x) => typeof x === "string" && x.trim()));
  return null;
}

/** Where a known (not imputed) value was stated: the catalog line, file tags, a metadata page, the LLM, the audio analysis. */
export type KnownSource = "catalog" | "file_tags" | "web" | "llm" | "audio";

/**
 * A field's known value from a track's metadata with where it came from, in order of trust: the
 * catalog line, file tags, metadata pages, the LLM, then (bpm only) the audio analysis. Imputed
 * values never count, so imputation never feeds on itself.
 */
export function knownValueWithSource(metadata: Record<string, unknown>, field: ImputedField): { value: string | number; source: KnownSource } | null {
  const m = metadata as {
    genre?: unknown; mood?: unknown; bpm?: unknown;
    fileTags?: { genre?: unknown; bpm?: unknown };
    web?: { genre?: unknown; mood?: unknown; bpm?: unknown };
    llm?: { genre?: unknown; mood?: unknown };
    audio?: { bpm?: unknown };
  };
  if (field === "bpm") {
    const bpms: Array<[unknown, KnownSource]> = [[m.bpm, "catalog"], [m.fileTags?.bpm, "file_tags"], [m.web?.bpm, "web"], [m.audio?.bpm, "audio"]];
    for (const [v, source] of bpms) if (typeof v === "number" && v > 0) return { value: v, source };
    return null;
  }
  const sources: Array<[unknown, KnownSource]> =
    field === "genre"
      ? [[m.genre, "catalog"], [m.fileTags?.genre, "file_tags"], [m.web?.genre, "web"], [m.llm?.genre, "llm"]]
      : [[m.mood, "catalog"], [m.web?.mood, "web"], [m.llm?.mood, "llm"]];
  for (const [v, source] of sources) {
    const s = first(v);
    if (s && s !== "unknown") return { value: s, source };
  }
  return null;
}

/** A field's known value (knownValueWithSource without the source). */
export function knownValue(metadata: Record<string, unknown>, field: ImputedField): string | number | null {
  return knownValueWithSource(metadata, field)?.value ?? null;
}

/**
 * Weighted vote of the k nearest neighbours that know the field (JamendoMaxCaps-style retrieval
 * imputation): each neighbour votes with its similarity; bpm takes the weighted median.
 */
export function imputeField(
  field: ImputedField,
  neighbours: readonly Neighbour[],
  k: number,
  valueOf: (n: Neighbour) => string | number | null = (n) => knownValue(n.metadata, field),
): Imputation | null {
  const voters = neighbours
    .map((n) => ({ n, value: valueOf(n), w: Math.max(0, n.similarity) }))
    .filter((v) => v.value !== null)
    .slice(0, k);
  if (!voters.length) return null;
  const total = voters.reduce((s, v) => s + v.w, 0) || voters.length;
  const weight = (v: { w: number }) => (total === voters.length && voters.every((x) => x.w === 0) ? 1 : v.w);
  let value: string | number;
  let support: number;
  if (field === "bpm") {
    const sorted = [...voters].sort((a, b) => Number(a.value) - Number(b.value));
    let acc = 0;
    value = Number(sorted[sorted.length - 1].value);
    for (const v of sorted) {
      acc += weight(v);
      if (acc >= total / 2) {
        value = Number(v.value);
        break;
      }
    }
    support = voters.filter((v) => Math.abs(Number(v.value) - Number(value)) <= 0.08 * Number(value)).reduce((s, v) => s + weight(v), 0);
  } else {
    const tally = new Map<string, number>();
    for (const v of voters) tally.set(String(v.value), (tally.get(String(v.value)) ?? 0) + weight(v));
    // ties go to the alphabetically first value, so results are reproducible
    [value, support] = [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  }
  return { field, value, confidence: Math.round((support / total) * 1000) / 1000, neighbours: voters.map((v) => v.n.trackId) };
}
