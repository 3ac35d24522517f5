import { randomUUID } from "node:crypto";
import type { QueryIdSigner } from "./query-ids.ts";
import type { Database } from "../db/database.ts";
import { SearchRepository, type RankingSignal, type ScoredTrack, type SearchSource } from "../db/repositories/search.repository.ts";
import type { TrackFilter } from "../db/repositories/track-filter-sql.ts";
import type { ExposureRow } from "../db/repositories/exposure.repository.ts";
import { decodePageCursor, encodeKeyedRankCursor, encodeRankCursor } from "./cursor.ts";
import { CANDIDATE_DEPTHS, continueByKey, poolCache, tierOf, type KeyCursor } from "./ranking/tiered-ranking.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { ExperimentRequest, ExperimentService } from "./experiment.service.ts";
import { seededRandom, teamDraftInterleave, type Team } from "./experiments/interleaving.ts";
import { checkFilter, DEFAULT_MIN_GENRE_SHARE, DEFAULT_MIN_MOOD_SCORE, scopeFilter } from "./search-filter.ts";
import type { CatalogScope } from "./catalog-scope.ts";
import { checkMoodWords, MoodService } from "./mood.service.ts";
import { DEFAULT_MIN_INSTRUMENT_PERCENTILE, InstrumentService } from "./instrument.service.ts";
import { cosineForScore } from "../labels/mood-score.ts";
import { MOOD_SORT_POOL, type LabelConditions } from "../db/repositories/label-filter-sql.ts";
import { checkOffset, checkPageSize, checkQueryText } from "./limits.ts";
import { mmrSequence } from "./mmr.ts";
import { parseQueryConstraints, type QueryConstraints } from "./query-constraints/parse-query.ts";
import {
  checkConstraintWeights,
  constraintBonus,
  DEFAULT_CONSTRAINT_WEIGHTS,
  type ConstraintWeights,
} from "./query-constraints/constraint-rerank.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import type { DecodedAudio } from "../embedding/encoder.ts";
import { KeywordSearchRepository, keywordTerms } from "../db/repositories/keyword-search.repository.ts";
import { checkHybridFusion, DEFAULT_HYBRID_FUSION, fuseRankings, type HybridFusion } from "./hybrid-fusion.ts";
import { checkQueryVector } from "./query-vector.ts";
import { RelevanceService, type RelevanceQuery } from "./relevance.ts";

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
  /** calibrated 0–1 (src/services/relevance.ts); null when the catalog is too small to calibrate */
  relevance?: number | null;
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
  /** no item at the head of the ranking reaches a good relevance (src/services/relevance.ts) */
  noGoodMatch?: boolean;
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
  /** mints query ids recordInteraction can verify (absent: plain random UUIDs) */
  queryIds?: QueryIdSigner;
  /** how HYBRID fuses keyword and vector relevance (TUNELENS_HYBRID_FUSION; default RRF, k = 60) */
  hybridFusion?: HybridFusion;
}

/**
 * Services a search shares with the rest of the server (start-server.ts hands in the ones that
 * answer Track.moods and Track.instruments, so a filter and the field read one catalog sample and
 * one vocabulary mean); each one absent is built on the search's database and served model.
 */
export interface SearchDeps {
  relevance?: RelevanceService;
  moods?: MoodService;
  instruments?: InstrumentService;
}

/** Picks the model a request ranks with (src/services/model-registry.ts). */
export interface ModelSelector {
  resolve(name?: string | null): Promise<ModelRuntime>;
}

interface QueryVectors {
  surface: ExposureRow["surface"];
  /** what relevance is calibrated against: unrelated texts, or other catalog tracks */
  kind: "text" | "track";
  /** identifies the question (text or source track, and filter): seeds interleaving so pages agree */
  fingerprint: string;
  /** tempo / key stated in the question, re-ranking its candidates */
  constraints?: QueryConstraints | null;
  /** the question's words, for the keyword half of HYBRID (text questions only) */
  keywords?: string | null;
  /** the question in one model's space: each model embeds text (or stores a track) its own way */
  source(runtime: ModelRuntime): Promise<SearchSource>;
}

