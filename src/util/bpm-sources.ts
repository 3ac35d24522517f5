/**
 * Where a track's tempo comes from, in order of trust (issue #15): what the catalog states
 * (tracks.jsonl / CSV `bpm`), the file's own BPM tag, a fetched metadata page (`metadata.web.bpm`,
 * written by the web-metadata job), and last the estimate from the audio. `Track.bpm`,
 * `Track.bpmSource`, the bpm filters and the tempo re-ranking all read this one list.
 */
export const BPM_SOURCES = [
  { source: "catalog", path: ["bpm"] },
  { source: "file-tag", path: ["fileTags", "bpm"] },
  { source: "web", path: ["web", "bpm"] },
  { source: "estimate", path: ["audio", "bpm"] },
] as const;

export type BpmSource = (typeof BPM_SOURCES)[number]["source"];

/** The first stated tempo in `metadata` and where it came from, or null. */
export function bpmOf(metadata: Record<string, unknown>): { bpm: number; source: BpmSource } | null {
  for (const { source, path } of BPM_SOURCES) {
    let cur: unknown = metadata;
    for (const k of path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
    if (typeof cur === "number" && Number.isFinite(cur) && cur > 0) return { bpm: cur, source };
  }
  return null;
}
