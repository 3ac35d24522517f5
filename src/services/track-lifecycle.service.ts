import type { Database, Queryable } from "../db/database.ts";
import { DescriptionRepository } from "../db/repositories/description.repository.ts";
import { EnrichmentRepository } from "../db/repositories/enrichment.repository.ts";
import { JobRepository, type NewJob } from "../db/repositories/job.repository.ts";
import { TrackLifecycleRepository, type DeletedTrackCounts, type TrackCorrection } from "../db/repositories/track-lifecycle.repository.ts";
import { TrackRepository, type TrackRecord } from "../db/repositories/track.repository.ts";
import { catalogDescriptions } from "../ingest/catalog-source.ts";
import { isBoilerplate, meaningfulTexts } from "../ingest/boilerplate.ts";
import { refreshFusedEmbedding } from "./fused-description-embedding.ts";
import { ALL_CATALOGS, type CatalogScope } from "./catalog-scope.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { AudioUploadStore } from "./audio-upload-store.ts";
import type { ModelRuntime } from "./model-runtime.ts";

/** Jobs that describe a track again after a correction (web page, then LLM: description-plan.ts). */
export type RedescribePlanner = (trackId: string, round: string) => NewJob[];

const MAX_DESCRIPTION = 2000;
const MAX_FIELD = 500;
const MAX_METADATA_BYTES = 64 * 1024;
/** Columns and keys a correction may not set through `metadata` (they are computed or have fields of their own). */
const RESERVED_KEYS = new Set(["audio", "web", "llm", "fileTags", "imputed", "corrections"]);

export interface DeleteResult {
  /** false: no such track among the caller's catalogs (already deleted, or never there) */
  deleted: boolean;
  trackId: string | null;
  counts: DeletedTrackCounts | null;
}

/**
 * Takedown and correction of stored tracks (issue #19), scoped to the caller's catalogs and
 * visible to the next search: every change lands in one transaction together with the track's
 * recomputed description vector under the served model.
 */
export class TrackLifecycleService {
  constructor(
    private readonly db: Database,
    private readonly runtime: ModelRuntime,
    private readonly redescribe: RedescribePlanner = () => [],
    /** deletes a deleted track's clip when we stored it (ingestUpload); library files are never touched */
    private readonly uploads: Pick<AudioUploadStore, "removeIfStored"> | null = null,
  ) {}

  /** Deletes the track and what derives from it. Idempotent: a second call reports `deleted: false`. */
  async delete(key: string, scope: CatalogScope = ALL_CATALOGS): Promise<DeleteResult> {
    const track = await this.find(key, scope);
    if (!track) return { deleted: false, trackId: null, counts: null };
    const result = await this.db.transaction(async (tx) => {
      // Locked first: a description job finishing meanwhile waits, then finds the track gone.
      if (!(await new EnrichmentRepository(tx).lockTrack(track.id))) return { deleted: false, trackId: null, counts: null };
      const counts = await new TrackLifecycleRepository(tx).deleteTrack(track.id);
      return { deleted: true, trackId: track.id, counts };
    });
    // after the commit: a failed transaction must not lose the audio of a track that still exists
    if (result.deleted) await this.uploads?.removeIfStored(track.sourceFile);
    return result;
  }

  /**
   * Corrects title/artist/album and catalog metadata keys. The track's CATALOG descriptions are
   * re-derived from the corrected record (as ingest derives them from a catalog line), its
   * description vector recomputed, and its web page and LLM description asked again.
   */
  async correct(key: string, correction: TrackCorrection, scope: CatalogScope = ALL_CATALOGS): Promise<TrackRecord> {
    const c = checkCorrection(correction);
    const found = await this.require(key, scope);
    const round = `fix-${Date.now()}`;
    await this.db.transaction(async (tx) => {
      if (!(await new EnrichmentRepository(tx).lockTrack(found.id))) throw new NotFoundError(`no track with id ${JSON.stringify(key)}`);
      const lifecycle = new TrackLifecycleRepository(tx);
      await lifecycle.correct(found.id, { ...c, metadata: { ...(c.metadata ?? {}), corrections: { at: new Date().toISOString() } } });
      const [updated] = await new TrackRepository(tx).findByIds([found.id]);
      await lifecycle.deleteDescriptions(found.id, "catalog");
      const texts = meaningfulTexts(catalogDescriptions({ ...updated!.metadata, title: updated!.title, artist: updated!.artist }));
      await new DescriptionRepository(tx).insertMany(
        found.id,
        texts.map((text) => ({ source: "catalog" as const, text, provenance: { origin: "correction", catalog: updated!.catalog } })),
      );
      await refreshFusedEmbedding(tx, this.runtime, found.id);
      await new JobRepository(tx).enqueue([...this.redescribe(found.id, round), ...(await this.otherModels(tx, found.id, round))]);
    });
    return this.require(found.id, scope);
  }

