import type { TrackRecord } from "../db/repositories/track.repository.ts";
import { Track } from "../schema/track.type.ts";

function numberAt(obj: unknown, ...keys: string[]): number | null {
  let cur: unknown = obj;
  for (const k of keys) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === "number" && Number.isFinite(cur) ? cur : null;
}

/** Shapes a stored track for GraphQL; catalog or tag BPM wins over the estimate from audio. */
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
    bpm: numberAt(meta, "bpm") ?? numberAt(meta, "fileTags", "bpm") ?? numberAt(meta, "audio", "bpm"),
    key: typeof audio.key === "string" ? audio.key : null,
    metadata: meta,
  });
}
