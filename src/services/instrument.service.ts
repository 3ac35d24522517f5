import type { Database } from "../db/database.ts";
import { LabelRepository } from "../db/repositories/label.repository.ts";
import { defaultInstruments } from "../labels/instrument-vocabulary.ts";
import { cosineForScore, moodQuery, moodScore, vocabularyMean, type MoodQuery } from "../labels/mood-score.ts";
import { wordVectorsFor, type PromptTemplate } from "../labels/word-vectors.ts";
import { InvalidInputError } from "./errors.ts";
import { checkMoodWords, MAX_TOP, type LabelScore, type MoodOrder } from "./mood.service.ts";
import { MoodPercentiles } from "./mood-percentiles.ts";
import type { ModelRuntime } from "./model-runtime.ts";

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
  private readonly labels: LabelRepository;
  private mean: Promise<Float32Array> | null = null;
  private readonly percentiles: MoodPercentiles;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
    private readonly template: PromptTemplate = SERVED_INSTRUMENT_TEMPLATE,
    private readonly vocabulary: readonly string[] = defaultInstruments(),
  ) {
    this.labels = new LabelRepository(db);
    this.percentiles = new MoodPercentiles(db, runtime);
  }

  private get words() {
    return wordVectorsFor(this.runtime.encoder, this.template);
  }

  private vocabularyMean(): Promise<Float32Array> {
    this.mean ??= this.words
      .vectors(this.vocabulary)
      .then((m) => vocabularyMean([...m.values()], this.runtime.encoder.dimensions))
      .catch((err) => {
        this.mean = null;
        throw err;
      });
    return this.mean;
  }

  /** Query vectors of already-validated words (any words: the vocabulary only sets the centre). */
  async queries(words: readonly string[]): Promise<Map<string, MoodQuery>> {
    const [vectors, mean] = await Promise.all([this.words.vectors(words), this.vocabularyMean()]);
    return new Map([...vectors].map(([w, v]) => [w, moodQuery(v, mean)]));
  }

  /**
   * Filter terms: per word, the query direction and the cosine a track needs to reach the
   * catalog percentile `minPercentile` (no track passes in an empty catalog).
   */
  async thresholds(words: readonly string[], minPercentile: number): Promise<Array<{ word: string; direction: Float32Array; minCosine: number }>> {
    const queries = await this.queries(words);
    return Promise.all(
      [...queries].map(async ([word, q]) => {
        const score = await this.percentiles.scoreAt(word, q, minPercentile);
        return { word, direction: q.direction, minCosine: score === null ? 2 : cosineForScore(Math.min(Math.max(score, 1e-12), 1 - 1e-12), q) };
      }),
    );
  }

  /**
   * The `top` instruments of each track among `words` or the shipped vocabulary, by catalog
   * percentile (default: the track's most distinctive instruments) or by raw score; a track
   * without an audio embedding under the served model gets an empty list.
   */
  async instrumentsFor(trackIds: readonly string[], words: readonly string[] | null, top: number, order: MoodOrder = "percentile"): Promise<LabelScore[][]> {
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw new InvalidInputError(`top must be between 1 and ${MAX_TOP}, got ${top}`);
    return (await this.rankAll(trackIds, words ? checkMoodWords(words) : this.vocabulary, order)).map((r) => r.slice(0, top));
  }

  /** Every one of `words` (validated) for each track, best first: instrumentsFor before its cut, and the evaluation. */
  async rankAll(trackIds: readonly string[], words: readonly string[], order: MoodOrder = "percentile"): Promise<LabelScore[][]> {
    const [queries, audio] = await Promise.all([
      this.queries(words),
      this.labels.trackVectors(this.runtime.model.id, "audio", trackIds),
    ]);
    return Promise.all(
      trackIds.map(async (id) => {
        const a = audio.get(id);
        if (!a) return [];
        const scored = await Promise.all(
          [...queries].map(async ([label, q]) => {
            const score = moodScore(a, q);
            return { label, score, percentile: await this.percentiles.percentile(label, q, score) };
          }),
        );
        return rankLabels(scored, order);
      }),
    );
  }
}

/** Best first by the order's key, then by raw score, then by label (a stable, total order). */
export function rankLabels(scored: LabelScore[], order: MoodOrder): LabelScore[] {
  const key = (s: LabelScore) => (order === "percentile" ? (s.percentile ?? 0) : s.score);
  return [...scored].sort((x, y) => key(y) - key(x) || y.score - x.score || x.label.localeCompare(y.label));
}
