import { randomUUID } from "node:crypto";
import type { Database } from "../db/database.ts";
import { EmbeddingRepository } from "../db/repositories/embedding.repository.ts";
import { SearchRepository, type RankingSignal, type ScoredTrack } from "../db/repositories/search.repository.ts";
import type { TrackFilter } from "../db/repositories/track-filter-sql.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import type { ExposureRow } from "../db/repositories/exposure.repository.ts";
import { decodeRankCursor, encodeRankCursor } from "./cursor.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { ExperimentRequest, ExperimentService } from "./experiment.service.ts";
import { seededRandom, teamDraftInterleave, type Team } from "./experiments/interleaving.ts";
import { checkFilter, DEFAULT_MIN_GENRE_SHARE, DEFAULT_MIN_MOOD_SCORE } from "./search-filter.ts";
import { checkMoodWords, MoodService } from "./mood.service.ts";
import { cosineForScore } from "../labels/mood-score.ts";
import type { LabelConditions } from "../db/repositories/label-filter-sql.ts";
import { checkOffset, checkPageSize, checkQueryText, MAX_PAGE_SIZE, MAX_RANK_OFFSET } from "./limits.ts";
import { mmrRerank } from "./mmr.ts";
import { requireTrack } from "./track.service.ts";
import type { ModelRuntime } from "./model-runtime.ts";

export interface RankingOptions {
  signal: RankingSignal;
  /** weight of audio similarity in the fused score */
  alpha: number;
  /** MMR diversity: 1 (or absent) = plain ranking, lower = more varied results */
  mmrLambda?: number | null;
  /** the embedding space to rank in (model name or version); absent = the request's or the active model */
  model?: string | null;
}

export const DEFAULT_RANKING: RankingOptions = { signal: "fused", alpha: 0.5 };

export interface RankedHit {
  trackId: string;
  score: number;
  /** 1-based position in the full ranking */
  rank: number;
  cursor: string;
  /** interleaved answers: the variant that contributed this item */
  variant?: string | null;
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

export interface SearchOptions {
  filter?: TrackFilter | null;
  experiment?: ExperimentRequest | null;
  /** order by a mood's score (among the best relevance matches) instead of relevance */
  sort?: SearchSort | null;
  /** model name or version to search with (default: the active model) */
  model?: string | null;
}

/** Picks the model a request ranks with (src/services/model-registry.ts). */
export interface ModelSelector {
  resolve(name?: string | null): Promise<ModelRuntime>;
}

interface Vectors {
  audioVector: Float32Array | null;
  descriptionVector: Float32Array | null;
}

interface QueryVectors {
  surface: ExposureRow["surface"];
  /** identifies the question (text or source track, and filter): seeds interleaving so pages agree */
  fingerprint: string;
  excludeTrackIds: string[];
  /** the question in one model's space: each model embeds text (or stores a track) its own way */
  embed(runtime: ModelRuntime): Promise<Vectors>;
}

/** MMR re-ranks this many candidates per result needed (bounded by the deepest rank a client may page to). */
const MMR_POOL_FACTOR = 3;

/**
 * Text→track and track→track retrieval over the active model's vectors, with filters, optional
 * MMR diversity, and experiments (a variant's ranking, or team-draft interleaving of two) whose
 * answers are logged as exposures without waiting for the database.
 */
export class SearchService {
  private readonly search: SearchRepository;
  private readonly tracks: TrackRepository;
  private readonly embeddings: EmbeddingRepository;
  private readonly moods: MoodService;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
    private readonly experiments: ExperimentService | null = null,
    /** several embedding spaces: requests and variants may name a model; null = only `runtime` */
    private readonly models: ModelSelector | null = null,
  ) {
    this.search = new SearchRepository(db);
    this.moods = new MoodService(db, runtime);
    this.tracks = new TrackRepository(db);
    this.embeddings = new EmbeddingRepository(db);
  }

  async searchByText(text: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING, opts: SearchOptions = {}): Promise<RankedPage> {
    const query = checkQueryText(text);
    checkPageSize(page.first);
    const embed = async (runtime: ModelRuntime): Promise<Vectors> => {
      const [vector] = await runtime.encoder.embedTexts([query]);
      if (!hasDirection(vector)) {
        throw new InvalidInputError(`the model ${runtime.model.version} finds nothing it can match in this text`);
      }
      return { audioVector: vector, descriptionVector: vector };
    };
    const q = { surface: "searchTracks" as const, fingerprint: `text:${query}`, excludeTrackIds: [], embed };
    return this.answer(q, page, ranking, opts);
  }

