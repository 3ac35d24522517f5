import type { Database } from "../db/database.ts";
import { CalibrationRepository } from "../db/repositories/calibration.repository.ts";
import { moodScore, type MoodQuery } from "../labels/mood-score.ts";
import type { CatalogScope } from "./catalog-scope.ts";
import type { ModelRuntime } from "./model-runtime.ts";

/** Catalog tracks a word's score distribution is read from: percentiles within ±1 % at 2,000. */
const SAMPLE_SIZE = 2000;
/** Distributions kept at once (one per catalog set asked about); the oldest goes first. */
const MAX_DISTRIBUTIONS = 64;

interface Distribution {
  audio: Float32Array[];
  catalogSize: number;
  checkedAt: number;
  /** sorted scores per word of the sample */
  byWord: Map<string, Float64Array>;
}

/**
 * Mood scores against the catalog's own distribution (issue #15): the zero-shot score of one word
 * saturates on every track (92–99 % on each), so a track's percentile among the catalog's tracks
 * for that word says what the score cannot: 0.95 = "more than 95 % of this catalog". Read from a
 * fixed sample of the catalog's audio vectors under the served model, rebuilt when the catalog
 * grows or shrinks by more than 5 %.
 *
 * "The catalog" is named by the caller: a track's own catalog for its Track.moods and
 * Track.instruments, and each catalog a search covers for an instrument filter (a track is held
 * to its own catalog's threshold). Catalogs are tenants (docs/security.md § Tenants): one
 * distribution over every catalog would let one tenant's tracks move another's percentiles and
 * filter answers, and so count them. `null` (every catalog together) is what it was before
 * tenants; nothing served asks for it.
 */
export class MoodPercentiles {
  private readonly vectors: CalibrationRepository;
  private readonly current = new Map<string, Promise<Distribution>>();
  private catalogList: { names: Promise<string[]>; at: number } | null = null;

  constructor(
    db: Database,
    private readonly runtime: ModelRuntime,
    private readonly opts: { checkEveryMs?: number; refreshShare?: number } = {},
  ) {
    this.vectors = new CalibrationRepository(db);
  }

  /** Share of the catalogs' sample scoring strictly below `score` for `word`, ties counting half. */
  async percentile(word: string, q: MoodQuery, score: number, catalogs: CatalogScope): Promise<number | null> {
    const sorted = await this.sorted(word, q, catalogs);
    if (!sorted) return null;
    const below = lowerBound(sorted, score);
    const notAbove = lowerBound(sorted, score, true);
    return (below + (notAbove - below) / 2) / sorted.length;
  }

  /**
   * The lowest score whose percentile() is at least `share` (instrument filters keep tracks at or
   * above a catalog percentile: in SQL that is one cosine threshold); null for an empty catalog.
   * With the sample's scores s₀ ≤ … ≤ sₙ₋₁ (distinct), percentile(sᵢ) = (i + ½)/n, so this is
   * s_i for the first i with (i + ½)/n ≥ share; above the top sample, just past sₙ₋₁.
   */
  async scoreAt(word: string, q: MoodQuery, share: number, catalogs: CatalogScope): Promise<number | null> {
    const sorted = await this.sorted(word, q, catalogs);
    if (!sorted) return null;
    const i = Math.max(0, Math.ceil(share * sorted.length - 0.5));
    return i < sorted.length ? sorted[i] : sorted[sorted.length - 1] + 1e-9;
  }

  /** Every catalog with audio vectors under the served model (re-read at most every checkEveryMs). */
  catalogs(): Promise<string[]> {
    const every = this.opts.checkEveryMs ?? 30_000;
    if (!this.catalogList || Date.now() - this.catalogList.at >= every) {
      const names = this.vectors.catalogs(this.runtime.model.id);
      this.catalogList = { names, at: Date.now() };
      names.catch(() => (this.catalogList = null));
    }
    return this.catalogList.names;
  }

  /** The sample's scores for one word, ascending (computed once per word and catalog sample). */
  private async sorted(word: string, q: MoodQuery, catalogs: CatalogScope): Promise<Float64Array | null> {
    const d = await this.distribution(catalogs);
    if (!d.audio.length) return null;
    const key = `${word}|${q.length}`;
    let sorted = d.byWord.get(key);
    if (!sorted) {
      sorted = Float64Array.from(d.audio, (a) => moodScore(a, q)).sort();
      d.byWord.set(key, sorted);
    }
    return sorted;
  }

  private distribution(catalogs: CatalogScope): Promise<Distribution> {
    const names = catalogs ? [...new Set(catalogs)].sort() : null;
    const key = `${this.runtime.model.id}|${names ? JSON.stringify(names) : "*"}`;
    const build = () => {
      const p = (async () => {
        const modelId = this.runtime.model.id;
        const [sample, catalogSize] = await Promise.all([this.vectors.sample(modelId, SAMPLE_SIZE, names), this.vectors.count(modelId, names)]);
        return { audio: sample.map((t) => t.audio!), catalogSize, checkedAt: Date.now(), byWord: new Map() };
      })().catch((err) => {
        this.current.delete(key);
        throw err;
      });
      this.current.delete(key);
      if (this.current.size >= MAX_DISTRIBUTIONS) this.current.delete(this.current.keys().next().value!);
      this.current.set(key, p);
      return p;
    };
    const cached = this.current.get(key);
    if (!cached) return build();
    return cached.then(async (d) => {
      if (Date.now() - d.checkedAt < (this.opts.checkEveryMs ?? 30_000)) return d;
      d.checkedAt = Date.now();
      const size = await this.vectors.count(this.runtime.model.id, names);
      return Math.abs(size - d.catalogSize) > (this.opts.refreshShare ?? 0.05) * Math.max(d.catalogSize, 1) ? build() : d;
    });
  }
}

/** Index of the first element ≥ x (or > x with `after`) in an ascending array. */
function lowerBound(a: Float64Array, x: number, after = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after ? a[mid] <= x : a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
