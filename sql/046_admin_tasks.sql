-- Issue #19 item 4: admin work online. `impute`, `labels align`, `labels genres` and per-catalog
-- index builds run as jobs in whatever process works the queue (the server, with the embedded
-- database), so none of them needs the server stopped. A task is a request row like an ingest
-- (progress is derived from its jobs, durable across restarts); `kind` tells them apart.
ALTER TABLE ingest_requests ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'ingest'
  CHECK (kind IN ('ingest', 'impute', 'labels-align', 'labels-genres', 'catalog-index'));

-- `admin-task`: the task's first job (fans out per-track jobs, or does the whole step when it is
-- one transaction: label alignment, an index build). `imputation-sweep`: the per-catalog,
-- debounced imputation queued after an ingest adds tracks (issue #20 item 5).
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
  CHECK (kind IN ('discover', 'audio-embedding', 'web-metadata', 'llm-description', 'imputation', 're-embedding', 'soft-genres',
                  'admin-task', 'imputation-sweep'));

-- `catalog:admin`: run those tasks. A catalog-scoped key runs them on its own catalogs only;
-- label alignment (shared by every catalog) needs an unscoped key or the admin token.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check
  CHECK (scopes <@ ARRAY['search', 'ingest', 'experiments:admin', 'catalog:admin']::text[]);
