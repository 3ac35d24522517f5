/**
 * Search filters over what a track carries today (see docs/experiments.md § Filters):
 * - BPM: the first positive numeric of `metadata.bpm`, `metadata.fileTags.bpm`, `metadata.web.bpm`,
 *   `metadata.audio.bpm` (bpm-sources.ts: the same precedence as the `Track.bpm` field), then the
 *   imputed one; SQL function `track_bpm` (sql/048), indexed.
 * - genres: a genre tag (catalog `genre` (string or list), file-tag genres, catalog `tags`, a
 *   metadata page's genres, the LLM's genre/subgenre, then an imputed genre where the track states
 *   none: SQL function `track_genre_tags`, sql/048, GIN-indexed) equal to one of the requested
 *   names, case-insensitively. These are hard labels, i.e. score 1.0 (`minGenreScore`
 *   is validated but compares nothing); soft genre shares are filtered by `genre` below.
 * - moods: a mood the track states (catalog `mood`, a metadata page's moods, the LLM's mood: the
 *   sources Track.mood shows), then an imputed mood where it states none, or any description
 *   containing the word.
 * - mood / genre (issue #6): a zero-shot mood score or a soft genre share (`track_genres`) of at
 *   least minScore, resolved by the search service into `labels` (label-filter-sql.ts).
 * - instruments (issue #20): a zero-shot instrument score at or above a catalog percentile for every
 *   requested word, resolved like mood into `labels` (src/services/instrument.service.ts).
 * - tags: every requested tag among the catalog `tags` (list or comma-separated string).
 * - catalog, excluded track ids (id or externalId) and excluded artists.
 * Values are always bound parameters; only the fixed SQL shapes below are interpolated.
 */

import { labelConditionsSql, type LabelConditions } from "./label-filter-sql.ts";
import { BPM_SOURCES } from "../../util/bpm-sources.ts";

export interface TrackFilter {
  bpmMin?: number | null;
  bpmMax?: number | null;
  genres?: readonly string[] | null;
  minGenreScore?: number | null;
  moods?: readonly string[] | null;
  tags?: readonly string[] | null;
  catalogs?: readonly string[] | null;
  excludeTrackIds?: readonly string[] | null;
  excludeArtists?: readonly string[] | null;
  /** a zero-shot mood score (Track.moods) of at least `minScore` (default 0.5) */
  mood?: { word: string; minScore?: number | null } | null;
  /** zero-shot instruments (Track.instruments): each word's catalog percentile at least `minInstrumentPercentile` */
  instruments?: readonly string[] | null;
  /** default 0.8 (instrument.service.ts DEFAULT_MIN_INSTRUMENT_PERCENTILE) */
  minInstrumentPercentile?: number | null;
  /** a soft genre share (Track.genres) of at least `minScore` (default 0.2) */
  genre?: { label: string; minScore?: number | null } | null;
  /** true: bpm, genres and moods ignore values imputed from neighbours (metadata.imputed) */
  excludeImputed?: boolean | null;
  /** mood, instruments and genre resolved to SQL terms by the search service (label-filter-sql.ts); required when any is set */
  labels?: LabelConditions | null;
}

/** Labels of a metadata key that may hold a string, a list, or (tags) a comma-separated string. */
function labels(path: string): string {
  return `(CASE jsonb_typeof(${path})
             WHEN 'array' THEN ${path}
             WHEN 'string' THEN to_jsonb(regexp_split_to_array(${path} #>> '{}', '\\s*,\\s*'))
             ELSE '[]'::jsonb END)`;
}

/** A positive number at `path`, else NULL (a 0 or negative tempo is no statement). */
function numberAt(path: string): string {
  return `(CASE WHEN jsonb_typeof(${path}) = 'number' AND (${path})::text::float8 > 0 THEN (${path})::text::float8 END)`;
}


/**
 * True when the track states a mood itself (catalog, metadata page, LLM — the sources of
 * knownValue in src/ingest/imputation.ts): an imputed value left over from before then no longer
 * counts, as Track.mood no longer shows it. (The genre counterpart is inside sql/048's
 * track_genre_tags.)
 */
function statesOwn(t: string): string {
  return `EXISTS (SELECT 1 FROM jsonb_array_elements_text(${statedMoods(t)}) o
                  WHERE btrim(o) <> '' AND lower(btrim(o)) <> 'unknown')`;
}

