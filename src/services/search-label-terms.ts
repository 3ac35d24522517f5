import type { LabelConditions } from "../db/repositories/label-filter-sql.ts";
import type { TrackFilter } from "../db/repositories/track-filter-sql.ts";
import { cosineForScore } from "../labels/mood-score.ts";
import { InvalidInputError } from "./errors.ts";
import { DEFAULT_MIN_INSTRUMENT_PERCENTILE, type InstrumentService } from "./instrument.service.ts";
import { checkMoodWords, type MoodService } from "./mood.service.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import { DEFAULT_MIN_GENRE_SHARE, DEFAULT_MIN_MOOD_SCORE } from "./search-filter.ts";

export interface SearchSort {
  by: "relevance" | "mood" | "instrument";
  word?: string | null;
}

/** The mood or instrument word to sort by, or null for relevance order. */
function checkSort(sort: SearchSort | null | undefined): { by: "mood" | "instrument"; word: string } | null {
  if (!sort || sort.by === "relevance") return null;
  if (!sort.word) throw new InvalidInputError(`sort.word is required with sort.by ${sort.by.toUpperCase()}`);
  return { by: sort.by, word: checkMoodWords([sort.word], "sort.word")[0] };
}

/**
 * Mood / instrument / genre filters and the mood or instrument sort of a search in SQL terms
 * (label-filter-sql.ts), in the served model's space (where Track.moods, Track.instruments and
 * soft genres live), whichever model ranks the answer.
 */
export class SearchLabelTerms {
  constructor(
    private readonly runtime: ModelRuntime,
    private readonly moods: MoodService,
    private readonly instruments: InstrumentService,
  ) {}

  /** `filter` with its label conditions (`labels`); unchanged when it has no label term and there is no label sort. */
  async apply(filter: TrackFilter | null, sort: SearchSort | null | undefined): Promise<TrackFilter | null> {
    const sorted = checkSort(sort);
    const instrumentWords = filter?.instruments?.length ? filter.instruments : null;
    if (!filter?.mood && !filter?.genre && !instrumentWords && !sorted) return filter;
    const moodWords = [filter?.mood?.word, sorted?.by === "mood" ? sorted.word : null].filter((w): w is string => !!w);
    const [queries, instrumentOrder, instruments] = await Promise.all([
      moodWords.length ? this.moods.queries(moodWords) : Promise.resolve(new Map()),
      sorted?.by === "instrument" ? this.instruments.queries([sorted.word]) : Promise.resolve(null),
      // each catalog searched is held to its own percentiles (the tenant's scope is in filter.catalogs by now)
      instrumentWords ? this.instruments.thresholds(instrumentWords, filter!.minInstrumentPercentile ?? DEFAULT_MIN_INSTRUMENT_PERCENTILE, filter?.catalogs?.length ? filter.catalogs : null) : Promise.resolve(null),
    ]);
    const mood = filter?.mood ? queries.get(filter.mood.word)! : null;
    const order = sorted ? (sorted.by === "mood" ? queries.get(sorted.word)! : instrumentOrder!.get(sorted.word)!) : null;
    const labels: LabelConditions = {
      modelId: this.runtime.model.id,
      dimensions: this.runtime.model.dimensions,
      mood: mood ? { direction: mood.direction, minCosine: cosineForScore(filter!.mood!.minScore ?? DEFAULT_MIN_MOOD_SCORE, mood) } : null,
      instruments: instruments ? instruments.map((i) => ({ direction: i.direction, thresholds: i.thresholds })) : null,
      genre: filter?.genre ? { label: filter.genre.label, minScore: filter.genre.minScore ?? DEFAULT_MIN_GENRE_SHARE } : null,
      order: order ? { direction: order.direction, length: order.length, temperature: order.temperature } : null,
    };
    return { ...(filter ?? {}), labels };
  }
}
