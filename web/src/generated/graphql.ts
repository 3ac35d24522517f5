import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

export type TrackCardFragment = { id: string, externalId: string | null, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, bpm: number | null, key: string | null, metadata: Record<string, unknown>, audioUrl: string | null, genre: { value: string, source: LabelSource, confidence: number | null } | null, mood: { value: string, source: LabelSource, confidence: number | null } | null, moods: Array<{ label: string, score: number, percentile: number | null }>, genres: Array<{ label: string, score: number }> };

export type RankedPageFragment = { queryId: string, variant: string | null, noGoodMatch: boolean, edges: Array<{ rank: number, score: number, relevance: number | null, variant: string | null, node: { id: string, externalId: string | null, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, bpm: number | null, key: string | null, metadata: Record<string, unknown>, audioUrl: string | null, genre: { value: string, source: LabelSource, confidence: number | null } | null, mood: { value: string, source: LabelSource, confidence: number | null } | null, moods: Array<{ label: string, score: number, percentile: number | null }>, genres: Array<{ label: string, score: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } };

export type SearchPageQueryVariables = Exact<{
  text: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
  ranking?: InputMaybe<RankingInput>;
  filter?: InputMaybe<SearchFilterInput>;
}>;


export type SearchPageQuery = { searchTracks: { queryId: string, variant: string | null, noGoodMatch: boolean, interpretedQuery: { bpm: number | null, key: string | null } | null, edges: Array<{ rank: number, score: number, relevance: number | null, variant: string | null, node: { id: string, externalId: string | null, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, bpm: number | null, key: string | null, metadata: Record<string, unknown>, audioUrl: string | null, genre: { value: string, source: LabelSource, confidence: number | null } | null, mood: { value: string, source: LabelSource, confidence: number | null } | null, moods: Array<{ label: string, score: number, percentile: number | null }>, genres: Array<{ label: string, score: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SimilarPageQueryVariables = Exact<{
  trackId: Scalars['ID']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
  filter?: InputMaybe<SearchFilterInput>;
}>;


export type SimilarPageQuery = { track: { id: string, externalId: string | null, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, bpm: number | null, key: string | null, metadata: Record<string, unknown>, audioUrl: string | null, genre: { value: string, source: LabelSource, confidence: number | null } | null, mood: { value: string, source: LabelSource, confidence: number | null } | null, moods: Array<{ label: string, score: number, percentile: number | null }>, genres: Array<{ label: string, score: number }> }, similarTracks: { queryId: string, variant: string | null, noGoodMatch: boolean, edges: Array<{ rank: number, score: number, relevance: number | null, variant: string | null, node: { id: string, externalId: string | null, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, bpm: number | null, key: string | null, metadata: Record<string, unknown>, audioUrl: string | null, genre: { value: string, source: LabelSource, confidence: number | null } | null, mood: { value: string, source: LabelSource, confidence: number | null } | null, moods: Array<{ label: string, score: number, percentile: number | null }>, genres: Array<{ label: string, score: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AudioPageQueryVariables = Exact<{
  file?: InputMaybe<Scalars['Upload']['input']>;
  url?: InputMaybe<Scalars['String']['input']>;
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  experiment?: InputMaybe<ExperimentInput>;
  filter?: InputMaybe<SearchFilterInput>;
}>;


export type AudioPageQuery = { searchByAudio: { queryId: string, variant: string | null, noGoodMatch: boolean, edges: Array<{ rank: number, score: number, relevance: number | null, variant: string | null, node: { id: string, externalId: string | null, title: string | null, artist: string | null, album: string | null, durationSeconds: number | null, bpm: number | null, key: string | null, metadata: Record<string, unknown>, audioUrl: string | null, genre: { value: string, source: LabelSource, confidence: number | null } | null, mood: { value: string, source: LabelSource, confidence: number | null } | null, moods: Array<{ label: string, score: number, percentile: number | null }>, genres: Array<{ label: string, score: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RecordInteractionMutationVariables = Exact<{
  input: InteractionInput;
}>;


export type RecordInteractionMutation = { recordInteraction: { id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TrackCardFragmentDoc = new TypedDocumentString(`
    fragment TrackCard on Track {
  id
  externalId
  title
  artist
  album
  durationSeconds
  bpm
  key
  metadata
  audioUrl
  genre {
    value
    source
    confidence
  }
  mood {
    value
    source
    confidence
  }
  moods(top: 2, by: PERCENTILE) {
    label
    score
    percentile
  }
  genres {
    label
    score
  }
}
    `, {"fragmentName":"TrackCard"}) as unknown as TypedDocumentString<TrackCardFragment, unknown>;
export const RankedPageFragmentDoc = new TypedDocumentString(`
    fragment RankedPage on RankedTrackConnection {
  queryId
  variant
  noGoodMatch
  edges {
    rank
    score
    relevance
    variant
    node {
      ...TrackCard
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
}
    fragment TrackCard on Track {
  id
  externalId
  title
  artist
  album
  durationSeconds
  bpm
  key
  metadata
  audioUrl
  genre {
    value
    source
    confidence
  }
  mood {
    value
    source
    confidence
  }
  moods(top: 2, by: PERCENTILE) {
    label
    score
    percentile
  }
  genres {
    label
    score
  }
}`, {"fragmentName":"RankedPage"}) as unknown as TypedDocumentString<RankedPageFragment, unknown>;
export const SearchPageDocument = new TypedDocumentString(`
    query SearchPage($text: String!, $first: Int!, $after: String, $experiment: ExperimentInput, $ranking: RankingInput, $filter: SearchFilterInput) {
  searchTracks(
    text: $text
    first: $first
    after: $after
    experiment: $experiment
    ranking: $ranking
    filter: $filter
  ) {
    ...RankedPage
    interpretedQuery {
      bpm
      key
    }
  }
}
    fragment TrackCard on Track {
  id
  externalId
  title
  artist
  album
  durationSeconds
  bpm
  key
  metadata
  audioUrl
  genre {
    value
    source
    confidence
  }
  mood {
    value
    source
    confidence
  }
  moods(top: 2, by: PERCENTILE) {
    label
    score
    percentile
  }
  genres {
    label
    score
  }
}
fragment RankedPage on RankedTrackConnection {
  queryId
  variant
  noGoodMatch
  edges {
    rank
    score
    relevance
    variant
    node {
      ...TrackCard
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
}`) as unknown as TypedDocumentString<SearchPageQuery, SearchPageQueryVariables>;
export const SimilarPageDocument = new TypedDocumentString(`
    query SimilarPage($trackId: ID!, $first: Int!, $after: String, $experiment: ExperimentInput, $filter: SearchFilterInput) {
  track(id: $trackId) {
    ...TrackCard
  }
  similarTracks(
    trackId: $trackId
    first: $first
    after: $after
    experiment: $experiment
    filter: $filter
  ) {
    ...RankedPage
  }
}
    fragment TrackCard on Track {
  id
  externalId
  title
  artist
  album
  durationSeconds
  bpm
  key
  metadata
  audioUrl
  genre {
    value
    source
    confidence
  }
  mood {
    value
    source
    confidence
  }
  moods(top: 2, by: PERCENTILE) {
    label
    score
    percentile
  }
  genres {
    label
    score
  }
}
fragment RankedPage on RankedTrackConnection {
  queryId
  variant
  noGoodMatch
  edges {
    rank
    score
    relevance
    variant
    node {
      ...TrackCard
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
}`) as unknown as TypedDocumentString<SimilarPageQuery, SimilarPageQueryVariables>;
export const AudioPageDocument = new TypedDocumentString(`
    query AudioPage($file: Upload, $url: String, $first: Int!, $after: String, $experiment: ExperimentInput, $filter: SearchFilterInput) {
  searchByAudio(
    file: $file
    url: $url
    first: $first
    after: $after
    experiment: $experiment
    filter: $filter
  ) {
    ...RankedPage
  }
}
    fragment TrackCard on Track {
  id
  externalId
  title
  artist
  album
  durationSeconds
  bpm
  key
  metadata
  audioUrl
  genre {
    value
    source
    confidence
  }
  mood {
    value
    source
    confidence
  }
  moods(top: 2, by: PERCENTILE) {
    label
    score
    percentile
  }
  genres {
    label
    score
  }
}
fragment RankedPage on RankedTrackConnection {
  queryId
  variant
  noGoodMatch
  edges {
    rank
    score
    relevance
    variant
    node {
      ...TrackCard
    }
  }
  pageInfo {
    hasNextPage
    endCursor
  }
}`) as unknown as TypedDocumentString<AudioPageQuery, AudioPageQueryVariables>;
export const RecordInteractionDocument = new TypedDocumentString(`
    mutation RecordInteraction($input: InteractionInput!) {
  recordInteraction(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<RecordInteractionMutation, RecordInteractionMutationVariables>;