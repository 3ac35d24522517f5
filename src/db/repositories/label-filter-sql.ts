import { sqlInt, vectorParam } from "./vector-sql.ts";

/**
 * Mood, instrument and genre conditions of a search (issues #6, #20), resolved by the search service
 * in the served model's space: a mood or instrument word becomes one query direction q̂
 * (src/labels/mood-score.ts), so
 * "score ≥ minScore" is "cos(audio, q̂) ≥ minCosine" and sorting by the score is sorting by that
 * cosine — pgvector's `<=>` with the vector as a bound parameter.
 */
export interface LabelConditions {
  /** the model whose audio embeddings, word vectors and soft genres are meant */
  modelId: number;
  dimensions: number;
  mood?: { direction: Float32Array; minCosine: number } | null;
  /**
   * instruments (issue #20): each word's direction and, per catalog, the cosine of its percentile
   * threshold within that catalog (a track is held to its own catalog's); every word must hold. A
   * track of a catalog not listed passes no instrument condition.
   */
  instruments?: ReadonlyArray<{ direction: Float32Array; thresholds: ReadonlyArray<{ catalog: string; minCosine: number }> }> | null;
  genre?: { label: string; minScore: number } | null;
  /** order results by this mood's (or instrument's) calibrated score instead of similarity */
  order?: { direction: Float32Array; length: number; temperature: number } | null;
}

/** Results sorted by a mood are the best this many relevance matches of each signal, re-ordered by the mood (one fixed set: pages agree, the ranking ends with it). */
export const MOOD_SORT_POOL = 200;

type Param = (value: unknown) => string;

/** Conditions on tracks alias `t` (appended with AND by trackFilterSql). */
export function labelConditionsSql(l: LabelConditions, t: string, p: Param): string[] {
  const m = sqlInt(l.modelId, "model id");
  const d = sqlInt(l.dimensions, "dimensions");
  const conds: string[] = [];
  if (l.mood) {
    conds.push(`EXISTS (SELECT 1 FROM embeddings me WHERE me.track_id = ${t}.id AND me.model_id = ${m} AND me.kind = 'audio'
                  AND 1 - (me.embedding::vector(${d}) <=> ${p(vectorParam(l.mood.direction))}::vector(${d})) >= ${p(l.mood.minCosine)}::float8)`);
  }
  for (const i of l.instruments ?? []) {
    const catalogs = p(i.thresholds.map((x) => x.catalog));
    const cosines = p(i.thresholds.map((x) => x.minCosine));
    conds.push(`EXISTS (SELECT 1 FROM embeddings ie
                   JOIN unnest(${catalogs}::text[], ${cosines}::float8[]) AS th(catalog, min_cosine) ON th.catalog = ie.catalog
                  WHERE ie.track_id = ${t}.id AND ie.model_id = ${m} AND ie.kind = 'audio'
                    AND 1 - (ie.embedding::vector(${d}) <=> ${p(vectorParam(i.direction))}::vector(${d})) >= th.min_cosine)`);
  }
  if (l.genre) {
    conds.push(`EXISTS (SELECT 1 FROM track_genres tg WHERE tg.track_id = ${t}.id AND tg.model_id = ${m}
                  AND tg.label = ${p(l.genre.label)} AND tg.score >= ${p(l.genre.minScore)}::float8)`);
  }
  return conds;
}

/**
 * For ordering by mood: a join bringing each candidate's audio embedding under the label model
 * (alias `mo`), the cosine column, and the calibrated score σ(|q|·cos / T).
 */
export function moodOrderSql(l: LabelConditions, candidate: string, params: unknown[]): { join: string; cosine: string; score: string } {
  const p: Param = (value) => {
    params.push(value);
    return `$${params.length}`;
  };
  const m = sqlInt(l.modelId, "model id");
  const d = sqlInt(l.dimensions, "dimensions");
  const o = l.order!;
  return {
    // LATERAL … LIMIT 1 (never flattened into a join): one primary-key probe per candidate, whatever the planner estimates
    join: `LEFT JOIN LATERAL (SELECT embedding FROM embeddings WHERE model_id = ${m} AND kind = 'audio' AND track_id = ${candidate}.track_id LIMIT 1) mo ON TRUE`,
    cosine: `1 - (mo.embedding::vector(${d}) <=> ${p(vectorParam(o.direction))}::vector(${d}))`,
    score: `1 / (1 + exp(-(${p(o.length)}::float8 * mood_cosine) / ${p(o.temperature)}::float8))`,
  };
}
