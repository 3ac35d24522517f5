import { InvalidInputError } from "./errors.ts";

/**
 * Opaque cursors. Ranked results page by position in a deterministic sequence
 * (src/services/ranking/tiered-ranking.ts): key-ordered rankings carry the rank and the last
 * item's (key, track id), from which the next page continues without recomputing earlier ranks;
 * MMR and interleaved rankings carry the rank only. The catalogue pages by ingestion sequence.
 */
export interface RankCursor {
  rank: number;
  /** the last item's order key and id (key-ordered rankings) */
  key?: number;
  trackId?: string;
}

export function encodeKeyedRankCursor(rank: number, key: number, trackId: string): string {
  return Buffer.from(`rk:${rank}:${key}:${trackId}`).toString("base64url");
}

/** A rank cursor of either form (`rank:N` or `rk:N:key:id`); null = the beginning. */
export function decodePageCursor(cursor: string | null | undefined): RankCursor | null {
  if (cursor == null) return null;
  const text = Buffer.from(cursor, "base64url").toString();
  const keyed = /^rk:(\d{1,6}):(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(text);
  if (keyed && Number.isFinite(Number(keyed[2]))) return { rank: Number(keyed[1]), key: Number(keyed[2]), trackId: keyed[3] };
  return { rank: decodeRankCursor(cursor) };
}

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
