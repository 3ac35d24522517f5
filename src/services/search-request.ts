import type { RankingSignal } from "../db/repositories/search.repository.ts";
import type { TrackFilter } from "../db/repositories/track-filter-sql.ts";
import type { CatalogScope } from "./catalog-scope.ts";
import { InvalidInputError } from "./errors.ts";
import type { ExperimentRequest } from "./experiment.service.ts";
import type { SearchSort } from "./search-label-terms.ts";

/*
 * What a search asks (the ranking, the page, the options) and what it answers, with the checks a
 * request passes before anything ranks. SearchService (search.service.ts) re-exports them.
 */

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

export function isMmr(r: RankingOptions): boolean {
  return r.mmrLambda != null && r.mmrLambda < 1;
}

export function checkRanking(r: RankingOptions): void {
  if (r.signal === "hybrid" && r.mmrLambda != null && r.mmrLambda < 1) {
    throw new InvalidInputError("ranking.mmrLambda (diversity) is not available with the HYBRID signal");
  }
  if (!(Number.isFinite(r.alpha) && r.alpha >= 0 && r.alpha <= 1)) throw new InvalidInputError(`ranking.alpha must be in [0, 1], got ${r.alpha}`);
  if (r.mmrLambda != null && !(Number.isFinite(r.mmrLambda) && r.mmrLambda >= 0 && r.mmrLambda <= 1)) {
    throw new InvalidInputError(`ranking.mmrLambda must be in [0, 1], got ${r.mmrLambda}`);
  }
}

/** A track key (id or catalog id) before it reaches SQL. */
export function checkTrackKey(key: string): string {
  const k = key.trim();
  if (!k) throw new InvalidInputError("trackId must not be empty");
  if (k.length > 1000) throw new InvalidInputError("trackId is longer than 1000 characters");
  return k;
}

export function checkModelName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new InvalidInputError("model must name the model whose space the vector is in");
  return trimmed;
}
