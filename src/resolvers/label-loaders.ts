import DataLoader from "dataloader";
import type { LabelScore, MoodOrder } from "../services/zero-shot-scorer.ts";
import { UnavailableError } from "../services/errors.ts";
import type { RequestContext } from "./context.ts";

export interface LabelLoaders {
  /** key: JSON [trackId, top, words | null, order?]; one scoring pass per distinct (top, words, order) in a request */
  moods: DataLoader<string, LabelScore[]>;
  genres: DataLoader<string, LabelScore[]>;
  /** key: JSON [trackId, top, words | null, order]; as moods */
  instruments: DataLoader<string, LabelScore[]>;
}

type ScoreLabels = (trackIds: string[], words: string[] | null, top: number, order: MoodOrder) => Promise<LabelScore[][]>;

/** Word scores of a page of tracks: keys with the same (top, words, order) are scored in one call. */
function wordScoreLoader(score: ScoreLabels, defaultOrder: MoodOrder): DataLoader<string, LabelScore[]> {
  return new DataLoader(
    async (keys) => {
      const parsed = keys.map((k) => JSON.parse(k) as [string, number, string[] | null, MoodOrder?]);
      const groups = new Map<string, number[]>();
      parsed.forEach(([, top, words, order], i) => {
        const g = JSON.stringify([top, words, order ?? defaultOrder]);
        groups.set(g, [...(groups.get(g) ?? []), i]);
      });
      const out: Array<LabelScore[] | Error> = new Array(keys.length);
      for (const indices of groups.values()) {
        const [, top, words, order] = parsed[indices[0]];
        try {
          const scores = await score(indices.map((i) => parsed[i][0]), words, top, order ?? defaultOrder);
          indices.forEach((i, j) => (out[i] = scores[j]));
        } catch (err) {
          indices.forEach((i) => (out[i] = err as Error));
        }
      }
      return out;
    },
    { maxBatchSize: 500 },
  );
}

// Per request: the context object lives exactly as long as one GraphQL request.
const byContext = new WeakMap<RequestContext, LabelLoaders>();

/** Track.moods / Track.genres / Track.instruments of a page of tracks in one batch each (no N+1). */
export function labelLoaders(ctx: RequestContext): LabelLoaders {
  let loaders = byContext.get(ctx);
  if (loaders) return loaders;
  const moods = ctx.services.moods;
  const genres = ctx.services.genres;
  const instruments = ctx.services.instruments;
  if (!moods || !genres) throw new UnavailableError("moods and genres are not served by this process");
  loaders = {
    moods: wordScoreLoader((ids, words, top, order) => moods.moodsFor(ids, words, top, order), "score"),
    genres: new DataLoader((ids) => genres.genresOf(ids), { maxBatchSize: 500 }),
    instruments: wordScoreLoader((ids, words, top, order) => {
      if (!instruments) throw new UnavailableError("instruments are not served by this process");
      return instruments.instrumentsFor(ids, words, top, order);
    }, "percentile"),
  };
  byContext.set(ctx, loaders);
  return loaders;
}
