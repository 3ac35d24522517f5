import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
  /** The `Upload` scalar type represents a file upload. */
  Upload: { input: unknown; output: unknown; }
};

export type AbDataQuality = {
  duplicateExposures: Scalars['Int']['output'];
  orphanInteractions: Scalars['Int']['output'];
  unitsInSeveralVariants: Scalars['Int']['output'];
  unknownVariantExposures: Scalars['Int']['output'];
};

/** Per-variant A/B comparison */
export type AbReport = {
  confidence: Scalars['Float']['output'];
  control: Scalars['String']['output'];
  dataQuality: AbDataQuality;
  srm: SampleRatioCheck;
  variants: Array<VariantReport>;
};

/** Progress of an admin task (imputation, soft genres, label alignment, a catalog's indexes), read from the durable jobs table */
export type AdminTask = {
  /** the catalog it works on; null: every catalog (or none, for label alignment) */
  catalog: Maybe<Scalars['String']['output']>;
  /** why the task failed */
  error: Maybe<Scalars['String']['output']>;
  failed: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  kind: AdminTaskKind;
  /** jobs finished (succeeded or failed for good) */
  processed: Scalars['Int']['output'];
  /** the task's jobs by kind and state */
  stages: Array<IngestStage>;
  status: IngestJobStatus;
  /** what it did, in one line (once its first job ran) */
  summary: Maybe<Scalars['String']['output']>;
  /** jobs of the task: its first job and the per-track jobs it queued */
  total: Scalars['Int']['output'];
};

/** Which admin task (the CLI command it stands for) */
export type AdminTaskKind =
  | 'CATALOG_INDEX'
  | 'IMPUTE'
  | 'LABELS_ALIGN'
  | 'LABELS_GENRES';

/** An API key (its secret is shown only once, at creation) */
export type ApiKey = {
  /** the only catalogs this key sees, searches, plays, counts and writes; null = every catalog */
  catalogs: Maybe<Array<Scalars['String']['output']>>;
  createdAt: Scalars['String']['output'];
  /** set: the key may name its end user in the x-tunelens-end-user header, and each end user gets this many requests per minute; null: the header is ignored */
  endUserRateLimitPerMinute: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  lastUsedAt: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** the recognisable part of the key: tl_<prefix>_… */
  prefix: Scalars['String']['output'];
  /** requests per minute for this key; null = the server's TUNELENS_RATE_LIMIT_PER_MINUTE */
  rateLimitPerMinute: Maybe<Scalars['Int']['output']>;
  revokedAt: Maybe<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
};

/** Where Track.bpm comes from, in order of trust: the catalog file, the audio file's tag, a fetched metadata page, the estimate from the audio, and only when none exists the value imputed from similar tracks */
export type BpmSource =
  | 'CATALOG'
  | 'ESTIMATE'
  | 'FILE_TAG'
  | 'IMPUTED'
  | 'WEB';

/** One per-catalog HNSW index: a catalog, model and embedding kind (what `tunelens index list` prints) */
export type CatalogIndexInfo = {
  /** size on disk in bytes; null when not built */
  bytes: Maybe<Scalars['Float']['output']>;
  catalog: Scalars['String']['output'];
  /** false: the catalog is registered but this model's index is not built (yet) */
  exists: Scalars['Boolean']['output'];
  indexName: Scalars['String']['output'];
  /** embedding kind (audio, text, …) */
  kind: Scalars['String']['output'];
  modelId: Scalars['Int']['output'];
  modelVersion: Scalars['String']['output'];
  /** rows of this model and kind in the catalog */
  rows: Scalars['Int']['output'];
  /** vector storage the index is built on (TUNELENS_VECTOR_INDEX) */
  storage: Scalars['String']['output'];
};

/** Treatment minus control for one metric, with its interval and two-sided p-value */
export type Comparison = {
  difference: Maybe<Scalars['Float']['output']>;
  lower: Maybe<Scalars['Float']['output']>;
  pValue: Maybe<Scalars['Float']['output']>;
  /** difference relative to control (0.1 = +10 %) */
  relativeDifference: Maybe<Scalars['Float']['output']>;
  /** pValue < 1 − confidence; not corrected for multiple metrics or variants */
  significant: Scalars['Boolean']['output'];
  /** the statistical test that produced the p-value */
  test: Scalars['String']['output'];
  upper: Maybe<Scalars['Float']['output']>;
};

export type CreateExperimentInput = {
  /** share of units enrolled, 0..1 (others get the default ranking) */
  coverage?: Scalars['Float']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
  /** stable key clients send in `experiment.experimentKey`; it also seeds assignment */
  key: Scalars['String']['input'];
  kind?: ExperimentKind;
  /** control first; interleaving takes exactly two */
  variants: Array<VariantInput>;
};

export type CreatedApiKey = {
  apiKey: ApiKey;
  /** the full key; store it now, it cannot be shown again */
  key: Scalars['String']['output'];
};

/** What deleting a track removed */
export type DeletedTrack = {
  /** false when no such track exists among the caller's catalogs (e.g. deleted before): deleting is idempotent */
  deleted: Scalars['Boolean']['output'];
  /** descriptions removed with the track */
  descriptions: Scalars['Int']['output'];
  /** exposures kept for experiment reports, with the track id replaced by the nil UUID */
  exposuresAnonymised: Scalars['Int']['output'];
  /** interactions kept for experiment reports, with the track id removed */
  interactionsAnonymised: Scalars['Int']['output'];
  /** jobs of the track removed (queued ones never run) */
  jobs: Scalars['Int']['output'];
  trackId: Maybe<Scalars['ID']['output']>;
};

/** A text describing a track, with where it came from */
export type Description = {
  /** origin details: catalog file, URL, prompt version, model… */
  provenance: Scalars['JSONObject']['output'];
  source: DescriptionSource;
  text: Scalars['String']['output'];
};

