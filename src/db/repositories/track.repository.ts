import type { Queryable } from "../database.ts";

export interface TrackRecord {
  id: string;
  /** ingestion order */
  seq: number;
  catalog: string;
  externalId: string | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  durationSeconds: number | null;
  sourceFile: string | null;
  contentHash: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface NewTrack {
  catalog: string;
  externalId: string | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  durationSeconds: number | null;
  sourceFile: string | null;
  contentHash: string;
  metadata: Record<string, unknown>;
}

interface TrackRow {
  id: string;
  seq: string | number;
  catalog: string;
  external_id: string | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  duration_seconds: number | null;
  source_file: string | null;
  content_hash: string;
  metadata: Record<string, unknown>;
  created_at: Date | string;
}

const COLUMNS = `id, seq, catalog, external_id, title, artist, album, duration_seconds, source_file,
  content_hash, metadata, created_at`;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A caller's catalog scope (src/services/catalog-scope.ts) as a condition on `catalog`; NULL = every catalog. */
const IN_CATALOGS = (param: string) => `(${param}::text[] IS NULL OR catalog = ANY(${param}::text[]))`;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function toTrackRecord(row: TrackRow): TrackRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    catalog: row.catalog,
    externalId: row.external_id,
    title: row.title,
    artist: row.artist,
    album: row.album,
    durationSeconds: row.duration_seconds,
    sourceFile: row.source_file,
    contentHash: row.content_hash,
    metadata: row.metadata ?? {},
    createdAt: new Date(row.created_at),
  };
}

export class TrackRepository {
  constructor(private readonly db: Queryable) {}

  /** One query for many ids (DataLoader batch function); result order follows `ids`. */
  async findByIds(ids: readonly string[], catalogs: readonly string[] | null = null): Promise<Array<TrackRecord | null>> {
    const uuids = ids.filter(isUuid);
    const rows = uuids.length
      ? await this.db.query<TrackRow>(`SELECT ${COLUMNS} FROM tracks WHERE id = ANY($1::uuid[]) AND ${IN_CATALOGS("$2")}`, [uuids, catalogs])
      : [];
    const byId = new Map(rows.map((r) => [r.id, toTrackRecord(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** A track addressed by its stable id or by the `id` it had in the ingested catalog file. */
  async findByIdOrExternalId(key: string, catalogs: readonly string[] | null = null): Promise<TrackRecord | null> {
    // The scope is part of the match: an externalId shared by two tenants finds the caller's own.
    const rows = await this.db.query<TrackRow>(
      `SELECT ${COLUMNS} FROM tracks
        WHERE (($1::uuid IS NOT NULL AND id = $1::uuid) OR external_id = $2) AND ${IN_CATALOGS("$3")}
        ORDER BY (id = $1::uuid) DESC NULLS LAST, created_at
        LIMIT 1`,
      [isUuid(key) ? key : null, key, catalogs],
    );
    return rows[0] ? toTrackRecord(rows[0]) : null;
  }

  /**
   * Every track `key` names within `catalogs`: the track with that id, else each track with that
   * externalId (one per catalog at most). Writes use it to refuse a key that names several tracks.
   */
  async matchIdOrExternalId(key: string, catalogs: readonly string[] | null = null): Promise<TrackRecord[]> {
    const rows = await this.db.query<TrackRow>(
      `SELECT ${COLUMNS} FROM tracks
        WHERE (($1::uuid IS NOT NULL AND id = $1::uuid) OR external_id = $2) AND ${IN_CATALOGS("$3")}
        ORDER BY (id = $1::uuid) DESC NULLS LAST, catalog
        LIMIT 101`,
      [isUuid(key) ? key : null, key, catalogs],
    );
    const tracks = rows.map(toTrackRecord);
    return tracks[0]?.id === key ? [tracks[0]] : tracks;
  }

  /** The track of this audio in one catalog (the same file may be in several tenants' catalogs). */
  async findByContentHash(hash: string, catalog: string): Promise<TrackRecord | null> {
    const rows = await this.db.query<TrackRow>(`SELECT ${COLUMNS} FROM tracks WHERE catalog = $2 AND content_hash = $1`, [hash, catalog]);
    return rows[0] ? toTrackRecord(rows[0]) : null;
  }

  /** Inserts unless the same audio (content hash) is already in this catalog; returns the stored row. */
  async insert(track: NewTrack): Promise<{ record: TrackRecord; created: boolean }> {
    const rows = await this.db.query<TrackRow>(
      `INSERT INTO tracks (catalog, external_id, title, artist, album, duration_seconds, source_file,
                           content_hash, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
       ON CONFLICT (catalog, content_hash) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        track.catalog,
        track.externalId,
        track.title,
        track.artist,
        track.album,
        track.durationSeconds,
        track.sourceFile,
        track.contentHash,
        JSON.stringify(track.metadata),
      ],
    );
    if (rows[0]) return { record: toTrackRecord(rows[0]), created: true };
    const existing = await this.findByContentHash(track.contentHash, track.catalog);
    if (!existing) throw new Error(`track with hash ${track.contentHash} vanished during insert`);
    return { record: existing, created: false };
  }

  /** Keyset page in ingestion order; fetches one extra row so callers know whether more follow. */
  async page(first: number, afterSeq: number | null, catalogs: readonly string[] | null = null): Promise<TrackRecord[]> {
    const rows = await this.db.query<TrackRow>(
      `SELECT ${COLUMNS} FROM tracks WHERE seq > $1 AND ${IN_CATALOGS("$3")} ORDER BY seq LIMIT $2`,
      [afterSeq ?? 0, first + 1, catalogs],
    );
    return rows.map(toTrackRecord);
  }

  /** The ingestion position of a track the caller may see (resolves an opaque `tracks` cursor). */
  async seqOf(id: string, catalogs: readonly string[] | null = null): Promise<number | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<{ seq: string | number }>(`SELECT seq FROM tracks WHERE id = $1 AND ${IN_CATALOGS("$2")}`, [id, catalogs]);
    return rows[0] ? Number(rows[0].seq) : null;
  }

  async count(catalogs: readonly string[] | null = null): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM tracks WHERE ${IN_CATALOGS("$1")}`, [catalogs]);
    return Number(rows[0]?.n ?? 0);
  }
}
