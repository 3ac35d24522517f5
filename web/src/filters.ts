import type { Chip } from "./chips.ts";
import { byId } from "./dom.ts";
import type { SearchFilterInput } from "./generated/graphql.ts";

/**
 * The page's filters: tempo range, genre, mood and tag. Kept in the URL (bpmMin, bpmMax, genre,
 * mood, tag) like the query, so a filtered view can be shared and Back undoes a filter.
 * - genre: the catalog's genre labels and tags (`filter.genres`, exact, case-insensitive)
 * - softGenre: a share of the track's genre distribution (`filter.genre`, ≥ 0.2), set by clicking
 *   a scored genre chip (Track.genres)
 * - mood: the zero-shot mood score (`filter.mood`, any word, score ≥ 0.5 by default)
 * - tag: a catalog tag (`filter.tags`)
 */
export interface Filters {
  bpmMin: number | null;
  bpmMax: number | null;
  genre: string | null;
  softGenre: string | null;
  mood: string | null;
  tag: string | null;
}

const KEYS = ["bpmMin", "bpmMax", "genre", "softGenre", "mood", "tag"] as const;
export const NO_FILTERS: Filters = { bpmMin: null, bpmMax: null, genre: null, softGenre: null, mood: null, tag: null };

export function filtersFromUrl(params: URLSearchParams): Filters {
  const num = (k: string) => {
    const v = params.get(k);
    const n = v === null || v === "" ? NaN : Number(v);
    return Number.isFinite(n) ? n : null;
  };
  const text = (k: string) => params.get(k)?.trim() || null;
  return { bpmMin: num("bpmMin"), bpmMax: num("bpmMax"), genre: text("genre"), softGenre: text("softGenre"), mood: text("mood"), tag: text("tag") };
}

export function writeFilters(params: URLSearchParams, f: Filters): void {
  for (const k of KEYS) {
    const v = f[k];
    if (v === null || v === "") params.delete(k);
    else params.set(k, String(v));
  }
}

export function hasFilters(f: Filters): boolean {
  return KEYS.some((k) => f[k] !== null);
}

/** The GraphQL filter, or null when nothing is set. */
export function toFilterInput(f: Filters): SearchFilterInput | null {
  if (!hasFilters(f)) return null;
  return {
    ...(f.bpmMin !== null ? { bpmMin: f.bpmMin } : {}),
    ...(f.bpmMax !== null ? { bpmMax: f.bpmMax } : {}),
    ...(f.genre ? { genres: [f.genre] } : {}),
    ...(f.softGenre ? { genre: { label: f.softGenre } } : {}),
    ...(f.mood ? { mood: { word: f.mood } } : {}),
    ...(f.tag ? { tags: [f.tag] } : {}),
  } as SearchFilterInput;
}

/** Clicking a chip narrows the current view to tracks that share it (tempo: ± 8 BPM). */
export function withChip(f: Filters, chip: Chip): Filters {
  if (chip.kind === "genre") return chip.score != null ? { ...f, softGenre: chip.label } : { ...f, genre: chip.label };
  if (chip.kind === "mood") return { ...f, mood: chip.label };
  if (chip.kind === "tag") return { ...f, tag: chip.label };
  if (chip.kind === "tempo") {
    const bpm = Number.parseFloat(chip.label);
    if (Number.isFinite(bpm)) return { ...f, bpmMin: Math.max(0, Math.round(bpm - 8)), bpmMax: Math.round(bpm + 8) };
  }
  return f;
}

/** The filter form under the search box: shows `f`, calls `onChange` with what the user sets. */
export function bindFilterForm(onChange: (f: Filters) => void): { show(f: Filters): void } {
  const form = byId<HTMLFormElement>("filter-form");
  const field = (id: string) => byId<HTMLInputElement>(id);
  const read = (): Filters => {
    const num = (id: string) => (field(id).value === "" ? null : Number(field(id).value));
    const text = (id: string) => field(id).value.trim() || null;
    return { bpmMin: num("f-bpm-min"), bpmMax: num("f-bpm-max"), genre: text("f-genre"), softGenre: current.softGenre, mood: text("f-mood"), tag: text("f-tag") };
  };
  let current: Filters = NO_FILTERS;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    onChange(read());
  });
  byId("filter-clear").addEventListener("click", () => onChange(NO_FILTERS));
  return {
    show(f) {
      current = f;
      field("f-bpm-min").value = f.bpmMin === null ? "" : String(f.bpmMin);
      field("f-bpm-max").value = f.bpmMax === null ? "" : String(f.bpmMax);
      field("f-genre").value = f.genre ?? "";
      field("f-mood").value = f.mood ?? "";
      field("f-tag").value = f.tag ?? "";
      // an active filter keeps the panel open, so the user sees why results are fewer
      if (hasFilters(f)) (form.closest("details") as HTMLDetailsElement | null)?.setAttribute("open", "");
      byId("filter-summary").textContent = summary(f);
    },
  };
}

function summary(f: Filters): string {
  const parts = [
    f.bpmMin !== null || f.bpmMax !== null ? `${f.bpmMin ?? "…"}–${f.bpmMax ?? "…"} BPM` : null,
    f.genre && `genre ${f.genre}`,
    f.softGenre && `mostly ${f.softGenre}`,
    f.mood && `mood ${f.mood}`,
    f.tag && `tag ${f.tag}`,
  ].filter(Boolean);
  return parts.length ? `Filters: ${parts.join(", ")}` : "Filters";
}