/** Where a description came from */
export type DescriptionSource =
  | 'CATALOG'
  | 'FILE_TAGS'
  | 'IMPUTED'
  | 'LLM'
  | 'USER'
  | 'WEB';

/** An embedding space: a model folder under models/ and/or a row of the models table */
export type EmbeddingModel = {
  /** searches without `model` use it */
  active: Scalars['Boolean']['output'];
  dimensions: Scalars['Int']['output'];
  /** tracks with an audio embedding in this space */
  embeddedTracks: Scalars['Int']['output'];
  /** why the folder's model.json cannot be used */
  error: Maybe<Scalars['String']['output']>;
  /** re-embedding jobs that gave up (missing or undecodable audio) */
  failedJobs: Scalars['Int']['output'];
  /** model.json `name`; searches and variants name a model by it (or by version) */
  name: Scalars['String']['output'];
  /** re-embedding jobs queued or running */
  pendingJobs: Scalars['Int']['output'];
  totalTracks: Scalars['Int']['output'];
  version: Scalars['String']['output'];
};

/** A point estimate with its confidence interval; null where the data cannot define it */
export type Estimate = {
  lower: Maybe<Scalars['Float']['output']>;
  upper: Maybe<Scalars['Float']['output']>;
  value: Maybe<Scalars['Float']['output']>;
};

/** A comparison of ranking variants */
export type Experiment = {
  coverage: Scalars['Float']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  description: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  kind: ExperimentKind;
  status: ExperimentStatus;
  updatedAt: Scalars['DateTimeISO']['output'];
  /** control first */
  variants: Array<ExperimentVariant>;
};

/** Serve this answer under an experiment */
export type ExperimentInput = {
  experimentKey: Scalars['String']['input'];
  /** serve this variant regardless of assignment (QA); such answers are not logged */
  forceVariant?: InputMaybe<Scalars['String']['input']>;
  /** the randomisation unit (a user or session id); the same unit always gets the same variant */
  unitId: Scalars['String']['input'];
};

/** AB: each unit sees one variant's ranking; INTERLEAVING: each answer merges two variants' rankings by team draft */
export type ExperimentKind =
  | 'AB'
  | 'INTERLEAVING';

/** An experiment's report, computed from the logged exposures and interactions */
export type ExperimentReport = {
  /** AB experiments */
  ab: Maybe<AbReport>;
  experiment: Experiment;
  /** INTERLEAVING experiments */
  interleaving: Maybe<InterleavingReport>;
};

/** RUNNING serves variants; STOPPED serves the default ranking (can resume); ARCHIVED is final */
export type ExperimentStatus =
  | 'ARCHIVED'
  | 'RUNNING'
  | 'STOPPED';

export type ExperimentVariant = {
  name: Scalars['String']['output'];
  ranking: Ranking;
  weight: Scalars['Float']['output'];
};

/** Keep tracks whose soft genre distribution (Track.genres) gives this genre at least minScore */
export type GenreFilterInput = {
  /** a genre label as Track.genres names it (case-insensitive) */
  label: Scalars['String']['input'];
  /** share in (0, 1); default 0.2 */
  minScore?: InputMaybe<Scalars['Float']['input']>;
};

