import type { Database } from "../../db/database.ts";
import { KeywordSearchRepository, keywordTerms } from "../../db/repositories/keyword-search.repository.ts";
import { MOOD_SORT_POOL } from "../../db/repositories/label-filter-sql.ts";
import { SearchRepository, type ScoredTrack, type SearchSource } from "../../db/repositories/search.repository.ts";
import type { TrackFilter } from "../../db/repositories/track-filter-sql.ts";
import { NotFoundError } from "../errors.ts";
import { fuseRankings, type HybridFusion } from "../hybrid-fusion.ts";
import { mmrSequence } from "../mmr.ts";
import type { ModelRuntime } from "../model-runtime.ts";
import { constraintBonus, type ConstraintWeights } from "../query-constraints/constraint-rerank.ts";
import type { QueryConstraints } from "../query-constraints/parse-query.ts";
import { isMmr, type RankingOptions } from "../search-request.ts";
import { CANDIDATE_DEPTHS, continueByKey, poolCache, tierOf } from "./tiered-ranking.ts";

/** A candidate in sequence order: `key` orders it, `score` is what the edge reports. */
export interface Candidate extends ScoredTrack {
  key: number;
  vector: Float32Array | null;
}

/** One model's view of the question; `sourceId` is the resolved source track once a pool named it. */
export type Space = {
  runtime: ModelRuntime;
  source: SearchSource;
  sourceId?: string;
  /** the resolved source track's own vectors, read by the same statement (relevance compares with them) */
  sourceVectors?: { audio: Float32Array | null; description: Float32Array | null };
};

/**
 * The candidate pools a search ranking pages through (tiered-ranking.ts): per depth, one SQL
 * statement over one model's space (search.repository.ts), fused with keyword matches for HYBRID
 * (hybrid-fusion.ts) and re-ranked by a tempo / key the text stated (constraint-rerank.ts).
 */
export class CandidatePools {
  private readonly search: SearchRepository;
  private readonly keywords: KeywordSearchRepository;

  constructor(
    db: Database,
    private readonly constraintWeights: ConstraintWeights,
    private readonly hybridFusion: HybridFusion,
  ) {
    this.search = new SearchRepository(db);
    this.keywords = new KeywordSearchRepository(db);
  }

  /**
   * One ranking's candidate pools (tiered-ranking.ts), each one SQL statement, fetched at most
   * once per request. The order key is the score (similarity, or a mood's score under a mood
   * sort), plus the tempo/key bonus when the text stated one; edges report the score.
   */
  pools(space: Space, ranking: RankingOptions, filter: TrackFilter | null, constraints: QueryConstraints | null, keywords?: string | null) {
    const mmr = isMmr(ranking);
    const bonus = (r: { bpm?: number | null; musicalKey?: string | null }) =>
      constraints ? constraintBonus(constraints, { bpm: r.bpm ?? null, key: r.musicalKey ?? null }, this.constraintWeights) : 0;
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
        score: hybrid && constraints ? r.score + bonus(r) : r.score,
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
        key: constraints ? r.score + bonus(r) : r.score,
        vector: !mmr ? null : ranking.signal === "description" ? (r.descriptionVector ?? r.audioVector ?? null) : (r.audioVector ?? r.descriptionVector ?? null),
      }));
    }, fixedDepth);
  }

  /** Ranks 1..count of one ranking: its key order, or its MMR order over the same pools. */
  async prefix(pools: (tier: number) => Promise<Candidate[]>, ranking: RankingOptions, count: number): Promise<Array<Candidate & { rank: number }>> {
    if (!isMmr(ranking)) return continueByKey(pools, null, count);
    const order = await mmrSequence(pools, tierOf, CANDIDATE_DEPTHS.length, ranking.mmrLambda!, count);
    return order.map((c, i) => ({ ...c, rank: i + 1 }));
  }
}
