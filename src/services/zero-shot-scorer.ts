import type { Database } from "../db/database.ts";
import { LabelRepository } from "../db/repositories/label.repository.ts";
import { moodQuery, moodScore, vocabularyMean, type MoodQuery } from "../labels/mood-score.ts";
import { wordVectorsFor, type PromptTemplate, type WordVectors } from "../labels/word-vectors.ts";
import { MoodPercentiles } from "./mood-percentiles.ts";
import type { ModelRuntime } from "./model-runtime.ts";

export interface LabelScore {
  label: string;
  score: number;
  /** share of the track's own catalog it outscores for the word (mood-percentiles.ts) */
  percentile?: number | null;
}

/** Track.moods order: by raw score (the default, as before) or by percentile (most distinctive first). */
export type MoodOrder = "score" | "percentile";

/**
 * The zero-shot scoring that Track.moods and Track.instruments share (src/labels/mood-score.ts):
 * words put to the text tower under one template, centred on the mean of one vocabulary, and each
 * track's audio scored against them and placed in the catalog's distribution (MoodPercentiles).
 * What differs between moods and instruments (the template, the vocabulary, label clusters) is
 * the caller's. Here, not in src/labels/, because the percentiles read the catalog.
 */
export class ZeroShotScorer {
  private readonly labels: LabelRepository;
  private mean: Promise<Float32Array> | null = null;
  readonly percentiles: MoodPercentiles;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
    private readonly template: PromptTemplate,
    /** the vocabulary every score is centred on; read at first use */
    private readonly centre: () => readonly string[],
  ) {
    this.labels = new LabelRepository(db);
    this.percentiles = new MoodPercentiles(db, runtime);
  }

  get words(): WordVectors {
    return wordVectorsFor(this.runtime.encoder, this.template);
  }

  /** Mean of the centring vocabulary's vectors, computed once (again after a failure). */
  vocabularyMean(): Promise<Float32Array> {
    this.mean ??= this.words
      .vectors(this.centre())
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
   * Every label of `queries` for each track, best first; a track without an audio embedding under
   * the served model gets an empty list. `queries` may still be pending: it is awaited alongside
   * the track vectors' read.
   */
  async rank(trackIds: readonly string[], queries: Promise<ReadonlyMap<string, MoodQuery>>, order: MoodOrder): Promise<LabelScore[][]> {
    const [labelQueries, audio] = await Promise.all([queries, this.labels.trackAudio(this.runtime.model.id, trackIds)]);
    return Promise.all(
      trackIds.map(async (id) => {
        const a = audio.get(id);
        if (!a) return [];
        const scored = await Promise.all(
          [...labelQueries].map(async ([label, q]) => {
            const score = moodScore(a.vector, q);
            // within the track's own catalog: another tenant's tracks must not move it
            return { label, score, percentile: await this.percentiles.percentile(label, q, score, [a.catalog]) };
          }),
        );
        return rankLabels(scored, order);
      }),
    );
  }
}

/** Best first by the order's key, then by raw score, then by label (a stable, total order). */
function rankLabels(scored: LabelScore[], order: MoodOrder): LabelScore[] {
  const key = (s: LabelScore) => (order === "percentile" ? (s.percentile ?? 0) : s.score);
  return [...scored].sort((x, y) => key(y) - key(x) || y.score - x.score || x.label.localeCompare(y.label));
}