export type IngestFailure = {
  file: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** Progress of an ingest request, read from the durable jobs table */
export type IngestJob = {
  /** why the whole job failed (e.g. path not found) */
  error: Maybe<Scalars['String']['output']>;
  failed: Scalars['Int']['output'];
  /** files that could not be ingested, with the reason */
  failures: Array<IngestFailure>;
  id: Scalars['ID']['output'];
  ingested: Scalars['Int']['output'];
  processed: Scalars['Int']['output'];
  skipped: Scalars['Int']['output'];
  /** the request's jobs by kind (files, web metadata, LLM descriptions…) */
  stages: Array<IngestStage>;
  status: IngestJobStatus;
  total: Scalars['Int']['output'];
};

export type IngestJobStatus =
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** Jobs of one kind spawned by an ingest request, by state */
export type IngestStage = {
  /** failed for good (dead-letter): see failures for the errors */
  dead: Scalars['Int']['output'];
  /** discover, audio-embedding, web-metadata, llm-description, imputation or re-embedding */
  kind: Scalars['String']['output'];
  queued: Scalars['Int']['output'];
  running: Scalars['Int']['output'];
  succeeded: Scalars['Int']['output'];
};

/** A recorded interaction */
export type Interaction = {
  dwellMs: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  position: Scalars['Int']['output'];
  queryId: Scalars['String']['output'];
  trackId: Maybe<Scalars['ID']['output']>;
  type: InteractionType;
};

/** Events of each interaction type */
export type InteractionCounts = {
  CLICK: Scalars['Int']['output'];
  LIKE: Scalars['Int']['output'];
  PLAY: Scalars['Int']['output'];
  SKIP: Scalars['Int']['output'];
};

/** A user's interaction with one item of a ranked answer */
export type InteractionInput = {
  /** time spent, e.g. listening before a skip */
  dwellMs?: InputMaybe<Scalars['Int']['input']>;
  /** the edge's rank (1-based position in the whole ranking) */
  position: Scalars['Int']['input'];
  /** the answer's queryId */
  queryId: Scalars['String']['input'];
  /** Track.id of the item */
  trackId?: InputMaybe<Scalars['ID']['input']>;
  type: InteractionType;
};

export type InteractionType =
  | 'CLICK'
  | 'LIKE'
  | 'PLAY'
  | 'SKIP';

export type InterleavingDataQuality = {
  duplicateExposures: Scalars['Int']['output'];
  orphanInteractions: Scalars['Int']['output'];
};

/** Team-draft interleaving: which variant's contributions users click more, per unit */
export type InterleavingReport = {
  dataQuality: InterleavingDataQuality;
  /** Δ_AB = (winsB + ties/2)/units − ½; > 0 favours B */
  deltaAB: Maybe<Scalars['Float']['output']>;
  pValue: Scalars['Float']['output'];
  /** per answer (answers without clicks are ties) */
  perQuery: WinCounts;
  /** per unit over all its answers: what the test runs on */
  perUnit: UnitWinCounts;
  /** share of decided units preferring B, Wilson interval */
  preferenceB: Estimate;
  /** the significantly preferred variant, if any */
  preferred: Maybe<Scalars['String']['output']>;
  queries: Scalars['Int']['output'];
  test: Scalars['String']['output'];
  /** control (team A) */
  variantA: Scalars['String']['output'];
  /** treatment (team B) */
  variantB: Scalars['String']['output'];
};

/** Tempo and key read from a text query's words, which re-ranked its best candidates by the tracks' bpm and key */
export type InterpretedQuery = {
  /** asked-for tempo in beats per minute (e.g. "128 bpm"), or null */
  bpm: Maybe<Scalars['Float']['output']>;
  /** asked-for key, normalised (e.g. "G minor", "Bb major"), or null */
  key: Maybe<Scalars['String']['output']>;
};

/** Synonym labels merged by `labels align` (centroid left out) */
export type LabelClusterInfo = {
  clusterId: Scalars['Int']['output'];
  members: Array<LabelClusterMember>;
  name: Scalars['String']['output'];
  /** the cosine distance threshold it was clustered at */
  threshold: Scalars['Float']['output'];
};

/** A label of a vocabulary, member of a cluster */
export type LabelClusterMember = {
  label: Scalars['String']['output'];
  /** the vocabulary it comes from */
  vocabulary: Scalars['String']['output'];
};

/** The served model's label clusters (what `tunelens labels show` prints) */
export type LabelClusters = {
  /** empty until `labels align` (or alignLabels) ran for the model */
  clusters: Array<LabelClusterInfo>;
  /** the served model's version */
  model: Scalars['String']['output'];
};

/** A label (mood word, instrument or genre) with a score for one track */
export type LabelScore = {
  /** the word as asked (lower-cased), or the vocabulary label */
  label: Scalars['String']['output'];
  /** moods and instruments: share of the track's own catalog's tracks that score lower for this word (0.95 = more than 95 % of the catalog; ties count half), from a sample of up to 2,000 tracks under the served model; null for genres */
  percentile: Maybe<Scalars['Float']['output']>;
  /** moods: calibrated zero-shot score in (0, 1), 0.5 = as close to this word as to the average mood word; instruments: the same against the average instrument word; genres: share of the track's genre distribution (a track's shares sum to 1) */
  score: Scalars['Float']['output'];
};

/** Where Track.genre / Track.mood comes from, in order of trust: the catalog file, the audio file's tags, a fetched metadata page, the LLM, and only when none states it the value imputed from similar tracks */
export type LabelSource =
  | 'CATALOG'
  | 'FILE_TAGS'
  | 'IMPUTED'
  | 'LLM'
  | 'WEB';

/** A label vocabulary, as in the JSON files `tunelens labels align --vocab` reads */
export type LabelVocabularyInput = {
  /** mood or genre */
  kind: Scalars['String']['input'];
  labels: Array<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};

export type MetricComparisons = {
  ctr: Comparison;
  mrr: Comparison;
  playsPerQuery: Comparison;
};

/** What embedModel / activateModel did */
export type ModelActivation = {
  /** the model is active now (only once every track has its embeddings) */
  activated: Scalars['Boolean']['output'];
  model: EmbeddingModel;
  /** re-embedding jobs this call queued */
  queued: Scalars['Int']['output'];
};

/** Keep tracks whose zero-shot score for a mood word (Track.moods) is at least minScore */
export type MoodFilterInput = {
  /** in (0, 1); default 0.5 = at least as close to the word as to the average mood word */
  minScore?: InputMaybe<Scalars['Float']['input']>;
  /** any word, at most 50 characters ("wistful", "triumphant", "chill"…) */
  word: Scalars['String']['input'];
};

/** SCORE: highest raw score first; PERCENTILE: the moods (instruments) this track has more than most of the catalog first (its most distinctive) */
export type MoodOrder =
  | 'PERCENTILE'
  | 'SCORE';

export type Mutation = {
  /** Make the model active once every track has its embeddings; until then queue what is missing and keep the current model (admin token only; call again to finish) */
  activateModel: ModelActivation;
  /** Add a USER description to a track (stored once per text) and re-embed its description vector */
  addTrackDescription: Track;
  /** Embed and cluster label vocabularies with the served model and replace its clusters (scope catalog:admin, unscoped keys only: clusters serve every catalog) */
  alignLabels: AdminTask;
  /** Stop for good and hide from `experiments`; the report stays readable */
  archiveExperiment: Experiment;
  /** Build the per-catalog indexes of every catalog with at least minTracks tracks that has none (`tunelens index auto`; scope catalog:admin, unscoped keys only: it looks at every catalog) */
  autoBuildCatalogIndexes: AdminTask;
  /** Build (or with drop: true, drop) a catalog's per-catalog HNSW indexes for every model (scope catalog:admin) */
  buildCatalogIndex: AdminTask;
  /** (Re)compute soft genre distributions under the served model (scope catalog:admin) */
  computeSoftGenres: AdminTask;
  /** Correct a track's title, artist, album or catalog metadata; searches see it at once, web and LLM descriptions are asked again */
  correctTrack: Track;
  /** Create an API key with scopes among search, ingest, experiments:admin, catalog:admin (admin token only) */
  createApiKey: CreatedApiKey;
  /** Create an experiment; it starts RUNNING */
  createExperiment: Experiment;
  /** Delete a track (by id or externalId) with its vectors, descriptions, jobs and cached LLM answers; its audio URLs stop working. Idempotent */
  deleteTrack: DeletedTrack;
  /** Queue re-embedding of every track the model has no vector for (admin token only; idempotent) */
  embedModel: ModelActivation;
  /** Fill missing genre/mood/bpm from each track's nearest neighbours in its catalog (scope catalog:admin; idempotent: tracks already imputed under the model are not redone) */
  imputeCatalog: AdminTask;
  /** Queue a folder, a data set folder (tracks.jsonl + audio) or one audio file on the server for ingest */
  ingestTracks: IngestJob;
  /** Store an uploaded audio clip (GraphQL multipart request; header `apollo-require-preflight: true`) in the server's data folder and ingest it into `catalog`: how a client asks for a clip it searched with to be kept (searchByAudio never stores). Refused like searchByAudio's clips (BAD_USER_INPUT with `extensions.reason`) before anything is written. The same bytes uploaded twice are one file and one track; deleting the track deletes the file. */
  ingestUpload: IngestJob;
  /** Log a click, play, skip or like on an item of a ranked answer (its queryId and the edge's rank) */
  recordInteraction: Interaction;
  /** Remove a USER description by its text; false when the track had none such */
  removeTrackDescription: Scalars['Boolean']['output'];
  resumeExperiment: Experiment;
  /** Revoke keys by id or prefix; returns how many were revoked (admin token only) */
  revokeApiKey: Scalars['Int']['output'];
  /** Change a live key's rate limits, keeping its secret (e.g. raise a frontend's limit); omitted limits stay as they are. Returns the changed keys (admin token only) */
  setApiKeyLimits: Array<ApiKey>;
  /** Stop serving variants (requests get the default ranking); resume with resumeExperiment */
  stopExperiment: Experiment;
  /** Change coverage, description, or the variants' weights and rankings */
  updateExperiment: Experiment;
};


export type MutationActivateModelArgs = {
  name: Scalars['String']['input'];
};


export type MutationAddTrackDescriptionArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
};