/** A candidate in sequence order: `key` orders it, `score` is what the edge reports. */
interface Candidate extends ScoredTrack {
  key: number;
  vector: Float32Array | null;
}

/** One model's view of the question; `sourceId` is the resolved source track once a pool named it. */
type Space = {
  runtime: ModelRuntime;
  source: SearchSource;
  sourceId?: string;
  /** the resolved source track's own vectors, read by the same statement (relevance compares with them) */
  sourceVectors?: { audio: Float32Array | null; description: Float32Array | null };
};

/**
 * Text→track and track→track retrieval over the active model's vectors, with filters, optional
 * MMR diversity, and experiments (a variant's ranking, or team-draft interleaving of two) whose
 * answers are logged as exposures without waiting for the database. Every ranking pages through
 * ranking/tiered-ranking.ts (exact, stable pages cut from fixed-depth candidate pools), and each
 * pool is one SQL statement: a first page is one round trip.
 */
export class SearchService {
  private readonly search: SearchRepository;
  private readonly moods: MoodService;
  private readonly instruments: InstrumentService;
  private readonly constraintsByDefault: boolean;
  private readonly constraintWeights: ConstraintWeights;
  private readonly queryIds: QueryIdSigner | null;
  private readonly keywords: KeywordSearchRepository;
  private readonly hybridFusion: HybridFusion;
  private readonly relevance: RelevanceService;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
    private readonly experiments: ExperimentService | null = null,
    /** several embedding spaces: requests and variants may name a model; null = only `runtime` */
    private readonly models: ModelSelector | null = null,
    settings: SearchSettings = {},
    deps: SearchDeps = {},
  ) {
    this.constraintsByDefault = settings.queryConstraints ?? true;
    this.constraintWeights = checkConstraintWeights(settings.constraintWeights ?? DEFAULT_CONSTRAINT_WEIGHTS);
    this.search = new SearchRepository(db);
    this.queryIds = settings.queryIds ?? null;
    this.keywords = new KeywordSearchRepository(db);
    this.hybridFusion = checkHybridFusion(settings.hybridFusion ?? DEFAULT_HYBRID_FUSION);
    this.relevance = deps.relevance ?? new RelevanceService(db);
    this.moods = deps.moods ?? new MoodService(db, runtime);
    this.instruments = deps.instruments ?? new InstrumentService(db, runtime);
  }

  async searchByText(text: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING, opts: SearchOptions = {}): Promise<RankedPage> {
    const query = checkQueryText(text);
    checkPageSize(page.first);
    const source = async (runtime: ModelRuntime): Promise<SearchSource> => {
      const [vector] = await runtime.encoder.embedTexts([query]);
      if (!hasDirection(vector)) {
        throw new InvalidInputError(`the model ${runtime.model.version} finds nothing it can match in this text`);
      }
      return { kind: "vectors", audioVector: vector, descriptionVector: vector };
    };
    const constraints = (opts.queryConstraints ?? this.constraintsByDefault) ? parseQueryConstraints(query) : null;
    // the fingerprint seeds interleaving: with and without constraints are different questions
    const q = { surface: "searchTracks" as const, kind: "text" as const, fingerprint: `text:${constraints ? "c:" : ""}${query}`, source, constraints, keywords: query };
    return this.answer(q, page, ranking, opts);
  }

  /**
   * Tracks that sound like `trackKey` (a track id or its catalog id); the track itself is excluded.
   * The source track is resolved (within the caller's catalogs) and its vectors read inside the
   * search statement (one round trip).
   */
  async similarTracks(trackKey: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING, opts: SearchOptions = {}): Promise<RankedPage> {
    checkPageSize(page.first);
    const key = checkTrackKey(trackKey);
    // The caller's scope goes into the statement's source lookup: a scoped key asking about another
    // tenant's track finds no source and gets NOT_FOUND, exactly like a missing id (pools() below).
    const catalogs = opts.catalogs ?? null;
    const q = {
      surface: "similarTracks" as const,
      kind: "track" as const,
      fingerprint: `track:${key}`,
      source: async (): Promise<SearchSource> => ({ kind: "track", key, catalogs }),
    };
    return this.answer(q, page, ranking, opts);
  }

  /**
   * Tracks that sound like a clip (issue #20): decoded by the caller (audio-query.service.ts),
   * embedded with each ranking model's audio tower, compared with tracks' audio and description
   * vectors like a track of the catalog would be. Nothing of the clip is stored.
   */
  async searchByAudio(clip: DecodedAudio, clipId: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING, opts: SearchOptions = {}): Promise<RankedPage> {
    checkPageSize(page.first);
    const source = async (runtime: ModelRuntime): Promise<SearchSource> => {
      const vector = await runtime.encoder.embedAudio(clip);
      if (!hasDirection(vector)) throw new InvalidInputError("the clip is silent or too short to compare with anything");
      return { kind: "vectors", audioVector: vector, descriptionVector: vector };
    };
    // the fingerprint (a hash of the clip) seeds interleaving: every page of one clip agrees
    const q = { surface: "searchByAudio" as const, kind: "track" as const, fingerprint: `audio:${clipId}`, source };
    return this.answer(q, page, ranking, opts);
  }

  /**
   * Tracks nearest to a caller's vector (issue #20), in the space of the model it names: every
   * ranking of the answer (a variant's too) must use that model, since a vector means nothing in
   * another space. Compared with audio and description vectors as the ranking's signal says.
   */
  async searchByVector(vector: readonly number[], modelName: string, page: PageRequest, ranking: RankingOptions = DEFAULT_RANKING, opts: SearchOptions = {}): Promise<RankedPage> {
    checkPageSize(page.first);
    const named = await this.runtimeFor(checkModelName(modelName));
    const query = checkQueryVector(vector, named.model);
    const source = async (runtime: ModelRuntime): Promise<SearchSource> => {
      if (runtime.model.id !== named.model.id) {
        throw new InvalidInputError(`the vector is in the space of model ${named.model.version}; this ranking uses ${runtime.model.version}`);
      }
      return { kind: "vectors", audioVector: query, descriptionVector: query };
    };
    const q = { surface: "searchByVector" as const, kind: "track" as const, fingerprint: `vector:${named.model.id}:${Array.from(query).join(",")}`, source };
    return this.answer(q, page, ranking, { ...opts, model: named.model.version });
  }

  private async answer(q: QueryVectors, page: PageRequest, requested: RankingOptions, opts: SearchOptions): Promise<RankedPage> {
    const first = checkPageSize(page.first);
    const cursor = decodePageCursor(page.after);
    const offset = checkOffset(cursor?.rank ?? 0);
    // The tenant's scope joins the filter before anything ranks (search-filter.ts scopeFilter).
    const filter = await this.withLabels(scopeFilter(checkFilter(opts.filter), opts.catalogs ?? null), opts.sort);
    checkRanking(requested);
    if (opts.experiment && !this.experiments) throw new InvalidInputError("experiments are not enabled on this server");
    const plan = opts.experiment ? await this.experiments!.plan(opts.experiment) : ({ kind: "default" } as const);
    const need = offset + first + 1;
    const queryId = this.queryIds?.mint() ?? randomUUID();
    const fp = `${q.fingerprint}|${JSON.stringify(filter ?? {})}`;
    // Sorting by a mood orders by that score, not by relevance: nothing to re-rank then.
    const constraints = q.constraints && !filter?.labels?.order ? q.constraints : null;
    // A variant naming its own model ranks in that space; the question is embedded once per model.
    const spaces = new Map<string, Promise<Space>>();
    const space = (ranking: RankingOptions) => {
      const name = ranking.model ?? opts.model ?? null;
      let hit = spaces.get(name ?? "");
      if (!hit) {
        hit = this.runtimeFor(name).then(async (runtime) => ({ runtime, source: await q.source(runtime) }));
        spaces.set(name ?? "", hit);
      }
      return hit;
    };

    // Relevance is calibrated under the ranking that produced a hit, in its model's space.
    const basis = async (ranking: RankingOptions): Promise<RelevanceQuery> => {
      const { runtime, source, sourceId, sourceVectors } = await space(ranking);
      const catalogs = filter?.catalogs?.length ? filter.catalogs : null;
      // a track's own vectors came back with its pool (every ranking has fetched one by now)
      const vectors = source.kind === "vectors" ? { audio: source.audioVector, description: source.descriptionVector } : (sourceVectors ?? { audio: null, description: null });
      // HYBRID's hits carry the fused ranking's similarities
      const signal = ranking.signal === "hybrid" ? ("fused" as const) : ranking.signal;
      return { runtime, kind: q.kind, signal, alpha: ranking.alpha, catalogs, vectors, sourceTrackId: sourceId ?? null };
    };
    // `window`: this page's items plus one (hasNextPage); keyed: cursors carry (rank, key, id).
    // `head`: the ranking's first items when the window does not start there (noGoodMatch).
    let window: Array<Candidate & { rank: number; team?: Team; basis?: RelevanceQuery }>;
    let head: Array<Candidate & { basis?: RelevanceQuery }> = [];
    let keyed = false;
    let teams: Team[] | null = null;
    let variantNames: Record<Team, string> | null = null;
    if (plan.kind === "interleaved") {
      const [a, b] = await Promise.all([
        this.prefix(this.pools(await space(plan.a.ranking), plan.a.ranking, filter, constraints, q.keywords), plan.a.ranking, need),
        this.prefix(this.pools(await space(plan.b.ranking), plan.b.ranking, filter, constraints, q.keywords), plan.b.ranking, need),
      ]);
      // Seeded by (experiment, unit, question): every page of one question shows the same merged list.
      const merged = teamDraftInterleave(a.map((s) => s.trackId), b.map((s) => s.trackId), need, seededRandom(`${plan.seed}|${fp}`));
      const byTeam = { A: new Map(a.map((s) => [s.trackId, s])), B: new Map(b.map((s) => [s.trackId, s])) };
      const bases = { A: await basis(plan.a.ranking), B: await basis(plan.b.ranking) };
      const ranked = merged.items.map((trackId, i) => ({ ...byTeam[merged.teams[i]].get(trackId)!, rank: i + 1, team: merged.teams[i], basis: bases[merged.teams[i]] }));
      window = ranked.slice(offset);
      head = ranked.slice(0, Math.min(offset, HEAD_SIZE));
      teams = merged.teams.slice(0, offset + first);
      variantNames = { A: plan.a.name, B: plan.b.name };
    } else {
      const ranking = plan.kind === "single" ? plan.ranking : requested;
      const pools = this.pools(await space(ranking), ranking, filter, constraints, q.keywords);
      if (isMmr(ranking)) {
        const all = await this.prefix(pools, ranking, need);
        window = all.slice(offset);
        head = all.slice(0, Math.min(offset, HEAD_SIZE));
      } else {
        keyed = true;
        // A rank-only cursor (from an interleaved or MMR answer) is continued from rank 1.
        window = cursor && cursor.key === undefined && offset > 0
          ? (await continueByKey(pools, null, need)).slice(offset)
          : await continueByKey(pools, cursor?.key === undefined ? null : (cursor as KeyCursor), first + 1);
        // the head comes from the first pool, which this request has already fetched
        if (offset > 0) head = await continueByKey(pools, null, Math.min(offset, HEAD_SIZE));
      }
      const b = await basis(ranking);
      for (const s of [...head, ...window]) s.basis = b;
    }

    const shown = window.slice(0, first);
    // a post-step on the ranking: the order and the raw scores are left exactly as ranked
    const annotated = [...head, ...shown] as Array<Candidate & { basis: RelevanceQuery }>;
    const calibrated = await this.relevance.annotate(annotated, head.length, annotated.length);
    const result: RankedPage = {
      queryId,
      variant: plan.kind === "default" ? null : plan.variant,
      hits: shown.map((s, i) => ({
        trackId: s.trackId,
        score: s.score,
        rank: s.rank,
        cursor: keyed ? encodeKeyedRankCursor(s.rank, s.key, s.trackId) : encodeRankCursor(s.rank),
        relevance: calibrated.relevance[i] ?? null,
        ...(variantNames && s.team ? { variant: variantNames[s.team] } : {}),
      })),
      hasNextPage: window.length > first,
      hasPreviousPage: offset > 0,
      noGoodMatch: calibrated.noGoodMatch,
      interpreted: constraints ? { bpm: constraints.bpm, key: constraints.keyName } : null,
    };
    if (plan.kind !== "default" && plan.log) {
      this.experiments!.logExposure(plan.log, {
        queryId,
        surface: q.surface,
        firstRank: offset + 1,
        trackIds: shown.map((s) => s.trackId),
        teams: plan.kind === "interleaved" ? teams!.slice(0, offset + shown.length) : null,
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
   * Mood / instrument / genre filters and the mood or instrument sort in SQL terms, in the served
   * model's space (where Track.moods, Track.instruments and soft genres live), whichever model
   * ranks the answer.
   */
  private async withLabels(filter: TrackFilter | null, sort: SearchSort | null | undefined): Promise<TrackFilter | null> {
    const sorted = checkSort(sort);
    const instrumentWords = filter?.instruments?.length ? filter.instruments : null;
    if (!filter?.mood && !filter?.genre && !instrumentWords && !sorted) return filter;
    const moodWords = [filter?.mood?.word, sorted?.by === "mood" ? sorted.word : null].filter((w): w is string => !!w);
    const [queries, instrumentOrder, instruments] = await Promise.all([
      moodWords.length ? this.moods.queries(moodWords) : Promise.resolve(new Map()),
      sorted?.by === "instrument" ? this.instruments.queries([sorted.word]) : Promise.resolve(null),
      instrumentWords ? this.instruments.thresholds(instrumentWords, filter!.minInstrumentPercentile ?? DEFAULT_MIN_INSTRUMENT_PERCENTILE) : Promise.resolve(null),
    ]);
    const mood = filter?.mood ? queries.get(filter.mood.word)! : null;
    const order = sorted ? (sorted.by === "mood" ? queries.get(sorted.word)! : instrumentOrder!.get(sorted.word)!) : null;
    const labels: LabelConditions = {
      modelId: this.runtime.model.id,
      dimensions: this.runtime.model.dimensions,
      mood: mood ? { direction: mood.direction, minCosine: cosineForScore(filter!.mood!.minScore ?? DEFAULT_MIN_MOOD_SCORE, mood) } : null,
      instruments: instruments ? instruments.map((i) => ({ direction: i.direction, minCosine: i.minCosine })) : null,
      genre: filter?.genre ? { label: filter.genre.label, minScore: filter.genre.minScore ?? DEFAULT_MIN_GENRE_SHARE } : null,
      order: order ? { direction: order.direction, length: order.length, temperature: order.temperature } : null,
    };
    return { ...(filter ?? {}), labels };
  }

  /**
   * One ranking's candidate pools (tiered-ranking.ts), each one SQL statement, fetched at most
   * once per request. The order key is the score (similarity, or a mood's score under a mood
   * sort), plus the tempo/key bonus when the text stated one; edges report the score.
   */
  private pools(space: Space, ranking: RankingOptions, filter: TrackFilter | null, constraints: QueryConstraints | null, keywords?: string | null) {
    const mmr = isMmr(ranking);
    // HYBRID: the FUSED pool of this depth fused with the keyword matches of the same depth
    // (hybrid-fusion.ts); the fused score orders it. A mood sort orders by the mood instead.
    const hybrid = ranking.signal === "hybrid" && !filter?.labels?.order;
    const signal = ranking.signal === "hybrid" ? ("fused" as const) : ranking.signal;
    // Sorted by a mood: the order is the mood's score over one fixed set, the best MOOD_SORT_POOL
    // relevance matches (a mood score says nothing about relevance, so deeper pools would only
    // append tracks less relevant than the ones shown, below the last mood score).
    const fixedDepth = filter?.labels?.order ? MOOD_SORT_POOL : undefined;
    return poolCache<Candidate>(async (depth) => {
      const pool = await this.search.pool({
        model: space.runtime.model,
        source: space.source,
        signal,
        alpha: ranking.alpha,
        depth,
        filter,
        withVectors: mmr,
        withTempoKey: !!constraints,
      });
      if (space.source.kind === "track") {
        const key = JSON.stringify(space.source.key.slice(0, 200));
        if (!pool.source) throw new NotFoundError(`no track with id ${key}`);
        if (!pool.source.embedded) throw new NotFoundError(`track ${key} has no embedding under model ${space.runtime.model.version} yet`);
        space.sourceId = pool.source.id;
        space.sourceVectors = { audio: pool.source.audio, description: pool.source.description };
      }
      const rows = pool.rows.map((r) => ({
        ...r,
        // HYBRID's vector half is re-ranked by a stated tempo / key first, in its own cosine units
        score: hybrid && constraints ? r.score + constraintBonus(constraints, { bpm: r.bpm ?? null, key: r.musicalKey ?? null }, this.constraintWeights) : r.score,
      }));
      if (hybrid) {
        rows.sort((a, b) => b.score - a.score || (a.trackId < b.trackId ? -1 : 1));
        const words = await this.keywords.match({ terms: keywordTerms(keywords ?? ""), limit: depth, excludeTrackIds: [], filter });
        const similarities = new Map(rows.map((r) => [r.trackId, r]));
        return fuseRankings(rows, words, this.hybridFusion).map((h) => ({
          trackId: h.trackId,
          score: h.score,
          key: h.score,
          audioScore: similarities.get(h.trackId)?.audioScore ?? null,
          descriptionScore: similarities.get(h.trackId)?.descriptionScore ?? null,
          vector: null,
        }));
      }
      return rows.map((r) => ({
        ...r,
        key: constraints ? r.score + constraintBonus(constraints, { bpm: r.bpm ?? null, key: r.musicalKey ?? null }, this.constraintWeights) : r.score,
        vector: !mmr ? null : ranking.signal === "description" ? (r.descriptionVector ?? r.audioVector ?? null) : (r.audioVector ?? r.descriptionVector ?? null),
      }));
    }, fixedDepth);
  }

  /** Ranks 1..count of one ranking: its key order, or its MMR order over the same pools. */
  private async prefix(pools: (tier: number) => Promise<Candidate[]>, ranking: RankingOptions, count: number): Promise<Array<Candidate & { rank: number }>> {
    if (!isMmr(ranking)) return continueByKey(pools, null, count);
    const order = await mmrSequence(pools, tierOf, CANDIDATE_DEPTHS.length, ranking.mmrLambda!, count);
    return order.map((c, i) => ({ ...c, rank: i + 1 }));
  }
}

/** noGoodMatch looks at the ranking's first items as well as the page (src/services/relevance.ts). */
const HEAD_SIZE = 10;

function isMmr(r: RankingOptions): boolean {
  return r.mmrLambda != null && r.mmrLambda < 1;
}

/** A track key (id or catalog id) before it reaches SQL. */
function checkTrackKey(key: string): string {
  const k = key.trim();
  if (!k) throw new InvalidInputError("trackId must not be empty");
  if (k.length > 1000) throw new InvalidInputError("trackId is longer than 1000 characters");
  return k;
}

export interface SearchSort {
  by: "relevance" | "mood" | "instrument";
  word?: string | null;
}

/** The mood or instrument word to sort by, or null for relevance order. */
function checkSort(sort: SearchSort | null | undefined): { by: "mood" | "instrument"; word: string } | null {
  if (!sort || sort.by === "relevance") return null;
  if (!sort.word) throw new InvalidInputError(`sort.word is required with sort.by ${sort.by.toUpperCase()}`);
  return { by: sort.by, word: checkMoodWords([sort.word], "sort.word")[0] };
}

function checkModelName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new InvalidInputError("model must name the model whose space the vector is in");
  return trimmed;
}

function checkRanking(r: RankingOptions): void {
  if (r.signal === "hybrid" && r.mmrLambda != null && r.mmrLambda < 1) {
    throw new InvalidInputError("ranking.mmrLambda (diversity) is not available with the HYBRID signal");
  }
  if (!(Number.isFinite(r.alpha) && r.alpha >= 0 && r.alpha <= 1)) throw new InvalidInputError(`ranking.alpha must be in [0, 1], got ${r.alpha}`);
  if (r.mmrLambda != null && !(Number.isFinite(r.mmrLambda) && r.mmrLambda >= 0 && r.mmrLambda <= 1)) {
    throw new InvalidInputError(`ranking.mmrLambda must be in [0, 1], got ${r.mmrLambda}`);
  }
}
