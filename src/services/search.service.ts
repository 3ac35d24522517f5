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
import { checkFilter, DEFAULT_MIN_GENRE_SHARE, DEFAULT_MIN_MOOD_SCORE, scopeFilter } from "./search-filter.ts";
import type { CatalogScope } from "./catalog-scope.ts";
import { checkMoodWords, MoodService } from "./mood.service.ts";
import { cosineForScore } from "../labels/mood-score.ts";
import type { LabelConditions } from "../db/repositories/label-filter-sql.ts";
import { checkOffset, checkPageSize, checkQueryText, MAX_PAGE_SIZE, MAX_RANK_OFFSET } from "./limits.ts";
import { mmrRerank } from "./mmr.ts";
import { requireTrack } from "./track.service.ts";
import { TrackTempoKeyRepository } from "../db/repositories/track-tempo-key.repository.ts";
import { parseQueryConstraints, type QueryConstraints } from "./query-constraints/parse-query.ts";
import {
  checkConstraintWeights,
  constraintBonus,
  constraintRerank,
  CONSTRAINT_WINDOW,
  DEFAULT_CONSTRAINT_WEIGHTS,
  type ConstraintWeights,
} from "./query-constraints/constraint-rerank.ts";
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
  /** tempo and key read from the query text that re-ranked this answer; null when none applied */
  interpreted?: { bpm: number | null; key: string | null } | null;
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
  /** text search: honour a tempo / key stated in the text (null = the server's default) */
  queryConstraints?: boolean | null;
  /** the caller's catalogs (catalog-scope.ts); null/absent = every catalog */
  catalogs?: CatalogScope;
}