  /** Adds a USER description (idempotent: the same text twice is stored once) and re-embeds. */
  async addDescription(key: string, text: string, by: string, scope: CatalogScope = ALL_CATALOGS): Promise<TrackRecord> {
    const clean = checkDescription(text);
    const found = await this.require(key, scope);
    await this.db.transaction(async (tx) => {
      if (!(await new EnrichmentRepository(tx).lockTrack(found.id))) throw new NotFoundError(`no track with id ${JSON.stringify(key)}`);
      const inserted = await new DescriptionRepository(tx).insertMany(found.id, [
        { source: "user", text: clean, provenance: { origin: "user", by, at: new Date().toISOString() } },
      ]);
      if (inserted) {
        await refreshFusedEmbedding(tx, this.runtime, found.id);
        await new JobRepository(tx).enqueue(await this.otherModels(tx, found.id, `describe-${Date.now()}`));
      }
    });
    return found;
  }

  /** Removes a USER description by its text; true when one was there. */
  async removeDescription(key: string, text: string, scope: CatalogScope = ALL_CATALOGS): Promise<boolean> {
    const found = await this.require(key, scope);
    return this.db.transaction(async (tx) => {
      if (!(await new EnrichmentRepository(tx).lockTrack(found.id))) return false;
      const removed = await new TrackLifecycleRepository(tx).deleteDescriptionText(found.id, "user", text.trim());
      if (removed) {
        await refreshFusedEmbedding(tx, this.runtime, found.id);
        await new JobRepository(tx).enqueue(await this.otherModels(tx, found.id, `undescribe-${Date.now()}`));
      }
      return removed;
    });
  }

  /**
   * Models other than the served one (a model being embedded before activation, an experiment
   * variant's model) lose the track's description vector in this transaction and get a
   * re-embedding job that recomputes it from the changed texts (re-embedding.ts, `payload.model`);
   * until it runs they rank the track by its audio alone.
   */
  private async otherModels(tx: Queryable, trackId: string, round: string): Promise<NewJob[]> {
    const versions = await new TrackLifecycleRepository(tx).dropOtherModelsDescriptions(trackId, this.runtime.model.id);
    return versions.map((model) => ({ kind: "re-embedding" as const, dedupeKey: `${trackId}:${model}:${round}`, payload: { trackId, model } }));
  }

  private async require(key: string, scope: CatalogScope): Promise<TrackRecord> {
    const track = await this.find(key, scope);
    if (!track) throw new NotFoundError(`no track with id ${JSON.stringify(key.slice(0, 200))}`);
    return track;
  }

  /**
   * The one track `key` names within the scope. An externalId several catalogs share is refused,
   * not resolved to one of them: a takedown for one tenant must never delete another's track.
   */
  private async find(key: string, scope: CatalogScope): Promise<TrackRecord | null> {
    const tracks = await new TrackRepository(this.db).matchIdOrExternalId(checkKey(key), scope);
    if (tracks.length > 1) {
      const catalogs = tracks.map((t) => t.catalog).slice(0, 10).join(", ");
      throw new InvalidInputError(`${JSON.stringify(key.slice(0, 200))} is the externalId of tracks in several catalogs (${catalogs}): name the catalog, or give Track.id`);
    }
    return tracks[0] ?? null;
  }
}

function checkKey(key: string): string {
  if (!key.trim() || key.length > 1000) throw new InvalidInputError("a track id (Track.id or externalId) is required");
  return key;
}

function checkDescription(text: string): string {
  const t = text.trim();
  if (!t) throw new InvalidInputError("description text must not be empty");
  if (t.length > MAX_DESCRIPTION) throw new InvalidInputError(`description text is at most ${MAX_DESCRIPTION} characters`);
  if (isBoilerplate(t)) throw new InvalidInputError("description text says nothing about the music (ids, URLs, encoder notes)");
  return t;
}

function checkCorrection(c: TrackCorrection): TrackCorrection {
  const out: TrackCorrection = {};
  for (const k of ["title", "artist", "album"] as const) {
    const v = c[k];
    if (v === undefined) continue;
    if (v !== null && (typeof v !== "string" || v.length > MAX_FIELD)) throw new InvalidInputError(`${k} is at most ${MAX_FIELD} characters`);
    out[k] = v === null || !v.trim() ? null : v.trim();
  }
  if (c.metadata != null) {
    if (typeof c.metadata !== "object" || Array.isArray(c.metadata)) throw new InvalidInputError("metadata must be an object of keys to set (null removes a key)");
    const reserved = Object.keys(c.metadata).filter((k) => RESERVED_KEYS.has(k));
    if (reserved.length) throw new InvalidInputError(`metadata keys ${reserved.join(", ")} are computed and cannot be corrected`);
    if (Buffer.byteLength(JSON.stringify(c.metadata)) > MAX_METADATA_BYTES) throw new InvalidInputError(`metadata is at most ${MAX_METADATA_BYTES} bytes`);
    out.metadata = c.metadata;
  }
  if (out.title === undefined && out.artist === undefined && out.album === undefined && !out.metadata) {
    throw new InvalidInputError("nothing to correct: give title, artist, album or metadata");
  }
  return out;
}
