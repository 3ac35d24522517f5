import type { Database, Queryable } from "../database.ts";
import type { ModelRecord } from "./model.repository.ts";
import { hasFilter, trackFilterSql, type TrackFilter } from "./track-filter-sql.ts";
import { MOOD_SORT_POOL, moodOrderSql } from "./label-filter-sql.ts";
import { hnswEfSearch, indexCast, parseVector, sqlInt, vectorIndexStorage, vectorParam } from "./vector-sql.ts";

/**
 * `hybrid` (issue #20) fuses the fused vector ranking with keyword relevance in the search service
 * (hybrid-fusion.ts); this repository only ever ranks by vectors and never receives it.
 */
export type RankingSignal = "audio" | "description" | "fused" | "hybrid";

export interface VectorQuery {
  model: ModelRecord;
  /** compared with tracks' audio embeddings */
  audioVector: Float32Array | null;
  /** compared with tracks' fused description embeddings */
  descriptionVector: Float32Array | null;
  signal: RankingSignal;
  /** weight of the audio similarity in the fused score, 0..1 */
  alpha: number;
  /** how many ranked rows to return (callers ask offset + first + 1) */
  limit: number;
  excludeTrackIds: readonly string[];
  /** conditions on the track (see track-filter-sql.ts); results still number `limit` when enough match */
  filter?: TrackFilter | null;
  /** also return each hit's stored vectors (MMR diversity needs them) */
  withVectors?: boolean;
}

export interface ScoredTrack {
  trackId: string;
  score: number;
  audioScore: number | null;
  descriptionScore: number | null;
  /** only with `withVectors` */
  audioVector?: Float32Array | null;
  descriptionVector?: Float32Array | null;
}

interface ScoreRow {
  track_id: string;
  score: number;
  audio_score: number | null;
  description_score: number | null;
  audio_vector?: string | null;
  description_vector?: string | null;
}

interface NearestStatement {
  sql: string;
  params: unknown[];
  filtered: boolean;
  /** candidates each index scan returns; ef_search is raised to at least this */
  limit: number;
}

/**
 * The least number of candidates each signal contributes to a fused ranking. Fusion re-scores the
 * union of two indexes' lists, so a list cut at the page depth changed with the depth: page 2
 * could reorder what page 1 had shown. With a fixed pool, every page ending within the first 50
 * ranks (the web page's first five pages of 10) comes from one candidate set. Re-scoring costs
 * per candidate row (two embedding lookups): a pool of 100 doubled the fused statement's time at
 * 10k tracks in `tunelens bench` (3.7 → 7.8 ms), so the pool is kept at 50.
 */
const FUSED_CANDIDATE_POOL = 50;

/** Tuples an iterative HNSW scan may visit for a filtered query (pgvector's default is 20,000). */
const FILTERED_MAX_SCAN_TUPLES = 100_000;

