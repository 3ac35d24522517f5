import type { TrackRecord } from "../db/repositories/track.repository.ts";
import { Track } from "../schema/track.type.ts";

function numberAt(obj: unknown, ...keys: string[]): number | null {
  let cur: unknown = obj;
  for (const k of keys) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === "number" && Number.isFinite(cur) ? cur : null;
}

/** Where Track.bpm came from, in order of trust; the imputed value only when nothing else is known. */
function bpmOf(meta: Record<string, unknown>): { bpm: number | null; bpmSource: string | null; bpmConfidence: number | null } {
  for (const [source, keys] of [["catalog", ["bpm"]], ["file-tag", ["fileTags", "bpm"]], ["audio", ["audio", "bpm"]]] as const) {
    const v = numberAt(meta, ...keys);
    if (v !== null) return { bpm: v, bpmSource: source, bpmConfidence: null };
  }
  const imputed = numberAt(meta, "imputed", "bpm", "value");
  if (imputed !== null) return { bpm: imputed, bpmSource: "imputed", bpmConfidence: numberAt(meta, "imputed", "bpm", "confidence") };
  return { bpm: null, bpmSource: null, bpmConfidence: null };
}

/** Shapes a stored track for GraphQL; catalog or tag BPM wins over the estimate from audio, which wins over an imputed one. */
export function toTrack(r: TrackRecord): Track {
  const meta = r.metadata;
  const audio = (meta.audio ?? {}) as { key?: unknown };
  return Object.assign(new Track(), {
    id: r.id,
    externalId: r.externalId,
    catalog: r.catalog,
    title: r.title,
    artist: r.artist,
    album: r.album,
    durationSeconds: r.durationSeconds,
    ...bpmOf(meta),
    key: typeof audio.key === "string" ? audio.key : null,
    metadata: meta,
  });
}
