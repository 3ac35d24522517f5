import type { Database } from "../db/database.ts";
import { TrackRepository, type TrackRecord } from "../db/repositories/track.repository.ts";
import { decodeKeyCursor, encodeKeyCursor } from "./cursor.ts";
import { NotFoundError } from "./errors.ts";
import { checkPageSize } from "./limits.ts";

export interface TrackPage {
  items: Array<{ track: TrackRecord; cursor: string }>;
  hasNextPage: boolean;
  totalCount: number;
}

/** A track by its stable id or catalog id, or NOT_FOUND (shared by every service that takes a track key). */
export async function requireTrack(tracks: TrackRepository, key: string): Promise<TrackRecord> {
  const track = await tracks.findByIdOrExternalId(key);
  if (!track) throw new NotFoundError(`no track with id ${JSON.stringify(key.slice(0, 200))}`);
  return track;
}

export class TrackService {
  private readonly tracks: TrackRepository;

  constructor(db: Database) {
    this.tracks = new TrackRepository(db);
  }

  get(key: string): Promise<TrackRecord> {
    return requireTrack(this.tracks, key);
  }

  async page(first: number, after: string | null): Promise<TrackPage> {
    checkPageSize(first);
    const rows = await this.tracks.page(first, decodeKeyCursor(after));
    const items = rows.slice(0, first).map((track) => ({ track, cursor: encodeKeyCursor(track.seq) }));
    return { items, hasNextPage: rows.length > first, totalCount: await this.tracks.count() };
  }
}
