-- Issue #20: keyword relevance for the HYBRID ranking (src/db/repositories/keyword-search.repository.ts).
-- Full-text documents kept by Postgres itself (generated columns), so every writer (ingest, the
-- bench's bulk loads, metadata edits) keeps them current without knowing about them. One text
-- search configuration ('english': stems "waltzes" to "waltz", drops stop words) for documents and
-- queries alike. Weights order the evidence: title and artist (A) over album (B) over catalog tags
-- and genres (C) over description sentences (D). The same SQL runs on PGlite and PostgreSQL 15.
ALTER TABLE tracks ADD COLUMN keywords tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(artist, '')), 'A')
  || setweight(to_tsvector('english', coalesce(album, '')), 'B')
  -- ->> gives a list's JSON text or a string as is: the parser reads the words out of either
  || setweight(to_tsvector('english', coalesce(metadata->>'tags', '') || ' ' || coalesce(metadata->>'genre', '') || ' '
       || coalesce(metadata#>>'{fileTags,genre}', '')), 'C')
) STORED;
CREATE INDEX tracks_keywords ON tracks USING gin (keywords);

ALTER TABLE descriptions ADD COLUMN keywords tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', text), 'D')) STORED;
CREATE INDEX descriptions_keywords ON descriptions USING gin (keywords);
