import { withVectorIndex, type Database } from "../db/database.ts";
import { DescriptionRepository } from "../db/repositories/description.repository.ts";
import { SearchRepository } from "../db/repositories/search.repository.ts";
import { LabelRepository } from "../db/repositories/label.repository.ts";
import { TrackGenreRepository, type GenreScore } from "../db/repositories/track-genre.repository.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import { dot } from "../labels/mood-score.ts";
import {
  descriptionDistribution, mixGenres, neighbourDistribution, tagDistribution, zeroShotDistribution,
  WEIGHT_DESCRIPTIONS, WEIGHT_NEIGHBOURS, WEIGHT_TAGS, WEIGHT_ZERO_SHOT,
} from "../labels/soft-genres.ts";
import { defaultLabels } from "../labels/vocabulary.ts";
import { wordVectorsFor } from "../labels/word-vectors.ts";
import type { ModelRuntime } from "./model-runtime.ts";

/** Neighbours that vote on a track's genre (nearest by audio). */
export const GENRE_NEIGHBOURS = 10;

/**
 * Soft genre labels (src/labels/soft-genres.ts): computed per track after ingest (the
 * `soft-genres` job) or for the whole catalog (`tunelens labels genres`), read by Track.genres
 * and the `genre` search filter.
 */
export class GenreService {
  private readonly genres: TrackGenreRepository;

  constructor(
    private readonly db: Database,
    private readonly runtime: ModelRuntime,
    private readonly vocabulary: readonly string[] = defaultLabels().genres,
  ) {
    this.genres = new TrackGenreRepository(db);
  }

  /** Stored distributions (empty for a track not computed yet). */
  genresOf(trackIds: readonly string[]): Promise<GenreScore[][]> {
    return this.genres.findByTrackIds(this.runtime.model.id, trackIds);
  }

  /** Computes and stores the distributions of these tracks (one transaction for the batch). */
  async compute(trackIds: readonly string[]): Promise<Map<string, GenreScore[]>> {
    const modelId = this.runtime.model.id;
    const vocab = this.vocabulary;
    const [tracks, descriptions, audio, wordVectors] = await Promise.all([
      new TrackRepository(this.db).findByIds(trackIds),
      new DescriptionRepository(this.db).findByTrackIds(trackIds),
      new LabelRepository(this.db).trackVectors(modelId, "audio", trackIds),
      // "{word}" with "music": a genre name alone ("house", "metal") is ambiguous to a text tower.
      wordVectorsFor(this.runtime.encoder, "music").vectors(vocab),
    ]);
    // Neighbours through the audio HNSW index (an exact scan per track is too slow for a catalog),
    // at the fused least ef_search rather than the deeper single-signal one searches get: they only
    // vote on tag shares, and this runs once per track of a catalog (ef 1000 would cost it ≈ 3×).
    const search = new SearchRepository(withVectorIndex(this.db, { ...this.db.vectorIndex, singleSignalEfSearch: this.db.vectorIndex.efSearch }));
    const neighbourLists = await Promise.all(
      tracks.map((t) => {
        const a = t ? audio.get(t.id) : undefined;
        if (!t || !a) return Promise.resolve([]);
        // Neighbours vote only within the track's own catalog: another tenant's tags must not
        // shape this track's genres (nor reveal that a similar track exists elsewhere).
        return search.nearest({ model: this.runtime.model, audioVector: a, descriptionVector: null, signal: "audio", alpha: 1, limit: GENRE_NEIGHBOURS, excludeTrackIds: [t.id], filter: { catalogs: [t.catalog] } });
      }),
    );
    const neighbourIds = [...new Set(neighbourLists.flat().map((n) => n.trackId))];
    const neighbourTracks = await new TrackRepository(this.db).findByIds(neighbourIds);
    const tagsOf = new Map(neighbourTracks.filter((t) => t !== null).map((t) => [t!.id, tagDistribution(t!.metadata, vocab)]));
    const out = new Map<string, GenreScore[]>();
    for (let i = 0; i < trackIds.length; i++) {
      const track = tracks[i];
      if (!track) continue;
      const a = audio.get(track.id);
      const texts = descriptions[i].filter((d) => d.source !== "imputed").map((d) => d.text);
      const neighbours = neighbourLists[i].map((n) => ({ similarity: n.score, tags: tagsOf.get(n.trackId) ?? null }));
      out.set(
        track.id,
        mixGenres([
          { weight: WEIGHT_TAGS, distribution: tagDistribution(track.metadata, vocab) },
          { weight: WEIGHT_DESCRIPTIONS, distribution: descriptionDistribution(texts, vocab) },
          { weight: WEIGHT_NEIGHBOURS, distribution: neighbourDistribution(neighbours) },
          { weight: WEIGHT_ZERO_SHOT, distribution: a ? zeroShotDistribution(new Map(vocab.map((l) => [l, dot(a, wordVectors.get(l)!)]))) : null },
        ]),
      );
    }
    await this.genres.replace(modelId, out);
    return out;
  }
}
