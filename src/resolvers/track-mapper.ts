import { bpmOf } from "../db/repositories/bpm-sources.ts";
import type { TrackRecord } from "../db/repositories/track.repository.ts";
import { BpmSourceEnum, Track } from "../schema/track.type.ts";

/** Shapes a stored track for GraphQL; a stated BPM (catalog, tag, web page) wins over the estimate from audio. */
export function toTrack(r: TrackRecord): Track {
  const meta = r.metadata;
  const audio = (meta.audio ?? {}) as { key?: unknown };
  const tempo = bpmOf(meta);
  return Object.assign(new Track(), {
    id: r.id,
    externalId: r.externalId,
    catalog: r.catalog,
    title: r.title,
    artist: r.artist,
    album: r.album,
    durationSeconds: r.durationSeconds,
    bpm: tempo?.bpm ?? null,
    bpmSource: tempo ? (tempo.source as BpmSourceEnum) : null,
    key: typeof audio.key === "string" ? audio.key : null,
    metadata: meta,
  });
}