export type MutationAlignLabelsArgs = {
  threshold?: InputMaybe<Scalars['Float']['input']>;
  vocabularies?: InputMaybe<Array<LabelVocabularyInput>>;
};


export type MutationArchiveExperimentArgs = {
  key: Scalars['String']['input'];
};


export type MutationAutoBuildCatalogIndexesArgs = {
  minTracks: Scalars['Int']['input'];
};


export type MutationBuildCatalogIndexArgs = {
  catalog: Scalars['String']['input'];
  drop?: Scalars['Boolean']['input'];
};


export type MutationComputeSoftGenresArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCorrectTrackArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  input: TrackCorrectionInput;
};


export type MutationCreateApiKeyArgs = {
  catalogs?: InputMaybe<Array<Scalars['String']['input']>>;
  endUserRateLimitPerMinute?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  rateLimitPerMinute?: InputMaybe<Scalars['Int']['input']>;
  scopes: Array<Scalars['String']['input']>;
};


export type MutationCreateExperimentArgs = {
  input: CreateExperimentInput;
};


export type MutationDeleteTrackArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationEmbedModelArgs = {
  name: Scalars['String']['input'];
};


export type MutationImputeCatalogArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
};


export type MutationIngestTracksArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
  path: Scalars['String']['input'];
};


export type MutationIngestUploadArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
  file: Scalars['Upload']['input'];
};


export type MutationRecordInteractionArgs = {
  input: InteractionInput;
};


export type MutationRemoveTrackDescriptionArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
};


export type MutationResumeExperimentArgs = {
  key: Scalars['String']['input'];
};


export type MutationRevokeApiKeyArgs = {
  idOrPrefix: Scalars['String']['input'];
};


export type MutationSetApiKeyLimitsArgs = {
  endUserRateLimitPerMinute?: InputMaybe<Scalars['Int']['input']>;
  idOrPrefix: Scalars['String']['input'];
  rateLimitPerMinute?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationStopExperimentArgs = {
  key: Scalars['String']['input'];
};


export type MutationUpdateExperimentArgs = {
  input: UpdateExperimentInput;
  key: Scalars['String']['input'];
};

/** Relay page information */
export type PageInfo = {
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type Query = {
  /** An admin task's progress (scope catalog:admin; a key sees the tasks it started) */
  adminTask: AdminTask;
  /** All keys, revoked ones included (admin token only) */
  apiKeys: Array<ApiKey>;
  /** Per-catalog HNSW indexes, one per catalog, model and kind (scope catalog:admin; a catalog-scoped key sees its catalogs' only) */
  catalogIndexes: Array<CatalogIndexInfo>;
  experiment: Experiment;
  /** Per-variant metrics with 95 % intervals and p-values (A/B), or per-unit wins (interleaving) */
  experimentReport: ExperimentReport;
  experiments: Array<Experiment>;
  ingestJob: IngestJob;
  /** The served model's label clusters with their members (scope catalog:admin; clusters serve every catalog, so a catalog-scoped key reads them too) */
  labelClusters: LabelClusters;
  /** Models found under models/ or stored in the database, with how much of the catalogue (the caller's catalogs) each has embedded */
  models: Array<EmbeddingModel>;
  /** Tracks that sound like an audio clip: an uploaded file (GraphQL multipart request; send the header `apollo-require-preflight: true`) or an http(s) URL the server fetches (public addresses only). Exactly one of `file` and `url`. The clip is decoded and embedded, never stored. Refusals are BAD_USER_INPUT with `extensions.reason`: empty, unsupported, corrupt, truncated, no-samples, too-long, too-large, unreachable, refused, missing. */
  searchByAudio: RankedTrackConnection;
  /** Tracks nearest to a vector in a model's embedding space (e.g. one you computed with the model's ONNX towers): as many finite values as the model has dimensions; compared by cosine with the tracks' audio and description vectors as `ranking` says */
  searchByVector: RankedTrackConnection;
  /** Tracks that match a free-text description */
  searchTracks: RankedTrackConnection;
  /** Tracks that sound like a track (by id or externalId) */
  similarTracks: RankedTrackConnection;
  /** A track by its id or by its catalog id (externalId) */
  track: Track;
  /** The catalogue (the caller's catalogs), in ingestion order */
  tracks: TrackConnection;
};


export type QueryAdminTaskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryExperimentArgs = {
  key: Scalars['String']['input'];
};


export type QueryExperimentReportArgs = {
  key: Scalars['String']['input'];
};


export type QueryExperimentsArgs = {
  includeArchived?: Scalars['Boolean']['input'];
};


export type QueryIngestJobArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySearchByAudioArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
  file?: InputMaybe<Scalars['Upload']['input']>;
  filter?: InputMaybe<SearchFilterInput>;
  first?: Scalars['Int']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
  ranking?: InputMaybe<RankingInput>;
  url?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySearchByVectorArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
  filter?: InputMaybe<SearchFilterInput>;
  first?: Scalars['Int']['input'];
  model: Scalars['String']['input'];
  ranking?: InputMaybe<RankingInput>;
  vector: Array<Scalars['Float']['input']>;
};


export type QuerySearchTracksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
  filter?: InputMaybe<SearchFilterInput>;
  first?: Scalars['Int']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
  queryConstraints?: InputMaybe<Scalars['Boolean']['input']>;
  ranking?: InputMaybe<RankingInput>;
  sort?: InputMaybe<SearchSortInput>;
  text: Scalars['String']['input'];
};


