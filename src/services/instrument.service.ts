import type { Database } from "../db/database.ts";
import { defaultInstruments } from "../labels/instrument-vocabulary.ts";
import { cosineForScore, type MoodQuery } from "../labels/mood-score.ts";
import type { PromptTemplate } from "../labels/word-vectors.ts";
import type { CatalogScope } from "./catalog-scope.ts";
import { checkMoodWords, checkTop } from "./mood.service.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import { ZeroShotScorer, type LabelScore, type MoodOrder } from "./zero-shot-scorer.ts";

/**
 * How an instrument word is put to the text tower: "piano music", as training captions phrase
 * instruments; chosen before measuring, and compared with the other templates on the synthetic
 * held-out split by `tunelens labels instruments-eval` (docs/zero-shot-instruments.md).
 */
export const SERVED_INSTRUMENT_TEMPLATE: PromptTemplate = "music";

/** An instrument filter without minPercentile keeps tracks scoring above 80 % of the catalog for each instrument. */
export const DEFAULT_MIN_INSTRUMENT_PERCENTILE = 0.8;

/**
 * Zero-shot instrument scores (issue #20): the mood score of src/labels/mood-score.ts, centred on
 * the instrument vocabulary's mean instead of the moods' (a track close to every instrument word
 * is not "more piano"), and placed within the catalog's own distribution (MoodPercentiles):
 * Track.instruments lists a track's most distinctive instruments, i.e. highest percentile first,
 * and `filter.instruments` keeps tracks at or above a percentile for each word, which in SQL is
 * one cosine threshold per word.
 */
export class InstrumentService {
  private readonly scorer: ZeroShotScorer;

  constructor(
    db: Database,
    runtime: ModelRuntime,
    template: PromptTemplate = SERVED_INSTRUMENT_TEMPLATE,
    private readonly vocabulary: readonly string[] = defaultInstruments(),
  ) {
    this.scorer = new ZeroShotScorer(db, runtime, template, () => vocabulary);
  }

  /** Query vectors of already-validated words (any words: the vocabulary only sets the centre). */
  queries(words: readonly string[]): Promise<Map<string, MoodQuery>> {
    return this.scorer.queries(words);
  }

  /**
   * Filter terms: per word, the query direction and, for each catalog the search covers
   * (`catalogs`; null: every catalog), the cosine a track of that catalog needs to reach the
   * percentile `minPercentile` within it: the percentile Track.instruments shows (the track's own
   * catalog), never one moved by another tenant's tracks. No track passes in an empty catalog.
   */
  async thresholds(
    words: readonly string[],
    minPercentile: number,
    catalogs: CatalogScope,
  ): Promise<Array<{ word: string; direction: Float32Array; thresholds: Array<{ catalog: string; minCosine: number }> }>> {
    const percentiles = this.scorer.percentiles;
    const [queries, names] = await Promise.all([this.queries(words), catalogs ? [...new Set(catalogs)] : percentiles.catalogs()]);
    return Promise.all(
      [...queries].map(async ([word, q]) => ({
        word,
        direction: q.direction,
        thresholds: await Promise.all(
          names.map(async (catalog) => {
            const score = await percentiles.scoreAt(word, q, minPercentile, [catalog]);
            return { catalog, minCosine: score === null ? 2 : cosineForScore(Math.min(Math.max(score, 1e-12), 1 - 1e-12), q) };
          }),
        ),
      })),
    );
  }

  /**
   * The `top` instruments of each track among `words` or the shipped vocabulary, by catalog
   * percentile (default: the track's most distinctive instruments) or by raw score; a track
   * without an audio embedding under the served model gets an empty list.
   */
  async instrumentsFor(trackIds: readonly string[], words: readonly string[] | null, top: number, order: MoodOrder = "percentile"): Promise<LabelScore[][]> {
    checkTop(top);
    return (await this.rankAll(trackIds, words ? checkMoodWords(words) : this.vocabulary, order)).map((r) => r.slice(0, top));
  }

  /** Every one of `words` (validated) for each track, best first: instrumentsFor before its cut, and the evaluation. */
  rankAll(trackIds: readonly string[], words: readonly string[], order: MoodOrder = "percentile"): Promise<LabelScore[][]> {
    return this.scorer.rank(trackIds, this.queries(words), order);
  }
}
