-- Issue #20 item 6: genres a metadata page (metadata.web.genre, a list) or the LLM
-- (metadata.llm.genre / subgenre, strings) names are kept as genre tags, also those outside the
-- genre vocabulary: they join the catalog tags and genres in the keyword document (weight C) so
-- HYBRID search finds a track by them. A generated column's expression cannot be altered on
-- PostgreSQL 15, so the column (and its index) is rebuilt; Postgres recomputes every row.
DROP INDEX IF EXISTS tracks_keywords;
ALTER TABLE tracks DROP COLUMN keywords;
ALTER TABLE tracks ADD COLUMN keywords tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(artist, '')), 'A')
  || setweight(to_tsvector('english', coalesce(album, '')), 'B')
  -- ->> gives a list's JSON text or a string as is: the parser reads the words out of either
  || setweight(to_tsvector('english', coalesce(metadata->>'tags', '') || ' ' || coalesce(metadata->>'genre', '') || ' '
       || coalesce(metadata#>>'{fileTags,genre}', '') || ' ' || coalesce(metadata#>>'{web,genre}', '') || ' '
       || coalesce(metadata#>>'{llm,genre}', '') || ' ' || coalesce(metadata#>>'{llm,subgenre}', '')), 'C')
) STORED;
CREATE INDEX tracks_keywords ON tracks USING gin (keywords);