  /** Tracks that sound like `trackKey` (a track id or its catalog id); the track itself is excluded. */
  async similarTracks(trackKey: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING, opts: SearchOptions = {}): Promise<RankedPage> {
    checkPageSize(page.first);
    const source = await requireTrack(this.tracks, trackKey);
    const embed = async (runtime: ModelRuntime): Promise<Vectors> => {
      const [audioVector, descriptionVector] = await Promise.all([
        this.embeddings.find(source.id, runtime.model.id, "audio"),
        this.embeddings.find(source.id, runtime.model.id, "description"),
      ]);
      if (!audioVector && !descriptionVector) {
        throw new NotFoundError(`track ${trackKey} has no embedding under model ${runtime.model.version} yet`);
      }
      return { audioVector, descriptionVector };
    };
    const q = { surface: "similarTracks" as const, fingerprint: `track:${source.id}`, excludeTrackIds: [source.id], embed };
    return this.answer(q, page, ranking, opts);
  }

  private async answer(q: QueryVectors, page: PageRequest, requested: RankingOptions, opts: SearchOptions): Promise<RankedPage> {
    const first = checkPageSize(page.first);
    const offset = checkOffset(decodeRankCursor(page.after));
    const filter = await this.withLabels(checkFilter(opts.filter), opts.sort);
    checkRanking(requested);
    if (opts.experiment && !this.experiments) throw new InvalidInputError("experiments are not enabled on this server");
    const plan = opts.experiment ? await this.experiments!.plan(opts.experiment) : ({ kind: "default" } as const);
    const need = offset + first + 1;
    const queryId = randomUUID();
    const fp = `${q.fingerprint}|${JSON.stringify(filter ?? {})}`;
    // A variant naming its own model ranks in that space; the question is embedded once per model.
    const spaces = new Map<string, Promise<{ runtime: ModelRuntime; vectors: Vectors }>>();
    const space = (ranking: RankingOptions) => {
      const name = ranking.model ?? opts.model ?? null;
      let hit = spaces.get(name ?? "");
      if (!hit) {
        hit = this.runtimeFor(name).then(async (runtime) => ({ runtime, vectors: await q.embed(runtime) }));
        spaces.set(name ?? "", hit);
      }
      return hit;
    };

    let ranked: Array<{ trackId: string; score: number; team?: Team }>;
    let variantNames: Record<Team, string> | null = null;
    if (plan.kind === "interleaved") {
      const [a, b] = await Promise.all([this.rank(q, await space(plan.a.ranking), plan.a.ranking, filter, need), this.rank(q, await space(plan.b.ranking), plan.b.ranking, filter, need)]);
      // Seeded by (experiment, unit, question): every page of one question shows the same merged list.
      const merged = teamDraftInterleave(a.map((s) => s.trackId), b.map((s) => s.trackId), need, seededRandom(`${plan.seed}|${fp}`));
      const scores = { A: new Map(a.map((s) => [s.trackId, s.score])), B: new Map(b.map((s) => [s.trackId, s.score])) };
      ranked = merged.items.map((trackId, i) => ({ trackId, team: merged.teams[i], score: scores[merged.teams[i]].get(trackId)! }));
      variantNames = { A: plan.a.name, B: plan.b.name };
    } else {
      const ranking = plan.kind === "single" ? plan.ranking : requested;
      ranked = await this.rank(q, await space(ranking), ranking, filter, need);
    }

    const window = ranked.slice(offset, offset + first);
    const result: RankedPage = {
      queryId,
      variant: plan.kind === "default" ? null : plan.variant,
      hits: window.map((s, i) => ({
        trackId: s.trackId,
        score: s.score,
        rank: offset + i + 1,
        cursor: encodeRankCursor(offset + i + 1),
        ...(variantNames && s.team ? { variant: variantNames[s.team] } : {}),
      })),
      hasNextPage: ranked.length > offset + first,
      hasPreviousPage: offset > 0,
    };
    if (plan.kind !== "default" && plan.log) {
      this.experiments!.logExposure(plan.log, {
        queryId,
        surface: q.surface,
        firstRank: offset + 1,
        trackIds: window.map((s) => s.trackId),
        teams: plan.kind === "interleaved" ? ranked.slice(0, offset + window.length).map((s) => s.team!) : null,
      });
    }
    return result;
  }

