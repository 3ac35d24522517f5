import DataLoader from "dataloader";
import type { LabelScore, MoodOrder } from "../services/mood.service.ts";
import { UnavailableError } from "../services/errors.ts";
import type { RequestContext } from "./context.ts";

export interface LabelLoaders {
  /** key: JSON [trackId, top, words | null, order?]; one scoring pass per distinct (top, words, order) in a request */
  moods: DataLoader<string, LabelScore[]>;
  genres: DataLoader<string, LabelScore[]>;
}

// Per request: the context object lives exactly as long as one GraphQL request.
const byContext = new WeakMap<RequestContext, LabelLoaders>();

/** Track.moods / Track.genres of a page of tracks in one batch each (no N+1). */
export function labelLoaders(ctx: RequestContext): LabelLoaders {
  let loaders = byContext.get(ctx);
  if (loaders) return loaders;
  const moods = ctx.services.moods;
  const genres = ctx.services.genres;
  if (!moods || !genres) throw new UnavailableError("moods and genres are not served by this process");
  loaders = {
    moods: new DataLoader(
      async (keys) => {
        const parsed = keys.map((k) => JSON.parse(k) as [string, number, string[] | null, MoodOrder?]);
        const groups = new Map<string, number[]>();
        parsed.forEach(([, top, words, order], i) => {
          const g = JSON.stringify([top, words, order ?? "score"]);
          groups.set(g, [...(groups.get(g) ?? []), i]);
        });
        const out: Array<LabelScore[] | Error> = new Array(keys.length);
        for (const indices of groups.values()) {
          const [, top, words, order] = parsed[indices[0]];
          try {
            const scores = await moods.moodsFor(indices.map((i) => parsed[i][0]), words, top, order ?? "score");
            indices.forEach((i, j) => (out[i] = scores[j]));
          } catch (err) {
            indices.forEach((i) => (out[i] = err as Error));
          }
        }
        return out;
      },
      { maxBatchSize: 500 },
    ),
    genres: new DataLoader((ids) => genres.genresOf(ids), { maxBatchSize: 500 }),
  };
  byContext.set(ctx, loaders);
  return loaders;
}
