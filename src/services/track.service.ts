import type { Database } from "../db/database.ts";
import { TrackRepository, type TrackRecord } from "../db/repositories/track.repository.ts";
import { ALL_CATALOGS, type CatalogScope } from "./catalog-scope.ts";
import { decodeTrackCursor, encodeTrackCursor } from "./cursor.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import { checkPageSize } from "./limits.ts";

export interface TrackPage {
  items: Array<{ track: TrackRecord; cursor: string }>;
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * A track by its stable id or catalog id, within the caller's catalogs, or NOT_FOUND (shared by
 * every service that takes a track key). A track of another tenant gets the very same answer as
 * one that does not exist.
 */
export async function requireTrack(tracks: TrackRepository, key: string, scope: CatalogScope = ALL_CATALOGS): Promise<TrackRecord> {
  const track = await tracks.findByIdOrExternalId(key, scope);
  if (!track) throw new NotFoundError(`no track with id ${JSON.stringify(key.slice(0, 200))}`);
  return track;
}

export class TrackService {
  private readonly tracks: TrackRepository;

  constructor(db: Database) {
    this.tracks = new TrackRepository(db);
  }

  get(key: string, scope: CatalogScope = ALL_CATALOGS): Promise<TrackRecord> {
    return requireTrack(this.tracks, key, scope);
  }

  async page(first: number, after: string | null, scope: CatalogScope = ALL_CATALOGS): Promise<TrackPage> {
    checkPageSize(first);
    const cursor = decodeTrackCursor(after);
    let afterSeq: number | null = null;
    if (cursor && "seq" in cursor) afterSeq = cursor.seq;
    else if (cursor) {
      afterSeq = await this.tracks.seqOf(cursor.trackId, scope);
      // The cursor's track was deleted meanwhile (or is not the caller's): ask for a fresh start.
      if (afterSeq === null) throw new InvalidInputError("invalid cursor: its track no longer exists; start again without `after`");
    }
    const rows = await this.tracks.page(first, afterSeq, scope);
    const items = rows.slice(0, first).map((track) => ({ track, cursor: encodeTrackCursor(track.id) }));
    return { items, hasNextPage: rows.length > first, totalCount: await this.tracks.count(scope) };
  }
}
