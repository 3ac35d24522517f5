import { knownValueWithSource, type KnownSource } from "../ingest/imputation.ts";

/** Where Track.genre / Track.mood comes from: a stated value, else the one imputed from neighbours. */
export type ServedLabelSource = Exclude<KnownSource, "audio"> | "imputed";

export interface ServedLabel {
  value: string;
  source: ServedLabelSource;
  /** imputed only: the winning share of the neighbours' similarity (0..1) */
  confidence: number | null;
  /** imputed only: ids of the neighbours that voted */
  neighbours: string[];
}

/**
 * The genre or mood a track is served with (issue #20): its own value (catalog line, file tags,
 * metadata page, LLM — the same order the imputer uses to decide a field is missing), else the
 * value imputed from its neighbours with its confidence and voters. An imputed value left over
 * from before the track got its own (a later web page, an operator's correction) is not shown.
 * Read from the metadata already loaded with the track, so it costs no query.
 */
export function servedLabel(metadata: Record<string, unknown>, field: "genre" | "mood"): ServedLabel | null {
  const known = knownValueWithSource(metadata, field);
  if (known) return { value: String(known.value), source: known.source as ServedLabelSource, confidence: null, neighbours: [] };
  const imputed = (metadata.imputed as Record<string, unknown> | undefined)?.[field] as
    | { value?: unknown; confidence?: unknown; neighbours?: unknown }
    | undefined;
  if (!imputed || typeof imputed.value !== "string" || !imputed.value.trim()) return null;
  return {
    value: imputed.value.trim().toLowerCase(),
    source: "imputed",
    confidence: typeof imputed.confidence === "number" && Number.isFinite(imputed.confidence) ? imputed.confidence : null,
    neighbours: Array.isArray(imputed.neighbours) ? imputed.neighbours.filter((n): n is string => typeof n === "string") : [],
  };
}
