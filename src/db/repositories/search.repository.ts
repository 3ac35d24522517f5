import type { Database } from "../database.ts";
import type { ModelRecord } from "./model.repository.ts";
import { BPM_SQL, hasFilter, trackFilterSql, type TrackFilter } from "./track-filter-sql.ts";
import { moodOrderSql } from "./label-filter-sql.ts";
import { isUuid } from "./track.repository.ts";
import { indexCast, parseVector, sqlInt, vectorParam } from "./vector-sql.ts";

/**
 * `hybrid` (issue #20) fuses the fused vector ranking with keyword relevance in the search service
 * (hybrid-fusion.ts); this repository only ever ranks by vectors and never receives it.
 */
export type RankingSignal = "audio" | "description" | "fused" | "hybrid";

/** What a search is about: query vectors (text), or a catalog track whose stored vectors are read inside the statement. */
export type SearchSource =
  | { kind: "vectors"; audioVector: Float32Array | null; descriptionVector: Float32Array | null }
  | {
      kind: "track";
      key: string;
      /**
       * The caller's catalogs (a scoped key): the source is looked for among them only, so another
       * tenant's track is not found (NOT_FOUND, like a missing one) and an external id two tenants
       * share names the caller's own. null = every catalog.
       */
      catalogs?: readonly string[] | null;
    };

export interface PoolQuery {
  model: ModelRecord;
  source: SearchSource;
  signal: RankingSignal;
  /** weight of the audio similarity in the fused score, 0..1 */
  alpha: number;
  /** candidates each signal's index scan contributes (the union is re-scored exactly) */
  depth: number;
  /** conditions on the track (see track-filter-sql.ts), applied inside each candidate scan */
  filter?: TrackFilter | null;
  /** also return each hit's stored vectors (MMR diversity needs them) */
  withVectors?: boolean;
  /** also return each hit's tempo and key (tempo/key re-ranking needs them) */
  withTempoKey?: boolean;
}

export interface VectorQuery {
  model: ModelRecord;
  audioVector: Float32Array | null;
  descriptionVector: Float32Array | null;
  signal: RankingSignal;
  alpha: number;
  /** how many ranked rows to return */
  limit: number;
  excludeTrackIds: readonly string[];
  filter?: TrackFilter | null;
  withVectors?: boolean;
}

export interface ScoredTrack {
  trackId: string;
  /** what orders the pool: the relevance, or under a mood sort the mood's score */
  score: number;
  audioScore: number | null;
  descriptionScore: number | null;
  /** only with `withVectors` */
  audioVector?: Float32Array | null;
  descriptionVector?: Float32Array | null;
  /** only with `withTempoKey`: Track.bpm and Track.key */
  bpm?: number | null;
  musicalKey?: string | null;
}

export interface Pool {
  /**
   * track sources: the resolved track (null = no such track), whether it has any vector under the
   * model, and those vectors (the relevance post-step compares with them: no second read)
   */
  source: { id: string; embedded: boolean; audio: Float32Array | null; description: Float32Array | null } | null;
  /** the candidates, exactly scored, ordered by score descending then track id */
  rows: ScoredTrack[];
}

interface PoolRow {
  source_id?: string;
  source_embedded?: boolean;
  source_audio?: string | null;
  source_description?: string | null;
  track_id: string | null;
  score: number | null;
  audio_score: number | null;
  description_score: number | null;
  audio_vector?: string | null;
  description_vector?: string | null;
  bpm?: number | string | null;
  musical_key?: string | null;
}

interface Statement {
  sql: string;
  params: unknown[];
}

/** Tuples an iterative HNSW scan may visit for a filtered query (pgvector's default is 20,000). */
const FILTERED_MAX_SCAN_TUPLES = 100_000;

