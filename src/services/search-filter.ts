import { hasFilter, type TrackFilter } from "../db/repositories/track-filter-sql.ts";
import { InvalidInputError } from "./errors.ts";
import type { CatalogScope } from "./catalog-scope.ts";
import { normaliseLabel } from "../labels/vocabulary.ts";
import { checkMoodWords, MAX_MOOD_WORD_LENGTH } from "./mood.service.ts";
import { DEFAULT_MIN_INSTRUMENT_PERCENTILE } from "./instrument.service.ts";

const MAX_LIST = 100;
const MAX_VALUE = 200;

function list(name: string, xs: readonly string[] | null | undefined): string[] | null {
  if (!xs || xs.length === 0) return null;
  if (xs.length > MAX_LIST) throw new InvalidInputError(`filter.${name}: at most ${MAX_LIST} values`);
  const out = xs.map((x) => x.trim()).filter((x) => x.length > 0);
  if (out.some((x) => x.length > MAX_VALUE)) throw new InvalidInputError(`filter.${name}: values are at most ${MAX_VALUE} characters`);
  return out.length ? out : null;
}

/** A mood filter without minScore keeps tracks at least as close to the word as to the average mood word. */
export const DEFAULT_MIN_MOOD_SCORE = 0.5;
/** A genre filter without minScore keeps tracks with at least a fifth of their genre distribution on it. */
export const DEFAULT_MIN_GENRE_SHARE = 0.2;

function score(name: string, v: number | null | undefined, fallback: number): number {
  if (v == null) return fallback;
  if (!(Number.isFinite(v) && v > 0 && v < 1)) throw new InvalidInputError(`${name} must be strictly between 0 and 1, got ${v}`);
  return v;
}

function genreLabel(label: string): string {
  const l = normaliseLabel(label);
  if (!l) throw new InvalidInputError("filter.genre.label must not be empty");
  if (l.length > MAX_MOOD_WORD_LENGTH) throw new InvalidInputError(`filter.genre.label is longer than ${MAX_MOOD_WORD_LENGTH} characters`);
  return l;
}

/** Validates a search filter before any SQL runs; null when it filters nothing. */
export function checkFilter(f: TrackFilter | null | undefined): TrackFilter | null {
  if (!f || !hasFilter(f)) return null;
  for (const k of ["bpmMin", "bpmMax"] as const) {
    const v = f[k];
    if (v != null && !(Number.isFinite(v) && v >= 0 && v <= 1000)) throw new InvalidInputError(`filter.${k} must be between 0 and 1000`);
  }
  if (f.bpmMin != null && f.bpmMax != null && f.bpmMin > f.bpmMax) throw new InvalidInputError("filter.bpmMin is above filter.bpmMax");
  if (f.minGenreScore != null && !(f.minGenreScore >= 0 && f.minGenreScore <= 1)) throw new InvalidInputError("filter.minGenreScore must be in [0, 1]");
  const checked: TrackFilter = {
    bpmMin: f.bpmMin ?? null,
    bpmMax: f.bpmMax ?? null,
    genres: list("genres", f.genres),
    minGenreScore: f.minGenreScore ?? null,
    moods: list("moods", f.moods),
    tags: list("tags", f.tags),
    catalogs: list("catalogs", f.catalogs),
    excludeTrackIds: list("excludeTrackIds", f.excludeTrackIds),
    excludeArtists: list("excludeArtists", f.excludeArtists),
    mood: f.mood ? { word: checkMoodWords([f.mood.word], "filter.mood.word")[0], minScore: score("filter.mood.minScore", f.mood.minScore, DEFAULT_MIN_MOOD_SCORE) } : null,
    excludeImputed: f.excludeImputed ?? null,
    instruments: f.instruments?.length ? checkMoodWords(f.instruments, "filter.instruments") : null,
    // validated even alone; kept only with instruments (it qualifies them)
    minInstrumentPercentile: (() => {
      const p = score("filter.minInstrumentPercentile", f.minInstrumentPercentile, DEFAULT_MIN_INSTRUMENT_PERCENTILE);
      return f.instruments?.length ? p : null;
    })(),
    genre: f.genre ? { label: genreLabel(f.genre.label), minScore: score("filter.genre.minScore", f.genre.minScore, DEFAULT_MIN_GENRE_SHARE) } : null,
  };
  return hasFilter(checked) ? checked : null;
}

/**
 * No catalog can carry this name (catalog names match CATALOG_NAME_RE, no slash): a scoped caller
 * asking only for catalogs outside its scope gets a filter that matches nothing, not an error that
 * would tell it those catalogs exist.
 */
export const NO_CATALOG = "/";

/**
 * The caller's catalog scope as part of the filter: the one place every ranked answer (text,
 * similar track, any experiment variant, MMR pool, mood sort) is restricted to a tenant's
 * catalogs. It narrows `catalogs`, so the search repository's one-catalog path (and a per-catalog
 * HNSW index) serves a key scoped to one catalog. Apply after checkFilter, before any SQL.
 */
export function scopeFilter(f: TrackFilter | null, scope: CatalogScope): TrackFilter | null {
  if (scope === null) return f;
  const requested = f?.catalogs?.length ? f.catalogs : null;
  const allowed = requested ? requested.filter((c) => scope.includes(c)) : [...scope];
  return { ...(f ?? {}), catalogs: allowed.length ? [...new Set(allowed)] : [NO_CATALOG] };
}
