-- Issue #20: searches by an audio clip and by a vector run under experiments like the others: their
-- exposures name their surface.
ALTER TABLE exposures DROP CONSTRAINT exposures_surface_check;
ALTER TABLE exposures ADD CONSTRAINT exposures_surface_check
  CHECK (surface IN ('searchTracks', 'similarTracks', 'searchByAudio', 'searchByVector'));
