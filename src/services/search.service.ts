import { randomUUID } from "node:crypto";
import type { Database } from "../db/database.ts";
import { EmbeddingRepository } from "../db/repositories/embedding.repository.ts";
import { SearchRepository, type RankingSignal } from "../db/repositories/search.repository.ts";
import { TrackRepository, type TrackRecord } from "../db/repositories/track.repository.ts";
import { decodeRankCursor, encodeRankCursor } from "./cursor.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import { checkOffset, checkPageSize, checkQueryText } from "./limits.ts";
import type { ModelRuntime } from "./model-runtime.ts";

export interface RankingOptions {
  signal: RankingSignal;
  /** weight of audio similarity in the fused score */
  alpha: number;
}

export const DEFAULT_RANKING: RankingOptions = { signal: "fused", alpha: 0.5 };

export interface RankedHit {
  trackId: string;
  score: number;
  /** 1-based position in the full ranking */
  rank: number;
  cursor: string;
}

export interface RankedPage {
  queryId: string;
  variant: string | null;
  hits: RankedHit[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface PageRequest {
  first: number;
  after?: string | null;
}

/** Text→track and track→track retrieval over the active model's vectors. */
export class SearchService {
  private readonly search: SearchRepository;
  private readonly tracks: TrackRepository;
  private readonly embeddings: EmbeddingRepository;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
  ) {
    this.search = new SearchRepository(db);
    this.tracks = new TrackRepository(db);
    this.embeddings = new EmbeddingRepository(db);
  }

  async searchByText(text: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING): Promise<RankedPage> {
    const query = checkQueryText(text);
    const first = checkPageSize(page.first);
    const offset = checkOffset(decodeRankCursor(page.after));
    const [vector] = await this.runtime.encoder.embedTexts([query]);
    if (!hasDirection(vector)) {
      throw new InvalidInputError(`the model ${this.runtime.model.version} finds nothing it can match in this text`);
    }
    const scored = await this.search.nearest({
      model: this.runtime.model,
      audioVector: vector,
      descriptionVector: vector,
      signal: ranking.signal,
      alpha: ranking.alpha,
      limit: offset + first + 1,
      excludeTrackIds: [],
    });
    return toPage(scored, offset, first);
  }

  /** Tracks that sound like `trackKey` (a track id or its catalog id); the track itself is excluded. */
  async similarTracks(trackKey: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING): Promise<RankedPage> {
    const first = checkPageSize(page.first);
    const offset = checkOffset(decodeRankCursor(page.after));
    const source = await this.findTrack(trackKey);
    const modelId = this.runtime.model.id;
    const [audioVector, descriptionVector] = await Promise.all([
      this.embeddings.find(source.id, modelId, "audio"),
      this.embeddings.find(source.id, modelId, "description"),
    ]);
    if (!audioVector && !descriptionVector) {
      throw new NotFoundError(`track ${trackKey} has no embedding under model ${this.runtime.model.version} yet`);
    }
    const scored = await this.search.nearest({
      model: this.runtime.model,
      audioVector,
      descriptionVector,
      signal: ranking.signal,
      alpha: ranking.alpha,
      limit: offset + first + 1,
      excludeTrackIds: [source.id],
    });
    return toPage(scored, offset, first);
  }

  async findTrack(key: string): Promise<TrackRecord> {
    const track = await this.tracks.findByIdOrExternalId(key);
    if (!track) throw new NotFoundError(`no track with id ${JSON.stringify(key.slice(0, 200))}`);
    return track;
  }
}

function toPage(scored: { trackId: string; score: number }[], offset: number, first: number): RankedPage {
  const window = scored.slice(offset, offset + first);
  return {
    queryId: randomUUID(),
    variant: null,
    hits: window.map((s, i) => ({
      trackId: s.trackId,
      score: s.score,
      rank: offset + i + 1,
      cursor: encodeRankCursor(offset + i + 1),
    })),
    hasNextPage: scored.length > offset + first,
    hasPreviousPage: offset > 0,
  };
}