export type QuerySimilarTracksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
  filter?: InputMaybe<SearchFilterInput>;
  first?: Scalars['Int']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
  ranking?: InputMaybe<RankingInput>;
  sort?: InputMaybe<SearchSortInput>;
  trackId: Scalars['ID']['input'];
};


export type QueryTrackArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTracksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};

/** A ranked answer. `queryId` identifies it when interactions are recorded. */
export type RankedTrackConnection = {
  edges: Array<RankedTrackEdge>;
  /** searchTracks: the tempo / key understood in the text and used to re-rank (null when none was stated, queryConstraints is off, or sort is by MOOD) */
  interpretedQuery: Maybe<InterpretedQuery>;
  /** true when no track at the head of the ranking has a good `relevance` (below 0.8): the edges are only the nearest tracks, not close matches */
  noGoodMatch: Scalars['Boolean']['output'];
  pageInfo: PageInfo;
  queryId: Scalars['String']['output'];
  /** experiment variant that ranked this answer, if any */
  variant: Maybe<Scalars['String']['output']>;
};

/** One ranked result */
export type RankedTrackEdge = {
  cursor: Scalars['String']['output'];
  node: Track;
  /** 1-based position in the whole ranking */
  rank: Scalars['Int']['output'];
  /** calibrated 0–1 match quality beside the raw `score`: how far this match stands above the best matches of unrelated questions, for the model that ranked it and this catalog (≈0.5: no better than a nonsense query's best hit; near 1: clearly better). Null when the catalog is too small to calibrate against. See docs/relevance.md */
  relevance: Maybe<Scalars['Float']['output']>;
  /** similarity in [-1, 1]; higher is closer */
  score: Scalars['Float']['output'];
  /** interleaved answers: the experiment variant that contributed this item */
  variant: Maybe<Scalars['String']['output']>;
};

/** How a variant ranks */
export type Ranking = {
  alpha: Scalars['Float']['output'];
  mmrLambda: Maybe<Scalars['Float']['output']>;
  /** model this variant ranks with (null: the active one) */
  model: Maybe<Scalars['String']['output']>;
  signal: RankingSignal;
};

/** How results are ranked */
export type RankingInput = {
  /** weight of audio similarity in FUSED, 0..1 */
  alpha?: Scalars['Float']['input'];
  /** MMR diversity λ in [0, 1]: 1 or null = plain ranking; lower values trade similarity for variety */
  mmrLambda?: InputMaybe<Scalars['Float']['input']>;
  /** model (name or version) whose embedding space ranks; null = the request's `model`, else the active one */
  model?: InputMaybe<Scalars['String']['input']>;
  signal?: RankingSignal;
};

/** AUDIO: audio embeddings; DESCRIPTION: fused description embeddings; FUSED: alpha·audio + (1−alpha)·description; HYBRID: FUSED combined with keyword relevance of the text (titles, artists, albums, tags, descriptions) by reciprocal rank fusion — without a text (similar tracks, audio, vector) it ranks like FUSED */
export type RankingSignal =
  | 'AUDIO'
  | 'DESCRIPTION'
  | 'FUSED'
  | 'HYBRID';

/** Sample-ratio mismatch: Pearson chi-square of units per variant against the weights */
export type SampleRatioCheck = {
  chiSquare: Maybe<Scalars['Float']['output']>;
  df: Scalars['Int']['output'];
  /** p < 0.001: assignment or logging is broken; do not trust the metrics */
  mismatch: Scalars['Boolean']['output'];
  pValue: Scalars['Float']['output'];
};

