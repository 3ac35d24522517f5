import { bpmOf } from "../util/bpm-sources.ts";
import type { TrackRecord } from "../db/repositories/track.repository.ts";
import { BpmSourceEnum, Track } from "../schema/track.type.ts";
import type { LabelSourceEnum, TrackLabel } from "../schema/track-label.type.ts";
import { servedLabel } from "../services/served-label.ts";

/** Shapes a stored track for GraphQL; a stated BPM (catalog, tag, web page) wins over the estimate from audio. */
export function toTrack(r: TrackRecord): Track {
  const meta = r.metadata;
  const audio = (meta.audio ?? {}) as { key?: unknown };
  const tempo = bpmOf(meta);
  // imputed from neighbours (issue #20): only when no stated or estimated tempo exists
  const imputed = { bpm: numberAt(meta, "imputed", "bpm", "value"), confidence: numberAt(meta, "imputed", "bpm", "confidence") };
  return Object.assign(new Track(), {
    id: r.id,
    externalId: r.externalId,
    catalog: r.catalog,
    title: r.title,
    artist: r.artist,
    album: r.album,
    durationSeconds: r.durationSeconds,
    bpm: tempo?.bpm ?? imputed.bpm,
    bpmSource: tempo ? (tempo.source as BpmSourceEnum) : imputed.bpm !== null ? BpmSourceEnum.IMPUTED : null,
    bpmConfidence: tempo ? null : imputed.confidence,
    genre: toLabel(servedLabel(meta, "genre")),
    mood: toLabel(servedLabel(meta, "mood")),
    key: typeof audio.key === "string" ? audio.key : null,
    metadata: meta,
  });
}

/** ServedLabel's sources are LabelSourceEnum's values. */
function toLabel(l: ReturnType<typeof servedLabel>): TrackLabel | null {
  return l && { value: l.value, source: l.source as LabelSourceEnum, confidence: l.confidence, neighbours: l.neighbours };
}

function numberAt(obj: unknown, ...keys: string[]): number | null {
  let cur: unknown = obj;
  for (const k of keys) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === "number" && Number.isFinite(cur) ? cur : null;
}