  /** The named model, or the active one; without a registry only the served model exists. */
  private runtimeFor(name: string | null): Promise<ModelRuntime> {
    if (this.models) return this.models.resolve(name);
    const m = this.runtime.model;
    if (!name || name === m.name || name === m.version) return Promise.resolve(this.runtime);
    return Promise.reject(new NotFoundError(`unknown model ${JSON.stringify(name)}: this server serves only ${m.name} (${m.version})`));
  }

  /**
   * Mood / genre filters and the mood sort in SQL terms, in the served model's space (where
   * Track.moods scores and soft genres live), whichever model ranks the answer.
   */
  private async withLabels(filter: TrackFilter | null, sort: SearchSort | null | undefined): Promise<TrackFilter | null> {
    const sortWord = checkSort(sort);
    if (!filter?.mood && !filter?.genre && !sortWord) return filter;
    const queries = await this.moods.queries([filter?.mood?.word, sortWord].filter((w): w is string => !!w));
    const mood = filter?.mood ? queries.get(filter.mood.word)! : null;
    const order = sortWord ? queries.get(sortWord)! : null;
    const labels: LabelConditions = {
      modelId: this.runtime.model.id,
      dimensions: this.runtime.model.dimensions,
      mood: mood ? { direction: mood.direction, minCosine: cosineForScore(filter!.mood!.minScore ?? DEFAULT_MIN_MOOD_SCORE, mood) } : null,
      genre: filter?.genre ? { label: filter.genre.label, minScore: filter.genre.minScore ?? DEFAULT_MIN_GENRE_SHARE } : null,
      order: order ? { direction: order.direction, length: order.length, temperature: order.temperature } : null,
    };
    return { ...(filter ?? {}), labels };
  }

  /** The best `need` tracks under one ranking (MMR re-ranks a larger candidate pool). */
  private async rank(q: QueryVectors, space: { runtime: ModelRuntime; vectors: Vectors }, ranking: RankingOptions, filter: TrackFilter | null, need: number): Promise<ScoredTrack[]> {
    const base = {
      model: space.runtime.model,
      audioVector: space.vectors.audioVector,
      descriptionVector: space.vectors.descriptionVector,
      signal: ranking.signal,
      alpha: ranking.alpha,
      excludeTrackIds: q.excludeTrackIds,
      filter,
    };
    if (ranking.mmrLambda == null || ranking.mmrLambda >= 1) return this.search.nearest({ ...base, limit: need });
    const pool = await this.search.nearest({ ...base, limit: Math.min(need * MMR_POOL_FACTOR, MAX_RANK_OFFSET + MAX_PAGE_SIZE + 1), withVectors: true });
    const candidates = pool.map((s) => ({ ...s, vector: ranking.signal === "description" ? (s.descriptionVector ?? s.audioVector ?? null) : (s.audioVector ?? s.descriptionVector ?? null) }));
    return mmrRerank(candidates, ranking.mmrLambda, need);
  }
}

export interface SearchSort {
  by: "relevance" | "mood";
  word?: string | null;
}

/** The mood word to sort by, or null for relevance order. */
function checkSort(sort: SearchSort | null | undefined): string | null {
  if (!sort || sort.by === "relevance") return null;
  if (!sort.word) throw new InvalidInputError("sort.word is required with sort.by MOOD");
  return checkMoodWords([sort.word], "sort.word")[0];
}

function checkRanking(r: RankingOptions): void {
  if (!(Number.isFinite(r.alpha) && r.alpha >= 0 && r.alpha <= 1)) throw new InvalidInputError(`ranking.alpha must be in [0, 1], got ${r.alpha}`);
  if (r.mmrLambda != null && !(Number.isFinite(r.mmrLambda) && r.mmrLambda >= 0 && r.mmrLambda <= 1)) {
    throw new InvalidInputError(`ranking.mmrLambda must be in [0, 1], got ${r.mmrLambda}`);
  }
}
