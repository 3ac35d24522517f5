import { InvalidInputError } from "./errors.ts";

/**
 * Opaque cursors. Ranked results page by rank (an offset into a deterministic ordering:
 * score, then track id); the catalogue pages by ingestion sequence.
 */
export function encodeRankCursor(rank: number): string {
  return Buffer.from(`rank:${rank}`).toString("base64url");
}

export function decodeRankCursor(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  const m = /^rank:(\d{1,6})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw new InvalidInputError(`invalid cursor: ${cursor.slice(0, 40)}`);
  return Number(m[1]);
}

export function encodeKeyCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString("base64url");
}

export function decodeKeyCursor(cursor: string | null | undefined): number | null {
  if (cursor == null) return null;
  const m = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw new InvalidInputError(`invalid cursor: ${cursor.slice(0, 40)}`);
  return Number(m[1]);
}

/**
 * The catalogue's cursor names the last track shown, not its ingestion number: a sequence number
 * would tell a catalog-scoped key how many tracks other tenants ingested in between.
 */
export function encodeTrackCursor(trackId: string): string {
  return Buffer.from(`track:${trackId}`).toString("base64url");
}

/** A track id (new cursors) or an ingestion number (`seq:` cursors handed out before). */
export function decodeTrackCursor(cursor: string | null | undefined): { trackId: string } | { seq: number } | null {
  if (cursor == null) return null;
  const m = /^track:([0-9a-f-]{36})$/i.exec(Buffer.from(cursor, "base64url").toString());
  if (m) return { trackId: m[1] };
  return { seq: decodeKeyCursor(cursor)! };
}
