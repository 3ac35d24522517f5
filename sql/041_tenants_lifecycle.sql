-- Issue #19: tenants (catalog-scoped keys, per-key rate limits), track lifecycle, and description
-- sources that say where catalog text came from. See docs/security.md § Tenants and catalog scopes.

-- A key limited to some catalogs sees, searches, plays and counts only their tracks. NULL = every
-- catalog (keys made before this migration keep what they had).
ALTER TABLE api_keys ADD COLUMN catalogs text[]
  CHECK (catalogs IS NULL OR (cardinality(catalogs) BETWEEN 1 AND 100 AND array_position(catalogs, NULL) IS NULL));
-- Requests per minute for this key; NULL = the server's TUNELENS_RATE_LIMIT_PER_MINUTE.
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute integer CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000);
-- Set: the key may name its end user in `x-tunelens-end-user`, and each end user gets this many
-- requests per minute (the key's own limit still caps the sum). NULL: the header is ignored.
ALTER TABLE api_keys ADD COLUMN end_user_rate_limit_per_minute integer CHECK (end_user_rate_limit_per_minute BETWEEN 1 AND 1000000);

-- Catalog lines and file tags were stored as `web` with provenance.origin 'catalog' / 'file-tags';
-- they get sources of their own, so `web` means a fetched page only.
ALTER TABLE descriptions DROP CONSTRAINT IF EXISTS descriptions_source_check;
UPDATE descriptions SET source = 'catalog' WHERE source = 'web' AND provenance->>'origin' = 'catalog';
UPDATE descriptions SET source = 'file_tags' WHERE source = 'web' AND provenance->>'origin' = 'file-tags';
ALTER TABLE descriptions ADD CONSTRAINT descriptions_source_check
  CHECK (source IN ('web', 'llm', 'user', 'imputed', 'catalog', 'file_tags'));

-- The same audio may sit in two tenants' catalogs: a globally unique content hash made the second
-- tenant's ingest report the first tenant's track as "already stored" (telling it the other
-- catalog holds that exact file). Re-ingest stays idempotent within a catalog.
ALTER TABLE tracks DROP CONSTRAINT IF EXISTS tracks_content_hash_key;
CREATE UNIQUE INDEX tracks_catalog_content_hash ON tracks (catalog, content_hash);

-- Web before LLM: an LLM description job waits while the track's web-metadata job is pending, and
-- a track's deletion removes its jobs; both look jobs up by the track in their payload.
CREATE INDEX jobs_track ON jobs ((payload->>'trackId'), kind);
