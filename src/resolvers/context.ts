import type DataLoader from "dataloader";
import type { ApiKeyService } from "../services/api-key.service.ts";
import type { DescriptionRecord } from "../db/repositories/description.repository.ts";
import type { TrackRecord } from "../db/repositories/track.repository.ts";
import type { ExperimentService } from "../services/experiment.service.ts";
import type { IngestJobsService } from "../services/ingest-jobs.service.ts";
import type { InteractionService } from "../services/interaction.service.ts";
import type { ModelAdminService } from "../services/model-admin.service.ts";
import type { GenreService } from "../services/genre.service.ts";
import type { MoodService } from "../services/mood.service.ts";
import type { InstrumentService } from "../services/instrument.service.ts";
import type { SearchService } from "../services/search.service.ts";
import type { TrackService } from "../services/track.service.ts";
import type { AudioQueryService } from "../services/audio-query.service.ts";
import type { AudioUploadStore } from "../services/audio-upload-store.ts";
import type { TrackLifecycleService } from "../services/track-lifecycle.service.ts";
import type { AdminTasksService } from "../services/admin-tasks.service.ts";
import type { CatalogIndexService } from "../services/catalog-index.service.ts";
import type { LabelAlignmentService } from "../services/label-alignment.service.ts";

export interface Services {
  search: SearchService;
  tracks: TrackService;
  ingestJobs: IngestJobsService;
  experiments: ExperimentService;
  interactions: InteractionService;
  /** several embedding spaces (absent in contexts built without a model registry) */
  models?: ModelAdminService;
  /** Track.moods and mood filters/sorts (absent: those fields answer SERVICE_UNAVAILABLE) */
  moods?: MoodService;
  /** Track.instruments (absent: SERVICE_UNAVAILABLE; instrument filters and sorts go through search) */
  instruments?: InstrumentService;
  /** Track.genres */
  genres?: GenreService;
  /** searchByAudio: uploads and URLs to decoded clips (absent: SERVICE_UNAVAILABLE) */
  audioQueries?: AudioQueryService;
  /** stores clips a client asks to keep (ingestUpload) */
  uploads?: AudioUploadStore;
  /** deleteTrack, correctTrack, add/removeTrackDescription (absent: SERVICE_UNAVAILABLE) */
  lifecycle?: TrackLifecycleService;
  /** imputeCatalog, computeSoftGenres, alignLabels, buildCatalogIndex, autoBuildCatalogIndexes, adminTask (absent: SERVICE_UNAVAILABLE) */
  adminTasks?: AdminTasksService;
  /** labelClusters (absent: SERVICE_UNAVAILABLE) */
  labelClusters?: LabelAlignmentService;
  /** catalogIndexes (absent: SERVICE_UNAVAILABLE) */
  catalogIndexes?: CatalogIndexService;
}

/**
 * Signs Track.audioUrl. The server's AudioUrlSigner (server/audio-url-signer.ts) is one; declared
 * here so that resolvers need nothing from server/, which sits above them.
 */
export interface AudioUrls {
  urlFor(trackId: string): string;
}

/** Per-request batch loaders, built by the server for each request (server/request-loaders.ts). */
export interface Loaders {
  track: DataLoader<string, TrackRecord | null>;
  descriptions: DataLoader<string, DescriptionRecord[]>;
}

export type { Scope } from "../services/scopes.ts";
import type { Scope } from "../services/scopes.ts";
import type { CatalogScope } from "../services/catalog-scope.ts";

/** Everything a resolver may use, built fresh for each HTTP request. */
export interface RequestContext {
  requestId: string;
  services: Services;
  loaders: Loaders;
  scopes: ReadonlySet<Scope>;
  /** "admin", "key:<id>", or "ip:<address>" for anonymous callers */
  callerId?: string;
  /** key management (present in the HTTP server) */
  apiKeys?: ApiKeyService;
  /** folders API keys may ingest from (src/services/library-roots.ts) */
  libraryRoots?: readonly string[];
  /** signs Track.audioUrl (present in the HTTP server; absent → audioUrl is null) */
  audioUrls?: AudioUrls;
  /**
   * The catalogs this caller may see (a catalog-scoped key); null or absent = every catalog.
   * Resolvers pass it to every service call that reads or writes tracks (catalogScope(ctx)).
   */
  catalogs?: CatalogScope;
}

/** The caller's catalog scope (src/services/catalog-scope.ts). */
export function catalogScope(ctx: RequestContext): CatalogScope {
  return ctx.catalogs ?? null;
}