/**
 * Approximate nearest-neighbour search over the partial HNSW indexes. Each signal first takes its
 * top `limit` candidates from its index, then the union is re-scored exactly and ordered by score,
 * then track id, so that equal scores page stably.
 *
 * Filters are applied inside each candidate scan (a join on `tracks`), not after it: with
 * pgvector ≥ 0.8's iterative index scans (`hnsw.iterative_scan`, set per transaction) the index
 * keeps producing neighbours until `limit` of them pass the filter (or `hnsw.max_scan_tuples`,
 * raised for filtered queries, is reached), so a selective filter still fills the page. Where the planner prefers a sequential
 * scan (small or very selective sets) the answer is exact anyway.
 */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  async nearest(q: VectorQuery): Promise<ScoredTrack[]> {
    const statement = this.statement(q);
    if (!statement) return [];
    const rows = await this.inSearchTransaction(statement, (tx) => tx.query<ScoreRow>(statement.sql, statement.params));
    return rows.map((r) => ({
      trackId: r.track_id,
      score: Number(r.score),
      audioScore: r.audio_score === null ? null : Number(r.audio_score),
      descriptionScore: r.description_score === null ? null : Number(r.description_score),
      ...(q.withVectors
        ? {
            audioVector: r.audio_vector ? parseVector(r.audio_vector) : null,
            descriptionVector: r.description_vector ? parseVector(r.description_vector) : null,
          }
        : {}),
    }));
  }

  /**
   * The plan of `nearest`'s statement under the same settings (EXPLAIN, not run): which HNSW
   * index each candidate scan uses — the tests check a one-catalog search reaches its partial index.
   * `seqscan: false` plans as for a catalog too large to scan (a small one is read sequentially
   * and sorted exactly, which the planner rightly prefers below a few thousand rows).
   */
  async explain(q: VectorQuery, opts: { seqscan?: boolean } = {}): Promise<string[]> {
    const statement = this.statement(q);
    if (!statement) return [];
    const rows = await this.inSearchTransaction(statement, async (tx) => {
      if (opts.seqscan === false) await tx.query(`SELECT set_config('enable_seqscan', 'off', true)`);
      return tx.query<{ "QUERY PLAN": string }>(`EXPLAIN ${statement.sql}`, statement.params);
    });
    return rows.map((r) => r["QUERY PLAN"]);
  }

  private async inSearchTransaction<T>(statement: NearestStatement, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      // Per-query search settings stay inside this transaction (never on a pooled session).
      // A filtered scan may have to walk past many non-matching neighbours: allow 5× pgvector's
      // default of 20,000 visited tuples before an iterative scan gives up. One statement for all
      // settings: each round trip is a measurable share of a millisecond-scale search.
      const maxScan = statement.filtered ? `, set_config('hnsw.max_scan_tuples', '${FILTERED_MAX_SCAN_TUPLES}', true)` : "";
      await tx.query(`SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)${maxScan}`, [
        String(Math.min(1000, Math.max(hnswEfSearch(), statement.limit))),
      ]);
      return fn(tx);
      // Read-only: run again on a fresh connection if the backend dies under it (pg-database.ts).
    }, { readOnly: true });
  }

  private statement(q: VectorQuery): NearestStatement | null {
    const m = sqlInt(q.model.id, "model id");
    const d = sqlInt(q.model.dimensions, "dimensions");
    const useAudio = q.signal !== "description" && q.audioVector !== null;
    const useDescription = q.signal !== "audio" && q.descriptionVector !== null;
    if (!useAudio && !useDescription) return null;
    const alpha = q.signal === "fused" ? Math.min(1, Math.max(0, q.alpha)) : q.signal === "audio" ? 1 : 0;

    // Sorted by a mood: the best MOOD_SORT_POOL relevance matches, re-ordered by the mood's score.
    const order = q.filter?.labels?.order ? q.filter.labels : null;
    const params: unknown[] = [
      useAudio ? vectorParam(q.audioVector!) : null,
      useDescription ? vectorParam(q.descriptionVector!) : null,
      q.excludeTrackIds,
      order ? Math.max(q.limit, MOOD_SORT_POOL) : q.limit,
      alpha,
    ];
    const filtered = hasFilter(q.filter);
    const filterSql = filtered ? trackFilterSql(q.filter, "t", params) : "TRUE";
    // the candidate scan casts like the index it should use (TUNELENS_VECTOR_INDEX); re-scoring below is full precision
    const cast = indexCast(vectorIndexStorage(), d);
    // One catalog: the same condition on the embeddings row (sql/007 keeps embeddings.catalog equal
    // to the track's), which lets the planner pick that catalog's partial HNSW index when one exists
    // (catalog-index.repository.ts). Unnamed statements are planned with the bound value, so a
    // parameter proves the index predicate (test/db/catalog-index.test.ts checks the plan).
    const catalogs = [...new Set(q.filter?.catalogs ?? [])];
    const ownCatalog = catalogs.length === 1 ? ` AND c.catalog = $${params.push(catalogs[0])}::text` : "";
    const fused = useAudio && useDescription && !order;
    const candidates = fused ? Math.max(q.limit, FUSED_CANDIDATE_POOL) : q.limit;
    const candidateLimit = fused ? `$${params.push(candidates)}` : "$4";
    const candidate = (kind: "audio" | "description", param: string) => `(
        SELECT c.track_id FROM embeddings c${filtered ? " JOIN tracks t ON t.id = c.track_id" : ""}
         WHERE c.model_id = ${m} AND c.kind = '${kind}'${ownCatalog} AND NOT (c.track_id = ANY($3::uuid[]))
           AND ${filterSql}
         ORDER BY c.embedding::${cast} <=> ${param}::${cast}
         LIMIT ${candidateLimit})`;
    const parts = [useAudio ? candidate("audio", "$1") : null, useDescription ? candidate("description", "$2") : null]
      .filter((p): p is string => p !== null)
      .join(" UNION ");
    const vectors = q.withVectors ? ", a.embedding::text AS audio_vector, e.embedding::text AS description_vector" : "";
    const mood = order ? moodOrderSql(order, "c", params) : null;

    const sql = `
      WITH candidates AS (${parts}),
      scored AS (
        SELECT c.track_id${vectors},
               CASE WHEN $1::text IS NULL THEN NULL ELSE 1 - (a.embedding::vector(${d}) <=> $1::vector(${d})) END AS audio_score,
               CASE WHEN $2::text IS NULL THEN NULL ELSE 1 - (e.embedding::vector(${d}) <=> $2::vector(${d})) END AS description_score${mood ? `,
               ${mood.cosine} AS mood_cosine` : ""}
          FROM candidates c
          LEFT JOIN embeddings a ON a.track_id = c.track_id AND a.model_id = ${m} AND a.kind = 'audio'
          LEFT JOIN embeddings e ON e.track_id = c.track_id AND e.model_id = ${m} AND e.kind = 'description'${mood ? `
          ${mood.join}` : ""}
      )
      SELECT track_id, audio_score, description_score${q.withVectors ? ", audio_vector, description_vector" : ""},
             CASE
               WHEN audio_score IS NOT NULL AND description_score IS NOT NULL
                 THEN $5::float8 * audio_score + (1 - $5::float8) * description_score
               ELSE COALESCE(audio_score, description_score)
             END AS ${mood ? `relevance, ${mood.score} AS score` : "score"}
        FROM scored
       ORDER BY ${mood ? "mood_cosine" : "score"} DESC NULLS LAST, track_id
       LIMIT $4`;
    return { sql, params, filtered, limit: candidates };
  }
}
