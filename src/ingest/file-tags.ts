
export interface FileTags {
  title: string | null;
  artist: string | null;
  album: string | null;
  genre: string[];
  year: number | null;
  bpm: number | null;
  comment: string | null;
}

const EMPTY: FileTags = { title: null, artist: null, album: null, genre: [], year: null, bpm: null, comment: null };

/** Tags embedded in the file (ID3, Vorbis comments, RIFF INFO…). Unreadable tags are not an error. */
export async function readFileTags(bytes: Uint8Array, fileName: string): Promise<FileTags> {
  const { parseBuffer } = await import("music-metadata"); // loaded with the first file, not the server
  try {
    const { common } = await parseBuffer(bytes, { path: fileName }, { duration: false, skipCovers: true });
    const comment = common.comment?.map((c) => (typeof c === "string" ? c : c.text ?? "")).find((c) => c.trim());
    return {
      title: common.title?.trim() || null,
      artist: common.artist?.trim() || null,
      album: common.album?.trim() || null,
      genre: (common.genre ?? []).map((g) => g.trim()).filter(Boolean),
      year: common.year ?? null,
      bpm: typeof common.bpm === "number" && common.bpm > 0 ? common.bpm : null,
      comment: comment?.trim() || null,
    };
  } catch {
    return EMPTY;
  }
}

/** Descriptions derived from embedded tags. */
export function tagDescriptions(tags: FileTags): string[] {
  const texts: string[] = [];
  if (tags.title) texts.push(tags.artist ? `${tags.title} by ${tags.artist}` : tags.title);
  if (tags.genre.length) texts.push(tags.genre.join(", "));
  if (tags.comment) texts.push(tags.comment);
  return texts;
}
