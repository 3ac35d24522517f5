-- Issue #16 (hostile input).
-- The identity (`dev:ino`) of the file a track was ingested from: /audio serves that file only,
-- never whatever was moved or linked into its path later (a symlink to data/server.json did).
ALTER TABLE tracks ADD COLUMN IF NOT EXISTS source_identity text;

-- Who asked for an ingest request (`key:<id>`, `admin`): ingestJob shows a request to its
-- creator only (it names server paths). Null for requests made before this migration: admin only.
ALTER TABLE ingest_requests ADD COLUMN IF NOT EXISTS created_by text;
