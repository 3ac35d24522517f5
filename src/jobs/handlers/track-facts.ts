import type { DescriptionRecord } from "../../db/repositories/description.repository.ts";
import type { TrackRecord } from "../../db/repositories/track.repository.ts";
import type { TrackFacts } from "../../llm/description-prompt.ts";
import { meaningfulTexts } from "../../ingest/boilerplate.ts";

/** Description sources the LLM is shown, in the order it reads them. */
const KNOWN_SOURCES = ["web", "user", "catalog", "file_tags"] as const;

/** What the catalog, the file tags and the audio analysis say about a stored track. */
export function trackFacts(track: TrackRecord, descriptions: readonly DescriptionRecord[]): TrackFacts {
  const meta = track.metadata as {
    tags?: unknown;
    genre?: unknown;
    audio?: { bpm?: number | null; key?: string | null; loudnessDb?: number | null };
    fileTags?: { genre?: string[] };
  };
  const tags = meaningfulTexts([...strings(meta.tags), ...strings(meta.genre), ...strings(meta.fileTags?.genre)]);
  return {
    title: track.title,
    artist: track.artist,
    album: track.album,
    tags: [...new Set(tags)].slice(0, 20),
    bpm: typeof meta.audio?.bpm === "number" ? meta.audio.bpm : null,
    key: typeof meta.audio?.key === "string" ? meta.audio.key : null,
    loudnessDb: typeof meta.audio?.loudnessDb === "number" ? meta.audio.loudnessDb : null,
    // What the web page, the catalog line, the file tags and users said, fetched pages first; never
    // the LLM's own earlier answers (it must not echo itself) nor imputed guesses; boilerplate out.
    knownDescriptions: [
      ...new Set(meaningfulTexts(KNOWN_SOURCES.flatMap((source) => descriptions.filter((d) => d.source === source).map((d) => d.text)))),
    ],
  };
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim());
  return [];
}
