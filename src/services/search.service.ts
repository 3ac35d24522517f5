import { randomUUID } from "node:crypto";
import type { QueryIdSigner } from "./query-ids.ts";
import type { Database } from "../db/database.ts";
import type { SearchSource } from "../db/repositories/search.repository.ts";
import type { ExposureRow } from "../db/repositories/exposure.repository.ts";
import { decodePageCursor, encodeKeyedRankCursor, encodeRankCursor } from "./cursor.ts";
import { continueByKey, type KeyCursor } from "./ranking/tiered-ranking.ts";
import { CandidatePools, type Candidate, type Space } from "./ranking/candidate-pools.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { ExperimentService } from "./experiment.service.ts";
import { seededRandom, teamDraftInterleave, type Team } from "./experiments/interleaving.ts";
import { checkFilter, scopeFilter } from "./search-filter.ts";
import { SearchLabelTerms } from "./search-label-terms.ts";
import { MoodService } from "./mood.service.ts";
import { InstrumentService } from "./instrument.service.ts";
import { checkOffset, checkPageSize, checkQueryText } from "./limits.ts";
import { parseQueryConstraints, type QueryConstraints } from "./query-constraints/parse-query.ts";
import { checkConstraintWeights, DEFAULT_CONSTRAINT_WEIGHTS, type ConstraintWeights } from "./query-constraints/constraint-rerank.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import type { DecodedAudio } from "../embedding/encoder.ts";
import { checkHybridFusion, DEFAULT_HYBRID_FUSION, type HybridFusion } from "./hybrid-fusion.ts";
import { checkQueryVector } from "./query-vector.ts";
import { RelevanceService, type RelevanceQuery } from "./relevance.ts";
import {
  checkModelName,
  checkRanking,
  checkTrackKey,
  DEFAULT_RANKING,
  isMmr,
  type PageRequest,
  type RankedPage,
  type RankingOptions,
  type SearchOptions,
} from "./search-request.ts";

// What a search asks and answers lives in search-request.ts; callers import it with the service.
export { DEFAULT_RANKING } from "./search-request.ts";
export type { PageRequest, RankedHit, RankedPage, RankingOptions, SearchOptions } from "./search-request.ts";

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

/**
 * Text→track and track→track retrieval over the active model's vectors, with filters, optional
 * MMR diversity, and experiments (a variant's ranking, or team-draft interleaving of two) whose
 * answers are logged as exposures without waiting for the database. Every ranking pages through
 * ranking/tiered-ranking.ts (exact, stable pages cut from fixed-depth candidate pools), and each
 * pool is one SQL statement: a first page is one round trip.
 */
export class SearchService {
  private readonly candidates: CandidatePools;
  private readonly labelTerms: SearchLabelTerms;
  private readonly constraintsByDefault: boolean;
  private readonly queryIds: QueryIdSigner | null;
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
    this.queryIds = settings.queryIds ?? null;
    const constraintWeights = checkConstraintWeights(settings.constraintWeights ?? DEFAULT_CONSTRAINT_WEIGHTS);
    this.candidates = new CandidatePools(db, constraintWeights, checkHybridFusion(settings.hybridFusion ?? DEFAULT_HYBRID_FUSION));
    this.relevance = deps.relevance ?? new RelevanceService(db);
    this.labelTerms = new SearchLabelTerms(runtime, deps.moods ?? new MoodService(db, runtime), deps.instruments ?? new InstrumentService(db, runtime));
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
    const filter = await this.labelTerms.apply(scopeFilter(checkFilter(opts.filter), opts.catalogs ?? null), opts.sort);
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
        this.candidates.prefix(this.candidates.pools(await space(plan.a.ranking), plan.a.ranking, filter, constraints, q.keywords), plan.a.ranking, need),
        this.candidates.prefix(this.candidates.pools(await space(plan.b.ranking), plan.b.ranking, filter, constraints, q.keywords), plan.b.ranking, need),
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
      const pools = this.candidates.pools(await space(ranking), ranking, filter, constraints, q.keywords);
      if (isMmr(ranking)) {
        const all = await this.candidates.prefix(pools, ranking, need);
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
}

/** noGoodMatch looks at the ranking's first items as well as the page (src/services/relevance.ts). */
const HEAD_SIZE = 10;