/**
 * Candidate pools over the partial HNSW indexes, in ONE statement per search (one round trip):
 * the per-query HNSW settings, the track source's own vectors, each signal's index scan, exact
 * re-scoring of the union and the tracks' tempo/key all run inside it.
 *
 * Settings: `set_config(…, true)` in a one-row CTE that every index scan joins LATERALly and
 * references in a one-time filter (`s.ef IS NOT NULL`), so it is evaluated before the scan's
 * first tuple is fetched — where pgvector reads hnsw.ef_search and hnsw.iterative_scan. (A LIMIT
 * referencing it works too, but hides the row estimate from the planner, which then joins the
 * candidates to every embedding row.) "Local"
 * settings of a statement run outside a transaction end with that statement's implicit
 * transaction, so nothing leaks onto the pooled session (test/db/search-statement.test.ts shows
 * the setting takes effect and does not leak).
 *
 * Filters are applied inside each candidate scan (a join on `tracks`), not after it: with
 * pgvector ≥ 0.8's iterative index scans the index keeps producing neighbours until `depth` of
 * them pass the filter (or `hnsw.max_scan_tuples`, raised for filtered queries, is reached).
 * Where the planner prefers a sequential scan (small or very selective sets) the pool is exact.
 *
 * Re-scoring reads each candidate's vectors (and tempo/key) through LATERAL … LIMIT 1 lookups
 * (a LIMIT keeps the planner from flattening them into a join), i.e. one
 * primary-key probe per candidate whatever the planner's row estimates: a freshly loaded table
 * without statistics otherwise got a nested loop over every embedding row (0.5 s instead of 8 ms
 * for 128 candidates on 5,000 tracks).
 *
 * A pool is a deterministic function of (question, depth): the paging in
 * src/services/ranking/tiered-ranking.ts cuts every page from pools of a few fixed depths.
 */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  async pool(q: PoolQuery): Promise<Pool> {
    const statement = this.statement(q);
    if (!statement) return { source: null, rows: [] };
    const rows = await this.db.query<PoolRow>(statement.sql, statement.params);
    const first = rows[0];
    const source =
      q.source.kind === "track" && first?.source_id
        ? {
            id: first.source_id,
            embedded: first.source_embedded === true,
            audio: first.source_audio ? parseVector(first.source_audio) : null,
            description: first.source_description ? parseVector(first.source_description) : null,
          }
        : null;
    return { source, rows: rows.filter((r) => r.track_id !== null).map((r) => toScored(r, q)) };
  }

  /** The best `limit` tracks for query vectors (one pool of that depth, cut): imputation, bench and tests. */
  async nearest(q: VectorQuery): Promise<ScoredTrack[]> {
    const excluded = q.excludeTrackIds.length ? { ...(q.filter ?? {}), excludeTrackIds: [...(q.filter?.excludeTrackIds ?? []), ...q.excludeTrackIds] } : q.filter;
    const { rows } = await this.pool({
      model: q.model,
      source: { kind: "vectors", audioVector: q.audioVector, descriptionVector: q.descriptionVector },
      signal: q.signal,
      alpha: q.alpha,
      depth: q.limit,
      filter: excluded,
      withVectors: q.withVectors,
    });
    return rows.slice(0, q.limit);
  }

  /**
   * The plan of `pool`'s statement (EXPLAIN, not run): which HNSW index each candidate scan uses.
   * `seqscan: false` plans as for a catalog too large to scan (a small one is read sequentially
   * and sorted exactly, which the planner rightly prefers below a few thousand rows).
   */
  async explain(q: VectorQuery, opts: { seqscan?: boolean } = {}): Promise<string[]> {
    const statement = this.statement({
      model: q.model,
      source: { kind: "vectors", audioVector: q.audioVector, descriptionVector: q.descriptionVector },
      signal: q.signal,
      alpha: q.alpha,
      depth: q.limit,
      filter: q.filter,
    });
    if (!statement) return [];
    const rows = await this.db.transaction(async (tx) => {
      if (opts.seqscan === false) await tx.query(`SELECT set_config('enable_seqscan', 'off', true)`);
      return tx.query<{ "QUERY PLAN": string }>(`EXPLAIN ${statement.sql}`, statement.params);
    }, { readOnly: true });
    return rows.map((r) => r["QUERY PLAN"]);
  }

  private statement(q: PoolQuery): Statement | null {
    const m = sqlInt(q.model.id, "model id");
    const d = sqlInt(q.model.dimensions, "dimensions");
    const depth = sqlInt(q.depth, "depth");
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const fromTrack = q.source.kind === "track";
    const wants = { audio: q.signal !== "description", description: q.signal !== "audio" };
    if (q.source.kind === "vectors") {
      if (q.source.audioVector === null) wants.audio = false;
      if (q.source.descriptionVector === null) wants.description = false;
      if (!wants.audio && !wants.description) return null;
    }
    // The query vectors: bound parameters, or the source track's stored rows (read in this statement).
    let audioQ: string;
    let descriptionQ: string;
    let sourceCte = "";
    if (q.source.kind === "track") {
      const key = q.source.key;
      const uuid = p(isUuid(key) ? key : null);
      const scope = p(q.source.catalogs ? [...q.source.catalogs] : null);
      sourceCte = `src AS MATERIALIZED (
        SELECT t.id, sa.embedding AS av, sd.embedding AS dv
          FROM tracks t
          LEFT JOIN embeddings sa ON sa.track_id = t.id AND sa.model_id = ${m} AND sa.kind = 'audio'
          LEFT JOIN embeddings sd ON sd.track_id = t.id AND sd.model_id = ${m} AND sd.kind = 'description'
         WHERE ((${uuid}::uuid IS NOT NULL AND t.id = ${uuid}::uuid) OR t.external_id = ${p(key)})
           AND (${scope}::text[] IS NULL OR t.catalog = ANY(${scope}::text[]))
         ORDER BY (t.id = ${uuid}::uuid) DESC NULLS LAST, t.created_at
         LIMIT 1),`;
      audioQ = `(SELECT av FROM src)`;
      descriptionQ = `(SELECT dv FROM src)`;
    } else {
      audioQ = wants.audio ? `${p(vectorParam(q.source.audioVector!))}::vector(${d})` : "NULL";
      descriptionQ = wants.description ? `${p(vectorParam(q.source.descriptionVector!))}::vector(${d})` : "NULL";
    }
    const alpha = q.signal === "fused" ? Math.min(1, Math.max(0, q.alpha)) : q.signal === "audio" ? 1 : 0;
    const filtered = hasFilter(q.filter);
    const filterSql = filtered ? trackFilterSql(q.filter, "t", params) : "TRUE";
    const cast = indexCast(this.db.vectorIndex.storage, d);
    // One catalog: the same condition on the embeddings row (sql/007 keeps embeddings.catalog equal
    // to the track's), which lets the planner pick that catalog's partial HNSW index when one exists.
    const catalogs = [...new Set(q.filter?.catalogs ?? [])];
    const ownCatalog = catalogs.length === 1 ? ` AND c.catalog = ${p(catalogs[0])}::text` : "";
    const notSource = fromTrack ? ` AND c.track_id <> (SELECT id FROM src)` : "";
    // one index scan (one signal, or one query vector) gets its own, deeper least list: without a
    // second scan's candidates to re-score, its recall is the index's own (VectorIndexSettings)
    const single = !(wants.audio && wants.description);
    const least = single ? this.db.vectorIndex.singleSignalEfSearch : this.db.vectorIndex.efSearch;
    const ef = Math.min(1000, Math.max(least, q.depth));
    const maxScan = filtered ? `, set_config('hnsw.max_scan_tuples', '${FILTERED_MAX_SCAN_TUPLES}', true) AS max_scan` : "";
    const candidate = (kind: "audio" | "description", vector: string) => `
        SELECT x.track_id FROM settings s CROSS JOIN LATERAL (
          SELECT c.track_id FROM embeddings c${filtered ? " JOIN tracks t ON t.id = c.track_id" : ""}
           WHERE s.ef IS NOT NULL AND c.model_id = ${m} AND c.kind = '${kind}'${ownCatalog}${notSource} AND ${vector} IS NOT NULL
             AND ${filterSql}
           ORDER BY c.embedding::${cast} <=> ${vector}::${cast}
           LIMIT ${depth}) x`;
    const parts = [wants.audio ? candidate("audio", audioQ) : null, wants.description ? candidate("description", descriptionQ) : null]
      .filter((part): part is string => part !== null)
      .join("\n        UNION");
    const order = q.filter?.labels?.order ? q.filter.labels : null;
    const mood = order ? moodOrderSql(order, "c", params) : null;
    const vectors = q.withVectors ? ", a.embedding::text AS audio_vector, e.embedding::text AS description_vector" : "";
    const tempoKey = q.withTempoKey ? `, ${BPM_SQL("tk")} AS bpm, tk.metadata->'audio'->>'key' AS musical_key` : "";
    const a = p(alpha);
    const scored = `
      scored AS (
        SELECT c.track_id${vectors}${tempoKey},
               CASE WHEN a.embedding IS NULL OR ${audioQ} IS NULL THEN NULL ELSE 1 - (a.embedding::vector(${d}) <=> ${audioQ}::vector(${d})) END AS audio_score,
               CASE WHEN e.embedding IS NULL OR ${descriptionQ} IS NULL THEN NULL ELSE 1 - (e.embedding::vector(${d}) <=> ${descriptionQ}::vector(${d})) END AS description_score${mood ? `,
               ${mood.cosine} AS mood_cosine` : ""}
          FROM candidates c
          LEFT JOIN LATERAL (SELECT embedding FROM embeddings WHERE model_id = ${m} AND kind = 'audio' AND track_id = c.track_id LIMIT 1) a ON TRUE
          LEFT JOIN LATERAL (SELECT embedding FROM embeddings WHERE model_id = ${m} AND kind = 'description' AND track_id = c.track_id LIMIT 1) e ON TRUE${q.withTempoKey ? `
          JOIN LATERAL (SELECT metadata FROM tracks WHERE id = c.track_id LIMIT 1) tk ON TRUE` : ""}${mood ? `
          ${mood.join}` : ""}
      ),
      ranked AS (
        SELECT track_id, audio_score, description_score${q.withVectors ? ", audio_vector, description_vector" : ""}${q.withTempoKey ? ", bpm, musical_key" : ""},
               CASE
                 WHEN audio_score IS NOT NULL AND description_score IS NOT NULL
                   THEN ${a}::float8 * audio_score + (1 - ${a}::float8) * description_score
                 ELSE COALESCE(audio_score, description_score)
               END AS ${mood ? `relevance, ${mood.score} AS score` : "score"}
          FROM scored
         WHERE ${mood ? "mood_cosine" : "COALESCE(audio_score, description_score)"} IS NOT NULL
      )`;
    const settings = `settings AS MATERIALIZED (
        SELECT set_config('hnsw.ef_search', '${ef}', true) AS ef, set_config('hnsw.iterative_scan', 'relaxed_order', true) AS iterative${maxScan})`;
    const sql = fromTrack
      ? `
      WITH ${sourceCte}
      ${settings},
      candidates AS (${parts}),${scored}
      SELECT src.id AS source_id, (src.av IS NOT NULL OR src.dv IS NOT NULL) AS source_embedded,
             -- the source's own vectors, on the first row only (the relevance post-step needs them once)
             CASE WHEN row_number() OVER w = 1 THEN src.av::text END AS source_audio,
             CASE WHEN row_number() OVER w = 1 THEN src.dv::text END AS source_description, r.*
        FROM src LEFT JOIN ranked r ON TRUE
      WINDOW w AS (ORDER BY r.score DESC NULLS LAST, r.track_id)
       ORDER BY r.score DESC NULLS LAST, r.track_id`
      : `
      WITH ${settings},
      candidates AS (${parts}),${scored}
      SELECT * FROM ranked ORDER BY score DESC, track_id`;
    return { sql, params };
  }
}

function toScored(r: PoolRow, q: PoolQuery): ScoredTrack {
  return {
    trackId: r.track_id!,
    score: Number(r.score),
    audioScore: r.audio_score === null ? null : Number(r.audio_score),
    descriptionScore: r.description_score === null ? null : Number(r.description_score),
    ...(q.withVectors
      ? {
          audioVector: r.audio_vector ? parseVector(r.audio_vector) : null,
          descriptionVector: r.description_vector ? parseVector(r.description_vector) : null,
        }
      : {}),
    ...(q.withTempoKey ? { bpm: r.bpm == null ? null : Number(r.bpm), musicalKey: r.musical_key ?? null } : {}),
  };
}
