-- Catalog, descriptions, models and embeddings. Runs unchanged on PGlite (Postgres 18 + pgvector
-- 0.8.7) and on a real server (Postgres 15 + pgvector 0.8.0).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE models (
  id          serial PRIMARY KEY,
  version     text NOT NULL UNIQUE,
  name        text NOT NULL,
  dimensions  integer NOT NULL CHECK (dimensions BETWEEN 1 AND 4096),
  active      boolean NOT NULL DEFAULT false,
  metrics     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- at most one active model: searches read this row
CREATE UNIQUE INDEX models_single_active ON models (active) WHERE active;

CREATE TABLE tracks (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- ingestion order: the keyset for paging the catalogue
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  catalog           text NOT NULL DEFAULT 'default',
  external_id       text,
  title             text,
  artist            text,
  album             text,
  duration_seconds  real,
  source_file       text,
  content_hash      text NOT NULL UNIQUE,
  metadata          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tracks_catalog_external_id ON tracks (catalog, external_id);
CREATE INDEX tracks_external_id ON tracks (external_id);

CREATE TABLE descriptions (
  id          bigserial PRIMARY KEY,
  track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
  source      text NOT NULL CHECK (source IN ('web', 'llm', 'user', 'imputed')),
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
  provenance  jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- the same sentence from the same source is stored once (re-ingest is idempotent)
CREATE UNIQUE INDEX descriptions_dedupe ON descriptions (track_id, source, md5(text));

-- Untyped `vector` column so that models of different dimensions live side by side; each
-- (model, kind) gets its own partial HNSW index over `embedding::vector(N)`, created when the
-- model is registered (see src/db/repositories/model.repository.ts).
CREATE TABLE embeddings (
  track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
  model_id    integer NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('audio', 'description')),
  embedding   vector NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, kind, track_id)
);
CREATE INDEX embeddings_track ON embeddings (track_id);
