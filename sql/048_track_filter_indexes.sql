-- Issue #18 item 3: a search filtered by genre (and a BPM range) is exact when the planner expects
-- few matching tracks, and that exact plan read EVERY track and evaluated the jsonb conditions on
-- each (≈ 0.5 s at 100k tracks, twice: once per signal's candidate scan). These two functions are
-- those conditions' values (the definitions track-filter-sql.ts filters by), declared IMMUTABLE —
-- they read only their arguments — so they can be indexed: the genre condition becomes
-- `track_genre_tags(metadata, true) && $genres` (GIN), the BPM range a range over
-- `track_bpm(metadata, true)` (btree). The exact plan then reads only the matching tracks, and
-- ANALYZE keeps statistics on both expressions, so the planner knows how selective a filter is.
-- test/db/track-filter-functions.test.ts checks both against the TypeScript definitions.

-- Lower-cased genre tags (catalog genre, file-tag genres, catalog tags, a metadata page's genres,
-- the LLM's genre and subgenre); with_imputed adds the imputed genre where the track states none.
-- The jsonb-to-text-list CASE is repeated per source on purpose: PostgreSQL 17+ (PGlite is 18)
-- evaluates index expressions under a search_path of pg_catalog only, so a helper function of
-- ours called from here is not found while the index builds unless its schema is written out,
-- and this schema does not name one (tried 2026-12-03: "function jsonb_text_list(jsonb) does not exist").
CREATE FUNCTION track_genre_tags(metadata jsonb, with_imputed boolean) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT DISTINCT lower(g) FROM jsonb_array_elements_text((CASE jsonb_typeof(metadata->'genre')
             WHEN 'array' THEN metadata->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'fileTags'->'genre')
             WHEN 'array' THEN metadata->'fileTags'->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'fileTags'->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'tags')
             WHEN 'array' THEN metadata->'tags'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'tags' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'web'->'genre')
             WHEN 'array' THEN metadata->'web'->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'web'->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'llm'->'genre')
             WHEN 'array' THEN metadata->'llm'->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'llm'->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'llm'->'subgenre')
             WHEN 'array' THEN metadata->'llm'->'subgenre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'llm'->'subgenre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END)
    || CASE WHEN with_imputed THEN (CASE WHEN EXISTS (SELECT 1 FROM jsonb_array_elements_text((CASE jsonb_typeof(metadata->'genre')
             WHEN 'array' THEN metadata->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'fileTags'->'genre')
             WHEN 'array' THEN metadata->'fileTags'->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'fileTags'->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'web'->'genre')
             WHEN 'array' THEN metadata->'web'->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'web'->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) || (CASE jsonb_typeof(metadata->'llm'->'genre')
             WHEN 'array' THEN metadata->'llm'->'genre'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'llm'->'genre' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END)) o
                  WHERE btrim(o) <> '' AND lower(btrim(o)) <> 'unknown') THEN '[]'::jsonb ELSE (CASE jsonb_typeof(metadata->'imputed'->'genre'->'value')
             WHEN 'array' THEN metadata->'imputed'->'genre'->'value'
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(metadata->'imputed'->'genre'->'value' #>> '{}', '\s*,\s*'))
             ELSE '[]'::jsonb END) END) ELSE '[]'::jsonb END) g)
$$;

-- Tempo as Track.bpm reports it: the first positive number of metadata.bpm, fileTags.bpm, web.bpm,
-- audio.bpm (src/util/bpm-sources.ts), then with_imputed the imputed one (metadata.imputed.bpm).
CREATE FUNCTION track_bpm(metadata jsonb, with_imputed boolean) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(
    CASE WHEN jsonb_typeof(metadata->'bpm') = 'number' AND (metadata->'bpm')::text::float8 > 0 THEN (metadata->'bpm')::text::float8 END,
    CASE WHEN jsonb_typeof(metadata->'fileTags'->'bpm') = 'number' AND (metadata->'fileTags'->'bpm')::text::float8 > 0 THEN (metadata->'fileTags'->'bpm')::text::float8 END,
    CASE WHEN jsonb_typeof(metadata->'web'->'bpm') = 'number' AND (metadata->'web'->'bpm')::text::float8 > 0 THEN (metadata->'web'->'bpm')::text::float8 END,
    CASE WHEN jsonb_typeof(metadata->'audio'->'bpm') = 'number' AND (metadata->'audio'->'bpm')::text::float8 > 0 THEN (metadata->'audio'->'bpm')::text::float8 END,
    CASE WHEN with_imputed AND jsonb_typeof(metadata->'imputed'->'bpm'->'value') = 'number' AND (metadata->'imputed'->'bpm'->'value')::text::float8 > 0 THEN (metadata->'imputed'->'bpm'->'value')::text::float8 END)
$$;

-- Searches filter with imputed values unless excludeImputed is set: the indexes serve that default.
-- Building them evaluates both functions once per track (seconds at 100k tracks; writes to tracks wait).
CREATE INDEX tracks_genre_tags ON tracks USING gin (track_genre_tags(metadata, true));
CREATE INDEX tracks_bpm ON tracks (track_bpm(metadata, true));
