import type { Database } from "../database.ts";
import { hasFilter, trackFilterSql, type TrackFilter } from "./track-filter-sql.ts";

export interface KeywordQuery {
  /** the words to look for (keywordTerms splits a query text) */
  terms: readonly string[];
  limit: number;
  excludeTrackIds: readonly string[];
  filter?: TrackFilter | null;
}

export interface KeywordHit {
  trackId: string;
  /**
   * ts_rank of the track's own document plus that of its best-matching description sentence (> 0,
   * unbounded): the best sentence, not the sum, so that a track with many descriptions is not
   * favoured for having them.
   */
  score: number;
}

/** A query longer than this many words is cut: each word is one bound tsquery term. */
export const MAX_KEYWORD_TERMS = 32;

/**
 * The words of a query, as the bound terms of a keyword search: letters and digits only (the
 * text search parser would split on the rest anyway), lower case, unique, at most MAX_KEYWORD_TERMS.
 */
export function keywordTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_KEYWORD_TERMS);
}

/**
 * Full-text keyword relevance (PostgreSQL text search over the generated `keywords` documents of
 * sql/020): titles, artists, albums, catalog tags and genres of the track, and its web, LLM and user
 * description sentences (imputed ones are neighbours' guesses, not evidence about this track).
 *
 * Words are OR-ed, not AND-ed: a title query ("Sweet Waltz") matches both words of its track and
 * ranks it first, while a sentence query ("calm waltz for a rainy day") still finds tracks that
 * match some of its words; ts_rank weighs how many and where (title A … description D).
 */
export class KeywordSearchRepository {
  constructor(private readonly db: Database) {}

  async match(q: KeywordQuery): Promise<KeywordHit[]> {
    if (q.terms.length === 0 || q.limit <= 0) return [];
    const params: unknown[] = [q.limit, [...q.excludeTrackIds]];
    // One plainto_tsquery per word, OR-ed with `||`: each word is a bound parameter, so no query
    // syntax from the caller ever reaches the tsquery parser. A stop word gives an empty query,
    // which `||` ignores.
    const query = q.terms.map((t) => `plainto_tsquery('english', $${params.push(t)}::text)`).join(" || ");
    const filterSql = hasFilter(q.filter) ? trackFilterSql(q.filter, "t", params) : "TRUE";
    const sql = `
      WITH q AS (SELECT ${query} AS query),
      hits AS (
        SELECT t.id AS track_id, 'track' AS part, ts_rank(t.keywords, q.query) AS r
          FROM tracks t, q
         WHERE t.keywords @@ q.query AND NOT (t.id = ANY($2::uuid[])) AND ${filterSql}
        UNION ALL
        SELECT d.track_id, 'description', ts_rank(d.keywords, q.query)
          FROM descriptions d JOIN tracks t ON t.id = d.track_id, q
         WHERE d.source <> 'imputed' AND d.keywords @@ q.query AND NOT (t.id = ANY($2::uuid[])) AND ${filterSql}
      )
      SELECT track_id,
             (coalesce(max(r) FILTER (WHERE part = 'track'), 0) + coalesce(max(r) FILTER (WHERE part = 'description'), 0))::float8 AS score
        FROM hits
       GROUP BY track_id
       ORDER BY score DESC, track_id
       LIMIT $1`;
    const rows = await this.db.query<{ track_id: string; score: number }>(sql, params);
    return rows.map((r) => ({ trackId: r.track_id, score: Number(r.score) }));
  }
}
