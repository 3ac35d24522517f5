-- Label alignment (issue #6): words of several label vocabularies embedded with a model's text
-- tower and clustered (synonyms across vocabularies share a cluster), and soft genre
-- distributions per track. Everything is keyed by model: vectors of one model mean nothing in
-- another's space, and re-aligning one model replaces only its rows.
CREATE TABLE label_clusters (
  model_id    integer NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  cluster_id  integer NOT NULL,
  -- the member closest to the centroid, used as the cluster's display name
  name        text NOT NULL,
  -- mean of the members' unit vectors, re-normalised (untyped: models differ in dimensions)
  centroid    vector NOT NULL,
  threshold   real NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, cluster_id)
);

CREATE TABLE label_members (
  model_id    integer NOT NULL,
  cluster_id  integer NOT NULL,
  -- lower-cased word as written in the vocabulary
  label       text NOT NULL,
  vocabulary  text NOT NULL,
  embedding   vector NOT NULL,
  PRIMARY KEY (model_id, label, vocabulary),
  FOREIGN KEY (model_id, cluster_id) REFERENCES label_clusters (model_id, cluster_id) ON DELETE CASCADE
);
CREATE INDEX label_members_label ON label_members (model_id, label);

-- A genre distribution per track and model (scores of one track sum to 1).
CREATE TABLE track_genres (
  track_id    uuid NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
  model_id    integer NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  label       text NOT NULL,
  score       real NOT NULL CHECK (score > 0 AND score <= 1),
  PRIMARY KEY (model_id, track_id, label)
);
CREATE INDEX track_genres_label ON track_genres (model_id, label, score);