/** Conditions on result tracks, applied inside the vector search so that a page still holds `first` results when enough tracks match. Lists: a track matches genres/moods when it has any of them, tags when it has all of them. */
export type SearchFilterInput = {
  /** highest tempo (same source as bpmMin) */
  bpmMax?: InputMaybe<Scalars['Float']['input']>;
  /** lowest tempo, as Track.bpm reports it: the catalog BPM, else the file tag, else a metadata page's, else the estimate from the audio, else the imputed value (see excludeImputed) */
  bpmMin?: InputMaybe<Scalars['Float']['input']>;
  /** only tracks of these catalogs */
  catalogs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** leave out tracks by these artists (case-insensitive) */
  excludeArtists?: InputMaybe<Array<Scalars['String']['input']>>;
  /** true: bpm, genres and moods match only values the track states (catalog, file tags, metadata pages, the LLM, the audio analysis), not values imputed from similar tracks (default false: imputed values count where nothing else is known) */
  excludeImputed?: InputMaybe<Scalars['Boolean']['input']>;
  /** leave out these tracks (id or externalId) */
  excludeTrackIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** soft genre share (Track.genres) at least minScore */
  genre?: InputMaybe<GenreFilterInput>;
  /** a genre tag — catalog genre, file-tag genre, catalog tag, a metadata page's genre, the LLM's genre or subgenre, in the genre vocabulary or not — or imputed genre equal to one of these (case-insensitive) */
  genres?: InputMaybe<Array<Scalars['String']['input']>>;
  /** zero-shot instruments from the track's audio (Track.instruments): keep tracks whose score for every one of these words (any word, at most 20) is at or above minInstrumentPercentile of its own catalog */
  instruments?: InputMaybe<Array<Scalars['String']['input']>>;
  /** minimum genre score in [0, 1]; catalog and tag genres are hard labels (score 1) until soft genre scores exist */
  minGenreScore?: InputMaybe<Scalars['Float']['input']>;
  /** catalog percentile in (0, 1) each of `instruments` must reach; default 0.8 (more than 80 % of the catalog) */
  minInstrumentPercentile?: InputMaybe<Scalars['Float']['input']>;
  /** zero-shot mood score of the track's audio for any word at least minScore (the score Track.moods reports) */
  mood?: InputMaybe<MoodFilterInput>;
  /** a mood the track states (catalog mood, a metadata page's moods, the LLM's mood), else its imputed mood, equal to one of these; or a description containing the word (case-insensitive) */
  moods?: InputMaybe<Array<Scalars['String']['input']>>;
  /** catalog tags the track must all carry (case-insensitive) */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** How a ranked answer is ordered */
export type SearchSortBy =
  | 'INSTRUMENT'
  | 'MOOD'
  | 'RELEVANCE';

/** Order of a ranked answer: by relevance (default), or by a mood or instrument word's score among the most relevant matches */
export type SearchSortInput = {
  by: SearchSortBy;
  /** the mood word with by: MOOD, the instrument word with by: INSTRUMENT (edges' score is then that word's score, as Track.moods / Track.instruments report it) */
  word?: InputMaybe<Scalars['String']['input']>;
};

/** A catalogued piece of audio */
export type Track = {
  album: Maybe<Scalars['String']['output']>;
  artist: Maybe<Scalars['String']['output']>;
  /** where to stream the track's audio (HTTP range requests): a path on this server, signed and valid for an hour, for <audio src>; null when the track has no audio file */
  audioUrl: Maybe<Scalars['String']['output']>;
  /** tempo: the catalog's, the file tag's or a metadata page's when stated, else estimated from the audio, else imputed from similar tracks (see bpmSource) */
  bpm: Maybe<Scalars['Float']['output']>;
  /** for an imputed bpm: the share of the neighbours' similarity behind it (0..1); null otherwise */
  bpmConfidence: Maybe<Scalars['Float']['output']>;
  /** where `bpm` comes from; null when there is no tempo */
  bpmSource: Maybe<BpmSource>;
  catalog: Scalars['String']['output'];
  descriptions: Array<Description>;
  durationSeconds: Maybe<Scalars['Float']['output']>;
  /** the id the track had in its catalog file (tracks.jsonl `id`, or the path inside an ingested folder) */
  externalId: Maybe<Scalars['String']['output']>;
  /** the track's genre: stated by the catalog, file tags, a metadata page or the LLM (see source), else imputed from similar tracks (source IMPUTED, with confidence and neighbours); null when neither exists. The `genres` filter matches it; with `excludeImputed` an IMPUTED one does not match. Soft shares: `genres` */
  genre: Maybe<TrackLabel>;
  /** Soft genre labels: a distribution (shares sum to 1, best first) from tags, descriptions, neighbours and zero-shot scores; empty until computed */
  genres: Array<LabelScore>;
  /** stable id assigned by tunelens */
  id: Scalars['ID']['output'];
  /** Zero-shot instruments from the track's audio, its most distinctive first: the shipped instrument vocabulary (General MIDI families: piano, electric guitar, strings, saxophone, drums…; docs/instruments.md), or `words`. `score` is calibrated like a mood's but centred on the instrument vocabulary; `percentile` places it within the track's own catalog, and orders the list by default. `filter.instruments` and `sort: {by: INSTRUMENT}` use the same scores. Empty when the track has no audio embedding. */
  instruments: Array<LabelScore>;
  /** musical key estimated from the audio, e.g. "A minor" */
  key: Maybe<Scalars['String']['output']>;
  /** catalog metadata as ingested (never evaluation labels) */
  metadata: Scalars['JSONObject']['output'];
  /** the track's mood: stated by the catalog, a metadata page or the LLM, else imputed from similar tracks (source IMPUTED); null when neither exists. The `moods` filter matches it; with `excludeImputed` an IMPUTED one does not match. Zero-shot scores: `moods` */
  mood: Maybe<TrackLabel>;
  /** Zero-shot mood scores from the track's audio, best first: against the default mood vocabulary, or against `words` (any words, also ones never seen in training). Scores are calibrated (logistic of the cosine centred on the vocabulary mean); `percentile` places the score within the track's own catalog. The same score filters (`filter.mood`) and sorts (`sort: {by: MOOD}`) searches. Empty when the track has no audio embedding. */
  moods: Array<LabelScore>;
  title: Maybe<Scalars['String']['output']>;
};


/** A catalogued piece of audio */
export type TrackInstrumentsArgs = {
  by?: MoodOrder;
  top?: Scalars['Int']['input'];
  words?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** A catalogued piece of audio */
export type TrackMoodsArgs = {
  by?: MoodOrder;
  top?: Scalars['Int']['input'];
  words?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** The catalogue in ingestion order */
export type TrackConnection = {
  edges: Array<TrackEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** Corrections to a track's catalog record; omitted fields stay as they are, null clears */
export type TrackCorrectionInput = {
  album?: InputMaybe<Scalars['String']['input']>;
  artist?: InputMaybe<Scalars['String']['input']>;
  /** catalog metadata keys to set (genre, mood, tags, bpm, description…); a key set to null is removed */
  metadata?: InputMaybe<Scalars['JSONObject']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type TrackEdge = {
  cursor: Scalars['String']['output'];
  node: Track;
};

/** A track's genre or mood with where it comes from; imputed values carry their confidence and the neighbours that voted */
export type TrackLabel = {
  /** IMPUTED: the share of the neighbours' similarity behind the value (0..1); null for a stated value */
  confidence: Maybe<Scalars['Float']['output']>;
  /** IMPUTED: ids of the neighbouring tracks that voted (same catalog); empty for a stated value */
  neighbours: Array<Scalars['ID']['output']>;
  source: LabelSource;
  /** the label, lower-cased */
  value: Scalars['String']['output'];
};

export type UnitWinCounts = {
  ties: Scalars['Int']['output'];
  units: Scalars['Int']['output'];
  winsA: Scalars['Int']['output'];
  winsB: Scalars['Int']['output'];
};

/** Changes to a running or stopped experiment; variant names and order cannot change */
export type UpdateExperimentInput = {
  coverage?: InputMaybe<Scalars['Float']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** new weights and rankings for the same variants */
  variants?: InputMaybe<Array<VariantInput>>;
};

export type VariantInput = {
  /** letters, digits, _ . - (the first variant is the control) */
  name: Scalars['String']['input'];
  /** how this variant ranks */
  ranking: RankingInput;
  /** relative share of traffic */
  weight?: Scalars['Float']['input'];
};

export type VariantReport = {
  clicks: Scalars['Int']['output'];
  /** share of answers with at least one click */
  ctr: Estimate;
  /** ranked answers (pages) served */
  exposures: Scalars['Int']['output'];
  interactions: InteractionCounts;
  /** mean reciprocal rank of the best-ranked click (0 without a click) */
  mrr: Estimate;
  name: Scalars['String']['output'];
  playsPerQuery: Estimate;
  units: Scalars['Int']['output'];
  /** against the control; null for the control */
  vsControl: Maybe<MetricComparisons>;
  /** configured share of traffic */
  weight: Scalars['Float']['output'];
};

export type WinCounts = {
  ties: Scalars['Int']['output'];
  winsA: Scalars['Int']['output'];
  winsB: Scalars['Int']['output'];
};

export type CreateExperimentMutationVariables = Exact<{
  input: CreateExperimentInput;
}>;


export type CreateExperimentMutation = { createExperiment: { key: string, kind: ExperimentKind, status: ExperimentStatus, coverage: number, variants: Array<{ name: string, weight: number, ranking: { signal: RankingSignal, alpha: number, mmrLambda: number | null } }> } };

export type UpdateExperimentMutationVariables = Exact<{
  key: Scalars['String']['input'];
  input: UpdateExperimentInput;
}>;


export type UpdateExperimentMutation = { updateExperiment: { key: string, coverage: number, variants: Array<{ name: string, weight: number }> } };

export type StopExperimentMutationVariables = Exact<{
  key: Scalars['String']['input'];
}>;


export type StopExperimentMutation = { stopExperiment: { status: ExperimentStatus } };

export type ArchiveExperimentMutationVariables = Exact<{
  key: Scalars['String']['input'];
}>;


export type ArchiveExperimentMutation = { archiveExperiment: { status: ExperimentStatus } };

export type ExperimentsQueryVariables = Exact<{
  includeArchived: Scalars['Boolean']['input'];
}>;


export type ExperimentsQuery = { experiments: Array<{ key: string, status: ExperimentStatus }> };

export type ExperimentSearchQueryVariables = Exact<{
  text: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  filter?: InputMaybe<SearchFilterInput>;
  experiment?: InputMaybe<ExperimentInput>;
}>;


export type ExperimentSearchQuery = { searchTracks: { queryId: string, variant: string | null, edges: Array<{ rank: number, score: number, variant: string | null, node: { id: string, externalId: string | null, metadata: Record<string, unknown> } }> } };

export type ExperimentSimilarQueryVariables = Exact<{
  trackId: Scalars['ID']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
}>;


export type ExperimentSimilarQuery = { similarTracks: { queryId: string, variant: string | null, edges: Array<{ rank: number, variant: string | null, cursor: string, node: { id: string } }> } };

export type RecordInteractionMutationVariables = Exact<{
  input: InteractionInput;
}>;


export type RecordInteractionMutation = { recordInteraction: { id: string, queryId: string, type: InteractionType, position: number } };

export type ExperimentReportQueryVariables = Exact<{
  key: Scalars['String']['input'];
}>;


export type ExperimentReportQuery = { experimentReport: { experiment: { key: string, kind: ExperimentKind, status: ExperimentStatus }, ab: { control: string, confidence: number, variants: Array<{ name: string, weight: number, exposures: number, units: number, clicks: number, interactions: { CLICK: number, PLAY: number, SKIP: number, LIKE: number }, ctr: { value: number | null, lower: number | null, upper: number | null }, playsPerQuery: { value: number | null }, mrr: { value: number | null, lower: number | null, upper: number | null }, vsControl: { ctr: { difference: number | null, lower: number | null, upper: number | null, pValue: number | null, significant: boolean, test: string }, mrr: { difference: number | null, pValue: number | null, significant: boolean, test: string }, playsPerQuery: { pValue: number | null } } | null }>, srm: { chiSquare: number | null, df: number, pValue: number, mismatch: boolean }, dataQuality: { duplicateExposures: number, orphanInteractions: number } } | null, interleaving: { variantA: string, variantB: string, queries: number, deltaAB: number | null, pValue: number, test: string, preferred: string | null, perQuery: { winsA: number, winsB: number, ties: number }, perUnit: { winsA: number, winsB: number, ties: number, units: number }, preferenceB: { value: number | null, lower: number | null, upper: number | null } } | null } };

export type IngestTracksMutationVariables = Exact<{
  path: Scalars['String']['input'];
  catalog?: InputMaybe<Scalars['String']['input']>;
}>;


export type IngestTracksMutation = { ingestTracks: { id: string, status: IngestJobStatus } };

export type IngestJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type IngestJobQuery = { ingestJob: { status: IngestJobStatus, total: number, processed: number, ingested: number, skipped: number, failed: number, error: string | null, failures: Array<{ file: string, message: string }> } };

export type SearchWithConstraintsQueryVariables = Exact<{
  text: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  queryConstraints?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type SearchWithConstraintsQuery = { searchTracks: { interpretedQuery: { bpm: number | null, key: string | null } | null, edges: Array<{ rank: number, score: number, cursor: string, node: { id: string, externalId: string | null, bpm: number | null, key: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SearchTracksQueryVariables = Exact<{
  text: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  ranking?: InputMaybe<RankingInput>;
}>;


export type SearchTracksQuery = { searchTracks: { queryId: string, variant: string | null, edges: Array<{ rank: number, score: number, cursor: string, node: { id: string, externalId: string | null, title: string | null, artist: string | null, bpm: number | null, descriptions: Array<{ source: DescriptionSource, text: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SimilarTracksQueryVariables = Exact<{
  trackId: Scalars['ID']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SimilarTracksQuery = { similarTracks: { queryId: string, edges: Array<{ rank: number, score: number, node: { id: string, externalId: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, track: { id: string, externalId: string | null, durationSeconds: number | null } };


export const CreateExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateExperimentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"ranking"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signal"}},{"kind":"Field","name":{"kind":"Name","value":"alpha"}},{"kind":"Field","name":{"kind":"Name","value":"mmrLambda"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CreateExperimentMutation, CreateExperimentMutationVariables>;
export const UpdateExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateExperimentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateExperimentMutation, UpdateExperimentMutationVariables>;
export const StopExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StopExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<StopExperimentMutation, StopExperimentMutationVariables>;
export const ArchiveExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ArchiveExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"archiveExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ArchiveExperimentMutation, ArchiveExperimentMutationVariables>;
export const ExperimentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Experiments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeArchived"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeArchived"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeArchived"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ExperimentsQuery, ExperimentsQueryVariables>;
export const ExperimentSearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExperimentSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SearchFilterInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"experiment"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ExperimentInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"experiment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"experiment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryId"}},{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExperimentSearchQuery, ExperimentSearchQueryVariables>;
export const ExperimentSimilarDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExperimentSimilar"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"experiment"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ExperimentInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trackId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"experiment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"experiment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryId"}},{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExperimentSimilarQuery, ExperimentSimilarQueryVariables>;
export const RecordInteractionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordInteraction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InteractionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordInteraction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"queryId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<RecordInteractionMutation, RecordInteractionMutationVariables>;
export const ExperimentReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExperimentReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experimentReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ab"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"control"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"exposures"}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"clicks"}},{"kind":"Field","name":{"kind":"Name","value":"interactions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"CLICK"}},{"kind":"Field","name":{"kind":"Name","value":"PLAY"}},{"kind":"Field","name":{"kind":"Name","value":"SKIP"}},{"kind":"Field","name":{"kind":"Name","value":"LIKE"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ctr"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}}]}},{"kind":"Field","name":{"kind":"Name","value":"playsPerQuery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mrr"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vsControl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ctr"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"difference"}},{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"significant"}},{"kind":"Field","name":{"kind":"Name","value":"test"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mrr"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"difference"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"significant"}},{"kind":"Field","name":{"kind":"Name","value":"test"}}]}},{"kind":"Field","name":{"kind":"Name","value":"playsPerQuery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pValue"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"srm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chiSquare"}},{"kind":"Field","name":{"kind":"Name","value":"df"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"mismatch"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataQuality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"duplicateExposures"}},{"kind":"Field","name":{"kind":"Name","value":"orphanInteractions"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"interleaving"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variantA"}},{"kind":"Field","name":{"kind":"Name","value":"variantB"}},{"kind":"Field","name":{"kind":"Name","value":"queries"}},{"kind":"Field","name":{"kind":"Name","value":"perQuery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"winsA"}},{"kind":"Field","name":{"kind":"Name","value":"winsB"}},{"kind":"Field","name":{"kind":"Name","value":"ties"}}]}},{"kind":"Field","name":{"kind":"Name","value":"perUnit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"winsA"}},{"kind":"Field","name":{"kind":"Name","value":"winsB"}},{"kind":"Field","name":{"kind":"Name","value":"ties"}},{"kind":"Field","name":{"kind":"Name","value":"units"}}]}},{"kind":"Field","name":{"kind":"Name","value":"preferenceB"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"lower"}},{"kind":"Field","name":{"kind":"Name","value":"upper"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deltaAB"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"test"}},{"kind":"Field","name":{"kind":"Name","value":"preferred"}}]}}]}}]}}]} as unknown as DocumentNode<ExperimentReportQuery, ExperimentReportQueryVariables>;
export const IngestTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IngestTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"catalog"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}},{"kind":"Argument","name":{"kind":"Name","value":"catalog"},"value":{"kind":"Variable","name":{"kind":"Name","value":"catalog"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<IngestTracksMutation, IngestTracksMutationVariables>;
export const IngestJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IngestJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"ingested"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"failures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<IngestJobQuery, IngestJobQueryVariables>;
export const SearchWithConstraintsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchWithConstraints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"queryConstraints"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"queryConstraints"},"value":{"kind":"Variable","name":{"kind":"Name","value":"queryConstraints"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"interpretedQuery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bpm"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"bpm"}},{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<SearchWithConstraintsQuery, SearchWithConstraintsQueryVariables>;
export const SearchTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ranking"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RankingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"ranking"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ranking"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryId"}},{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"bpm"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<SearchTracksQuery, SearchTracksQueryVariables>;
export const SimilarTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimilarTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trackId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryId"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"track"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}}]}}]}}]} as unknown as DocumentNode<SimilarTracksQuery, SimilarTracksQueryVariables>;