/** Server-wide search settings (TUNELENS_QUERY_CONSTRAINTS). */
export interface SearchSettings {
  /** default of SearchOptions.queryConstraints */
  queryConstraints?: boolean;
  constraintWeights?: ConstraintWeights;
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
  /** tempo / key stated in the question, re-ranking its best candidates */
  constraints?: QueryConstraints | null;
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
  private readonly tempoKeys: TrackTempoKeyRepository;
  private readonly constraintsByDefault: boolean;
  private readonly constraintWeights: ConstraintWeights;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
    private readonly experiments: ExperimentService | null = null,
    /** several embedding spaces: requests and variants may name a model; null = only `runtime` */
    private readonly models: ModelSelector | null = null,
    settings: SearchSettings = {},
  ) {
    this.tempoKeys = new TrackTempoKeyRepository(db);
    this.constraintsByDefault = settings.queryConstraints ?? true;
    this.constraintWeights = checkConstraintWeights(settings.constraintWeights ?? DEFAULT_CONSTRAINT_WEIGHTS);
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
    const constraints = (opts.queryConstraints ?? this.constraintsByDefault) ? parseQueryConstraints(query) : null;
    // the fingerprint seeds interleaving: with and without constraints are different questions
    const q = { surface: "searchTracks" as const, fingerprint: `text:${constraints ? "c:" : ""}${query}`, excludeTrackIds: [], embed, constraints };
    return this.answer(q, page, ranking, opts);
  }

  /** Tracks that sound like `trackKey` (a track id or its catalog id); the track itself is excluded. */
  async similarTracks(trackKey: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING, opts: SearchOptions = {}): Promise<RankedPage> {
    checkPageSize(page.first);
    const source = await requireTrack(this.tracks, trackKey, opts.catalogs ?? null);
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
    // The tenant's scope joins the filter before anything ranks (search-filter.ts scopeFilter).
    const filter = await this.withLabels(scopeFilter(checkFilter(opts.filter), opts.catalogs ?? null), opts.sort);
    checkRanking(requested);
    if (opts.experiment && !this.experiments) throw new InvalidInputError("experiments are not enabled on this server");
    const plan = opts.experiment ? await this.experiments!.plan(opts.experiment) : ({ kind: "default" } as const);
    const need = offset + first + 1;
    const queryId = randomUUID();
    const fp = `${q.fingerprint}|${JSON.stringify(filter ?? {})}`;
    // Sorting by a mood orders by that score, not by relevance: nothing to re-rank then.
    const constraints = q.constraints && !filter?.labels?.order ? q.constraints : null;
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
      const [a, b] = await Promise.all([
        this.rank(q, await space(plan.a.ranking), plan.a.ranking, filter, need, constraints),
        this.rank(q, await space(plan.b.ranking), plan.b.ranking, filter, need, constraints),
      ]);
      // Seeded by (experiment, unit, question): every page of one question shows the same merged list.
      const merged = teamDraftInterleave(a.map((s) => s.trackId), b.map((s) => s.trackId), need, seededRandom(`${plan.seed}|${fp}`));
      const scores = { A: new Map(a.map((s) => [s.trackId, s.score])), B: new Map(b.map((s) => [s.trackId, s.score])) };
      ranked = merged.items.map((trackId, i) => ({ trackId, team: merged.teams[i], score: scores[merged.teams[i]].get(trackId)! }));
      variantNames = { A: plan.a.name, B: plan.b.name };
    } else {
      const ranking = plan.kind === "single" ? plan.ranking : requested;
      ranked = await this.rank(q, await space(ranking), ranking, filter, need, constraints);
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
      interpreted: constraints ? { bpm: constraints.bpm, key: constraints.keyName } : null,
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

  /**
   * The best `need` tracks under one ranking. MMR re-ranks a larger candidate pool; a query's
   * tempo/key re-orders the first CONSTRAINT_WINDOW candidates, always fetched in full so that
   * every page is cut from the same order.
   */
  private async rank(
    q: QueryVectors,
    space: { runtime: ModelRuntime; vectors: Vectors },
    ranking: RankingOptions,
    filter: TrackFilter | null,
    need: number,
    constraints: QueryConstraints | null,
  ): Promise<ScoredTrack[]> {
    const base = {
      model: space.runtime.model,
      audioVector: space.vectors.audioVector,
      descriptionVector: space.vectors.descriptionVector,
      signal: ranking.signal,
      alpha: ranking.alpha,
      excludeTrackIds: q.excludeTrackIds,
      filter,
    };
    const least = constraints ? CONSTRAINT_WINDOW : 0;
    if (ranking.mmrLambda == null || ranking.mmrLambda >= 1) {
      const ranked = await this.search.nearest({ ...base, limit: Math.max(need, least) });
      if (!constraints) return ranked;
      return constraintRerank(ranked, await this.bonuses(constraints, ranked)).slice(0, need);
    }
    const poolSize = Math.min(Math.max(need * MMR_POOL_FACTOR, least), MAX_RANK_OFFSET + MAX_PAGE_SIZE + 1);
    const pool = await this.search.nearest({ ...base, limit: poolSize, withVectors: true });
    // MMR's relevance is the boosted score; the answer reports each track's own similarity.
    const bonus = constraints ? await this.bonuses(constraints, pool) : new Map<string, number>();
    const candidates = pool.map((s) => ({
      ...s,
      score: s.score + (bonus.get(s.trackId) ?? 0),
      similarity: s.score,
      vector: ranking.signal === "description" ? (s.descriptionVector ?? s.audioVector ?? null) : (s.audioVector ?? s.descriptionVector ?? null),
    }));
    return mmrRerank(candidates, ranking.mmrLambda, need).map(({ similarity, ...s }) => ({ ...s, score: similarity }));
  }

  /** Tempo/key bonus of each of the first CONSTRAINT_WINDOW candidates (one SQL statement). */
  private async bonuses(c: QueryConstraints, ranked: readonly ScoredTrack[]): Promise<Map<string, number>> {
    const ids = ranked.slice(0, CONSTRAINT_WINDOW).map((s) => s.trackId);
    const tempoKeys = await this.tempoKeys.find(ids);
    return new Map(ids.map((id) => [id, constraintBonus(c, tempoKeys.get(id), this.constraintWeights)]));
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
