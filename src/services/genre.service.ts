import type { Database } from "../db/database.ts";
import { DescriptionRepository } from "../db/repositories/description.repository.ts";
import { ImputationRepository } from "../db/repositories/imputation.repository.ts";
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

/** Neighbours that vote on a track's genre (exact audio k-NN among all tracks). */
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
    const neighboursRepo = new ImputationRepository(this.db);
    const out = new Map<string, GenreScore[]>();
    for (let i = 0; i < trackIds.length; i++) {
      const track = tracks[i];
      if (!track) continue;
      const a = audio.get(track.id);
      const neighbours = a ? await neighboursRepo.neighbours(track.id, modelId, 1, GENRE_NEIGHBOURS) : [];
      const texts = descriptions[i].filter((d) => d.source !== "imputed").map((d) => d.text);
      out.set(
        track.id,
        mixGenres([
          { weight: WEIGHT_TAGS, distribution: tagDistribution(track.metadata, vocab) },
          { weight: WEIGHT_DESCRIPTIONS, distribution: descriptionDistribution(texts, vocab) },
          { weight: WEIGHT_NEIGHBOURS, distribution: neighbourDistribution(neighbours.map((n) => ({ similarity: n.similarity, tags: tagDistribution(n.metadata, vocab) }))) },
          { weight: WEIGHT_ZERO_SHOT, distribution: a ? zeroShotDistribution(new Map(vocab.map((l) => [l, dot(a, wordVectors.get(l)!)]))) : null },
        ]),
      );
    }
    await this.genres.replace(modelId, out);
    return out;
  }
}
