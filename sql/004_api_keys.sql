-- API keys: only a SHA-256 of the secret is stored. Keys are 32 random bytes, so a fast hash is
-- enough (no dictionary to guess from); the prefix lets operators recognise a key in lists.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  prefix        text NOT NULL,
  secret_hash   text NOT NULL UNIQUE,
  scopes        text[] NOT NULL CHECK (scopes <@ ARRAY['search', 'ingest', 'experiments:admin']::text[]),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
