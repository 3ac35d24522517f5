-- Soft genre distributions (sql/005_labels.sql) are computed per track by a `soft-genres` job
-- queued after the track's audio embedding (src/jobs/handlers/soft-genres.ts).
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
  CHECK (kind IN ('discover', 'audio-embedding', 'web-metadata', 'llm-description', 'imputation', 're-embedding', 'soft-genres'));