/**
 * The moods a track states: catalog `mood`, a metadata page's (`web.mood`), the LLM's
 * (`llm.mood`), the sources Track.mood serves, so the `moods` filter matches what the field shows
 * (an LLM's mood is not always repeated in its description sentences).
 */
const statedMoods = (t: string) => ["->'mood'", "->'web'->'mood'", "->'llm'->'mood'"].map((path) => labels(`${t}.metadata${path}`)).join(" || ");

/** The imputed moods (metadata.imputed.mood.value, issue #20) where the track states none of its own, else none. */
const imputedMoods = (t: string) => `(CASE WHEN ${statesOwn(t)} THEN '[]'::jsonb ELSE ${labels(`${t}.metadata->'imputed'->'mood'->'value'`)} END)`;

/** The tempo Track.bpm shows (bpm-sources.ts order, nothing imputed): sql/048 track_bpm(metadata, false) is the same value. */
export const BPM_SQL = (t: string) =>
  `COALESCE(${BPM_SOURCES.map(({ path }) => `${numberAt(`${t}.metadata${path.map((k) => `->'${k}'`).join("")}`)}`).join(", ")})`;

const lowerList = (xs: readonly string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter((x) => x.length > 0))];

/** Escapes a word for a Postgres regular expression (`~*`). */
function regexWord(word: string): string {
  return `\\m${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\M`;
}

export function hasFilter(f: TrackFilter | null | undefined): boolean {
  return !!f && Object.values(f).some((v) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
}

/**
 * SQL conditions on tracks alias `t`, appended with AND; parameters are pushed onto `params`
 * (so their numbers continue the caller's). Returns "TRUE" for an empty filter.
 */
export function trackFilterSql(f: TrackFilter | null | undefined, t: string, params: unknown[]): string {
  if (!f) return "TRUE";
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conds: string[] = [];
  const imputed = !f.excludeImputed;
  // sql/048's indexed functions, called with a literal flag (a bound one would not match the
  // indexes, which serve the default `true`): a selective filter then reads only matching tracks
  const bpm = `track_bpm(${t}.metadata, ${imputed})`;
  if (f.bpmMin != null) conds.push(`${bpm} >= ${p(f.bpmMin)}::float8`);
  if (f.bpmMax != null) conds.push(`${bpm} <= ${p(f.bpmMax)}::float8`);
  // genre tags; an imputed genre counts only where the track states none (as Track.genre shows it)
  if (f.genres?.length) conds.push(`track_genre_tags(${t}.metadata, ${imputed}) && ${p(lowerList(f.genres))}::text[]`);
  if (f.moods?.length) {
    const moods = lowerList(f.moods);
    const moodLabels = `${statedMoods(t)}${imputed ? ` || ${imputedMoods(t)}` : ""}`;
    // imputed description sentences repeat the imputed value: they count only when it does
    conds.push(`(EXISTS (SELECT 1 FROM jsonb_array_elements_text(${moodLabels}) m WHERE lower(btrim(m)) = ANY(${p(moods)}::text[]))
      OR EXISTS (SELECT 1 FROM descriptions d WHERE d.track_id = ${t}.id${imputed ? ` AND (d.source <> 'imputed' OR NOT ${statesOwn(t)})` : " AND d.source <> 'imputed'"} AND d.text ~* ANY(${p(moods.map(regexWord))}::text[])))`);
  }
  if (f.tags?.length) {
    conds.push(`(SELECT count(DISTINCT lower(x)) FROM jsonb_array_elements_text(${labels(`${t}.metadata->'tags'`)}) x
                  WHERE lower(x) = ANY(${p(lowerList(f.tags))}::text[])) = ${p(lowerList(f.tags).length)}::int`);
  }
  if (f.catalogs?.length) conds.push(`${t}.catalog = ANY(${p([...f.catalogs])}::text[])`);
  if (f.excludeTrackIds?.length) {
    const ids = p([...f.excludeTrackIds]);
    conds.push(`NOT (${t}.id::text = ANY(${ids}::text[]) OR COALESCE(${t}.external_id, '') = ANY(${ids}::text[]))`);
  }
  if ((f.mood || f.genre || f.instruments?.length) && !f.labels) throw new Error("mood/genre/instrument filter used before the search service resolved it");
  if (f.labels) conds.push(...labelConditionsSql(f.labels, t, p));
  if (f.excludeArtists?.length) conds.push(`(${t}.artist IS NULL OR lower(${t}.artist) <> ALL(${p(lowerList(f.excludeArtists))}::text[]))`);
  return conds.length ? conds.join("\n           AND ") : "TRUE";
}
