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
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** An API key (its secret is shown only once, at creation) */
export type ApiKey = {
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastUsedAt: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** the recognisable part of the key: tl_<prefix>_… */
  prefix: Scalars['String']['output'];
  revokedAt: Maybe<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
};

export type CreatedApiKey = {
  apiKey: ApiKey;
  /** the full key; store it now, it cannot be shown again */
  key: Scalars['String']['output'];
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
  | 'IMPUTED'
  | 'LLM'
  | 'USER'
  | 'WEB';

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

export type Mutation = {
  /** Create an API key with scopes among search, ingest, experiments:admin (admin token only) */
  createApiKey: CreatedApiKey;
  /** Queue a folder, a data set folder (tracks.jsonl + audio) or one audio file on the server for ingest */
  ingestTracks: IngestJob;
  /** Revoke keys by id or prefix; returns how many were revoked (admin token only) */
  revokeApiKey: Scalars['Int']['output'];
};


export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
  scopes: Array<Scalars['String']['input']>;
};


export type MutationIngestTracksArgs = {
  catalog?: InputMaybe<Scalars['String']['input']>;
  path: Scalars['String']['input'];
};


export type MutationRevokeApiKeyArgs = {
  idOrPrefix: Scalars['String']['input'];
};

/** Relay page information */
export type PageInfo = {
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type Query = {
  /** All keys, revoked ones included (admin token only) */
  apiKeys: Array<ApiKey>;
  ingestJob: IngestJob;
  /** Tracks that match a free-text description */
  searchTracks: RankedTrackConnection;
  /** Tracks that sound like a track (by id or externalId) */
  similarTracks: RankedTrackConnection;
  /** A track by its id or by its catalog id (externalId) */
  track: Track;
  /** The catalogue, in ingestion order */
  tracks: TrackConnection;
};


export type QueryIngestJobArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySearchTracksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  ranking?: InputMaybe<RankingInput>;
  text: Scalars['String']['input'];
};


export type QuerySimilarTracksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  ranking?: InputMaybe<RankingInput>;
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
  /** similarity in [-1, 1]; higher is closer */
  score: Scalars['Float']['output'];
};

/** How results are ranked */
export type RankingInput = {
  /** weight of audio similarity in FUSED, 0..1 */
  alpha?: Scalars['Float']['input'];
  signal?: RankingSignal;
};

/** AUDIO: audio embeddings; DESCRIPTION: fused description embeddings; FUSED: alpha·audio + (1−alpha)·description */
export type RankingSignal =
  | 'AUDIO'
  | 'DESCRIPTION'
  | 'FUSED';

/** A catalogued piece of audio */
export type Track = {
  album: Maybe<Scalars['String']['output']>;
  artist: Maybe<Scalars['String']['output']>;
  /** tempo: catalog or file tag when given, else estimated from the audio */
  bpm: Maybe<Scalars['Float']['output']>;
  catalog: Scalars['String']['output'];
  descriptions: Array<Description>;
  durationSeconds: Maybe<Scalars['Float']['output']>;
  /** the id the track had in its catalog file (tracks.jsonl `id`, or the path inside an ingested folder) */
  externalId: Maybe<Scalars['String']['output']>;
  /** stable id assigned by tunelens */
  id: Scalars['ID']['output'];
  /** musical key estimated from the audio, e.g. "A minor" */
  key: Maybe<Scalars['String']['output']>;
  /** catalog metadata as ingested (never evaluation labels) */
  metadata: Scalars['JSONObject']['output'];
  title: Maybe<Scalars['String']['output']>;
};

/** The catalogue in ingestion order */
export type TrackConnection = {
  edges: Array<TrackEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type TrackEdge = {
  cursor: Scalars['String']['output'];
  node: Track;
};

export type IngestTracksMutationVariables = Exact<{
  path: Scalars['String']['input'];
  catalog?: InputMaybe<Scalars['String']['input']>;
}>;


export type IngestTracksMutation = { ingestTracks: { id: string, status: IngestJobStatus } };

export type IngestJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type IngestJobQuery = { ingestJob: { status: IngestJobStatus, total: number, processed: number, ingested: number, skipped: number, failed: number, error: string | null, failures: Array<{ file: string, message: string }> } };

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


export const IngestTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IngestTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"catalog"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}},{"kind":"Argument","name":{"kind":"Name","value":"catalog"},"value":{"kind":"Variable","name":{"kind":"Name","value":"catalog"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<IngestTracksMutation, IngestTracksMutationVariables>;
export const IngestJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IngestJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"processed"}},{"kind":"Field","name":{"kind":"Name","value":"ingested"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"failures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"file"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<IngestJobQuery, IngestJobQueryVariables>;
export const SearchTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ranking"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RankingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"searchTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"ranking"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ranking"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryId"}},{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"artist"}},{"kind":"Field","name":{"kind":"Name","value":"bpm"}},{"kind":"Field","name":{"kind":"Name","value":"descriptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<SearchTracksQuery, SearchTracksQueryVariables>;
export const SimilarTracksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SimilarTracks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"similarTracks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trackId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryId"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"track"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trackId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}}]}}]}}]} as unknown as DocumentNode<SimilarTracksQuery, SimilarTracksQueryVariables>;