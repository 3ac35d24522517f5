import type { Database } from "../db/database.ts";
import { LabelRepository } from "../db/repositories/label.repository.ts";
import { moodQuery, type MoodQuery } from "../labels/mood-score.ts";
import { defaultLabels, normaliseLabel } from "../labels/vocabulary.ts";
import type { PromptTemplate } from "../labels/word-vectors.ts";
import { InvalidInputError } from "./errors.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import { ZeroShotScorer, type LabelScore, type MoodOrder } from "./zero-shot-scorer.ts";

export const MAX_MOOD_WORDS = 20;
export const MAX_MOOD_WORD_LENGTH = 50;
export const MAX_TOP = 50;

export interface MoodSettings {
  /** how a word is put to the text tower (measured: docs/quality.md § Zero-shot moods) */
  template: PromptTemplate;
  /** score a word that belongs to a label cluster by the cluster's centroid */
  useClusters: boolean;
}

/**
 * Served settings, chosen on the synthetic corpus's held-out split (docs/quality.md § Zero-shot
 * moods): see the measurement there before changing them.
 */
export const SERVED_MOOD_SETTINGS: MoodSettings = { template: "song", useClusters: true };

/** Validates mood words from a client: at most 20, each 1–50 characters; returns them normalised. */
export function checkMoodWords(words: readonly string[], what = "words"): string[] {
  if (words.length > MAX_MOOD_WORDS) throw new InvalidInputError(`${what}: at most ${MAX_MOOD_WORDS} words, got ${words.length}`);
  const out = words.map(normaliseLabel);
  for (const w of out) {
    if (w.length === 0) throw new InvalidInputError(`${what}: empty word`);
    if (w.length > MAX_MOOD_WORD_LENGTH) throw new InvalidInputError(`${what}: "${w.slice(0, 20)}…" is longer than ${MAX_MOOD_WORD_LENGTH} characters`);
  }
  return [...new Set(out)];
}

/** Validates how many labels per track a client asks for (Track.moods, Track.instruments). */
export function checkTop(top: number): number {
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw new InvalidInputError(`top must be between 1 and ${MAX_TOP}, got ${top}`);
  return top;
}

/**
 * Zero-shot mood scores of tracks for any words (src/labels/mood-score.ts): Track.moods, and the
 * query vectors with which search filters and sorts by a mood in SQL.
 */
export class MoodService {
  private readonly labels: LabelRepository;
  private readonly scorer: ZeroShotScorer;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
    private readonly settings: MoodSettings = SERVED_MOOD_SETTINGS,
  ) {
    this.labels = new LabelRepository(db);
    // every score is centred on the mean of the default mood vocabulary
    this.scorer = new ZeroShotScorer(db, runtime, settings.template, () => defaultLabels().moods);
  }

  /** Query vectors of already-validated words (with the label cluster a word was mapped to, if any). */
  async queries(words: readonly string[]): Promise<Map<string, MoodQuery & { cluster?: { id: number; name: string } }>> {
    const [vectors, mean, centroids] = await Promise.all([
      this.scorer.words.vectors(words),
      this.scorer.vocabularyMean(),
      this.settings.useClusters ? this.labels.centroidsOf(this.runtime.model.id, words) : Promise.resolve(new Map<string, { clusterId: number; name: string; centroid: Float32Array }>()),
    ]);
    return new Map(
      [...vectors].map(([w, v]) => {
        const c = centroids.get(w);
        return [w, { ...moodQuery(c?.centroid ?? v, mean), ...(c ? { cluster: { id: c.clusterId, name: c.name } } : {}) }];
      }),
    );
  }

  /** The default vocabulary's queries, one per label cluster (synonyms would only repeat one score), named by the cluster. */
  private async vocabularyQueries(): Promise<Map<string, MoodQuery>> {
    const all = await this.queries(defaultLabels().moods);
    const out = new Map<string, MoodQuery>();
    const seen = new Set<number>();
    for (const [word, q] of all) {
      if (q.cluster && seen.has(q.cluster.id)) continue;
      if (q.cluster) seen.add(q.cluster.id);
      out.set(q.cluster?.name ?? word, q);
    }
    return out;
  }

  /**
   * The `top` best-scoring moods of each track, among `words` or the default vocabulary; a track
   * without an audio embedding under the served model gets an empty list.
   */
  async moodsFor(trackIds: readonly string[], words: readonly string[] | null, top: number, order: MoodOrder = "score"): Promise<LabelScore[][]> {
    checkTop(top);
    const ranked = await this.scorer.rank(trackIds, words ? this.queries(checkMoodWords(words)) : this.vocabularyQueries(), order);
    return ranked.map((r) => r.slice(0, top));
  }
}
