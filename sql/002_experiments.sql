-- Experiments, exposures and interactions (issue #5). See docs/experiments.md.

-- An experiment compares ranking variants. `variants` is a JSON array of
-- {name, weight, ranking: {signal, alpha, mmrLambda?}} in order (the first is the control);
-- it is validated by the service, which owns its shape (a model name can be added to `ranking`).
CREATE TABLE experiments (
  id          serial PRIMARY KEY,
  key         text NOT NULL UNIQUE CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$'),
  kind        text NOT NULL CHECK (kind IN ('ab', 'interleaving')),
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopped', 'archived')),
  coverage    double precision NOT NULL CHECK (coverage >= 0 AND coverage <= 1),
  variants    jsonb NOT NULL CHECK (jsonb_typeof(variants) = 'array'),
  description text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per ranked answer served under an experiment (one page of one query). Written in
-- batches off the request path (src/services/exposure-log.ts), so a client may report an
-- interaction before its exposure row exists: interactions therefore carry no foreign key.
CREATE TABLE exposures (
  query_id      uuid PRIMARY KEY,
  experiment_id integer NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  unit_id       text NOT NULL,
  -- the variant that ranked the answer; for interleaving the pair 'A-name+B-name' is not stored:
  -- `teams` says which variant contributed each position instead
  variant       text NOT NULL,
  surface       text NOT NULL CHECK (surface IN ('searchTracks', 'similarTracks')),
  -- rank of track_ids[1]; later pages of one query start past 1
  first_rank    integer NOT NULL CHECK (first_rank >= 1),
  track_ids     uuid[] NOT NULL,
  -- interleaving only: team ('A' or 'B') of every position from rank 1 to the page's last rank
  teams         text[],
  served_at     timestamptz NOT NULL
);
CREATE INDEX exposures_experiment ON exposures (experiment_id, served_at);

CREATE TABLE interactions (
  id          bigserial PRIMARY KEY,
  query_id    uuid NOT NULL,
  track_id    uuid,
  type        text NOT NULL CHECK (type IN ('CLICK', 'PLAY', 'SKIP', 'LIKE')),
  position    integer NOT NULL CHECK (position BETWEEN 1 AND 100000),
  dwell_ms    integer CHECK (dwell_ms >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_query ON interactions (query_id);
