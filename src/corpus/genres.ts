/** All genre styles the synthetic corpus draws from, looked up by id. */
import { ACOUSTIC_GENRES } from "./genres-acoustic.ts";
import { BAND_GENRES } from "./genres-band.ts";
import { ELECTRONIC_GENRES } from "./genres-electronic.ts";
import type { GenreStyle } from "./style.ts";

export const GENRES: readonly GenreStyle[] = [...BAND_GENRES, ...ELECTRONIC_GENRES, ...ACOUSTIC_GENRES];

const BY_ID = new Map(GENRES.map((g) => [g.id, g]));

export function genre(id: string): GenreStyle {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown genre "${id}"; known: ${[...BY_ID.keys()].join(", ")}`);
  return found;
}
