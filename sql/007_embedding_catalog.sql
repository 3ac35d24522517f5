-- Issue #8: the catalog of each embedding's track, on the embeddings row itself, so that a partial
-- HNSW index per catalog (`WHERE model_id = K AND kind = 'audio' AND catalog = 'acme'`) can exist:
-- an index predicate may only name columns of its own table. tracks.catalog stays the source of
-- truth; the two triggers below keep the copy equal to it, whoever writes the rows.
ALTER TABLE embeddings ADD COLUMN catalog text;

UPDATE embeddings e SET catalog = t.catalog FROM tracks t WHERE t.id = e.track_id;

-- tracks.catalog is NOT NULL and every embedding references a track, so the copy never is NULL
ALTER TABLE embeddings ALTER COLUMN catalog SET NOT NULL;

-- An inserted (or re-pointed) embedding takes its track's catalog, whatever the writer passed:
-- ingest, re-embedding and the bench's bulk loads need not know about the column.
CREATE FUNCTION embeddings_set_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT t.catalog INTO NEW.catalog FROM tracks t WHERE t.id = NEW.track_id;
  RETURN NEW;
END
$$;

CREATE TRIGGER embeddings_set_catalog
  BEFORE INSERT OR UPDATE OF track_id, catalog ON embeddings
  FOR EACH ROW EXECUTE FUNCTION embeddings_set_catalog();

-- A track moved to another catalog moves its embeddings with it (the UPDATE re-fires the trigger
-- above, which reads the new value: this one runs after the tracks row changed).
CREATE FUNCTION tracks_propagate_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE embeddings SET catalog = NEW.catalog WHERE track_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER tracks_propagate_catalog
  AFTER UPDATE OF catalog ON tracks
  FOR EACH ROW WHEN (OLD.catalog IS DISTINCT FROM NEW.catalog)
  EXECUTE FUNCTION tracks_propagate_catalog();

-- The catalogs that get per-catalog HNSW indexes (`tunelens index catalog NAME`): every model's
-- index build (ModelRepository.ensureVectorIndexes) also builds these catalogs' partial indexes.
CREATE TABLE catalog_indexes (
  catalog     text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now()
);
