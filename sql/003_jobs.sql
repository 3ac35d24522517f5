-- Durable ingest jobs. A plain table claimed with FOR UPDATE SKIP LOCKED instead of pg-boss or
-- graphile-worker: both need a real server (advisory locks, LISTEN/NOTIFY, PL/pgSQL functions),
-- and the same migrations must also run on embedded PGlite.

-- One ingestTracks request: what the user asked for. Its progress is derived from its jobs.
CREATE TABLE ingest_requests (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  path        text NOT NULL,
  catalog     text,
  -- set by the discover job, null until the folder has been listed
  total       integer,
  -- why the whole request failed (e.g. path not found), per-file errors live on the jobs
  error       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
  id            bigserial PRIMARY KEY,
  request_id    uuid REFERENCES ingest_requests (id) ON DELETE SET NULL,
  kind          text NOT NULL CHECK (kind IN ('discover', 'audio-embedding', 'web-metadata', 'llm-description', 'imputation', 're-embedding')),
  -- idempotency: one job per (kind, key). Audio jobs are keyed by request and file, follow-up
  -- jobs by track, so re-submitting a folder re-queues only what died
  dedupe_key    text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'dead')),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  run_after     timestamptz NOT NULL DEFAULT now(),
  -- lease: a worker killed with -9 stops renewing it, and another worker takes the job over
  locked_by     text,
  locked_until  timestamptz,
  last_error    text,
  result        jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (kind, dedupe_key);
CREATE INDEX jobs_claimable ON jobs (run_after, id) WHERE status = 'queued';
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_request ON jobs (request_id, kind, status);

-- LLM answers by prompt hash (model + prompt version + prompt text): a re-run or a retry after a
-- crash never pays for the same completion twice.
CREATE TABLE llm_cache (
  prompt_hash     text PRIMARY KEY,
  model           text NOT NULL,
  prompt_version  text NOT NULL,
  response        jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
)
