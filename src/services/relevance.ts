import type { Database } from "../db/database.ts";
import { CalibrationRepository, type TrackVectors } from "../db/repositories/calibration.repository.ts";
import { SearchRepository, type RankingSignal } from "../db/repositories/search.repository.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { normalCdf } from "./experiments/statistics.ts";
import type { ModelRuntime } from "./model-runtime.ts";
import { BACKGROUND_TEXTS } from "./relevance-background.ts";

/**
 * Calibrated relevance of ranked answers (issue #15): raw cosine scores are not readable (a
 * nonsense query scored like the best real one), so each hit's score is compared with a
 * background of questions that should match nothing — the texts of relevance-background.ts for
 * text search, a fixed sample of the catalog's own tracks for track→track — embedded by the model
 * that ranked the answer, so it works for any model's score scale (docs/relevance.md).
 *
 * Method "contrast" (the default, best separated on librosa-music):
 * 1. per track: z = (score − mean) / sd of the background questions' scores on that track. Some
 *    tracks are close to every query (hubs); a score is only evidence where it beats the track's
 *    usual level.
 * 2. per question: minus the question's mean z over a fixed sample of the catalog. A text the
 *    model cannot read (unknown words embed to one shared vector) lifts every track alike; a real
 *    match lifts one track above the rest.
 * 3. per catalog: relevance = Φ of that contrast against the mean and sd of the background
 *    questions' best contrast, so 0.5 ≈ "as good as the best match of a typical unrelated query".
 * "track-z" stops after step 1 (then step 3 on z), "raw" uses the raw score in step 3 only; both
 * are kept for the measurement.
 */
export type RelevanceMethod = "contrast" | "track-z" | "raw";

export interface RelevanceQuery {
  runtime: ModelRuntime;
  /** what asked: a text (background = unrelated texts) or a track (background = other tracks) */
  kind: "text" | "track";
  signal: RankingSignal;
  alpha: number;
  /** the catalogs searched (filter.catalogs), null = all */
  catalogs: readonly string[] | null;
  /** the question in the ranking model's space (text: the same vector twice) */
  vectors: { audio: Float32Array | null; description: Float32Array | null };
  /** the track asked about (track→track), left out of its own background */
  sourceTrackId?: string | null;
}

export interface HitSimilarity {
  trackId: string;
  audioScore: number | null;
  descriptionScore: number | null;
}

/** An answer whose best relevance is below this is flagged `noGoodMatch` (docs/relevance.md). */
export const GOOD_MATCH_RELEVANCE = 0.8;

export interface RelevanceOptions {
  method?: RelevanceMethod;
  /** catalog tracks used as track→track background questions */
  trackProbes?: number;
  /** top answers of each background question searched for its best match */
  probeDepth?: number;
  /** refresh a background when the catalog grew or shrank by more than this share */
  refreshShare?: number;
  /** how often (ms) the catalog size is looked at */
  checkEveryMs?: number;
}

interface Probe {
  trackId: string | null;
  audio: Float32Array | null;
  description: Float32Array | null;
}

/** The background of one (model, kind of question, ranking, catalogs). */
interface Background {
  probes: Probe[];
  /** a fixed sample of the catalog: a question's mean z over it is its across-the-board level */
  sample: TrackVectors[];
  /** mean and sd of the background questions' best strength */
  best: { mean: number; sd: number } | null;
  catalogSize: number;
  checkedAt: number;
}

/** Per-track background: cosines of the track with every probe (NaN where a side is missing). */
interface TrackBackground {
  audio: Float64Array;
  description: Float64Array;
}

/** A question: its vectors and the track it is (track→track), left out of every comparison. */
interface Question {
  audio: Float32Array | null;
  description: Float32Array | null;
  trackId: string | null;
  /** index of the probe it is (while the background is built), left out of every track's background */
  probe: number | null;
}

const MIN_BACKGROUND = 3;
/** noGoodMatch looks at this many of a ranking's first items besides the page shown */
const HEAD_SIZE = 10;
/** below this the background scores of a track are treated as this spread (avoids dividing by ~0) */
const SD_FLOOR = 1e-3;
const TRACK_CACHE_LIMIT = 50_000;
/** catalog tracks whose mean z is a question's across-the-board level */
const SAMPLE_SIZE = 200;

export class RelevanceService {
  private readonly search: SearchRepository;
  private readonly vectors: CalibrationRepository;
  private readonly backgrounds = new Map<string, Promise<Background>>();
  private readonly perTrack = new Map<string, TrackBackground>();
  private readonly method: RelevanceMethod;

  constructor(
    db: Database,
    private readonly opts: RelevanceOptions = {},
  ) {
    this.search = new SearchRepository(db);
    this.vectors = new CalibrationRepository(db);
    this.method = opts.method ?? "contrast";
  }

  /** Relevance in [0, 1] of each hit, or null where the catalog is too small to calibrate against. */
  async relevance(q: RelevanceQuery, hits: readonly HitSimilarity[]): Promise<(number | null)[]> {
    if (!hits.length) return [];
    const bg = await this.background(q);
    if (!bg.best) return hits.map(() => null);
    const { mean, sd } = bg.best;
    const question = { ...q.vectors, trackId: q.sourceTrackId ?? null, probe: null };
    const strengths = await this.strengths(q, bg, question, hits);
    return strengths.map((x) => (x === null ? null : normalCdf((x - mean) / sd)));
  }

  /**
   * Relevance of the page `[start, end)` of a ranking, and whether the ranking's head (its first
   * HEAD_SIZE items and the page) holds any good match. Items may come from different rankings
   * (interleaved experiments): each is calibrated under the ranking that produced it.
   */
  async annotate(items: ReadonlyArray<HitSimilarity & { basis: RelevanceQuery }>, start: number, end: number): Promise<{ relevance: (number | null)[]; noGoodMatch: boolean }> {
    const wanted = [...new Set([...range(0, Math.min(HEAD_SIZE, items.length)), ...range(start, Math.min(end, items.length))])];
    const byBasis = new Map<RelevanceQuery, number[]>();
    for (const i of wanted) byBasis.set(items[i].basis, [...(byBasis.get(items[i].basis) ?? []), i]);
    const value = new Map<number, number | null>();
    for (const [basis, idx] of byBasis) {
      const r = await this.relevance(basis, idx.map((i) => items[i]));
      idx.forEach((i, k) => value.set(i, r[k]));
    }
    const known = [...value.values()].filter((v): v is number => v !== null);
    return {
      relevance: range(start, Math.min(end, items.length)).map((i) => value.get(i) ?? null),
      // nothing to calibrate against (tiny catalog) is not evidence of a poor match
      noGoodMatch: known.length > 0 && Math.max(...known) < GOOD_MATCH_RELEVANCE,
    };
  }

  /** What a question's background was built from (for tests and diagnostics). */
  async describe(q: RelevanceQuery): Promise<{ catalogSize: number; probes: number; sample: number; best: { mean: number; sd: number } | null }> {
    const bg = await this.background(q);
    return { catalogSize: bg.catalogSize, probes: bg.probes.length, sample: bg.sample.length, best: bg.best };
  }

  /** Forget every background (e.g. after a bulk ingest); they are rebuilt on the next request. */
  invalidate(): void {
    this.backgrounds.clear();
    this.perTrack.clear();
  }

  /** Strength of each hit under the method: raw score, its track's z, or z minus the question's level. */
  private async strengths(q: RelevanceQuery, bg: Background, question: Question, hits: readonly HitSimilarity[]): Promise<(number | null)[]> {
    const alpha = effectiveAlpha(q.signal, q.alpha);
    if (this.method === "raw") return hits.map((h) => fuse(h.audioScore, h.descriptionScore, alpha));
    const backgrounds = await this.trackBackgrounds(q, bg.probes, hits.map((h) => h.trackId));
    const z = (trackId: string, audio: number | null, description: number | null, tb: TrackBackground | undefined): number | null => {
      const s = fuse(audio, description, alpha);
      if (s === null || !tb) return null;
      const scores: number[] = [];
      bg.probes.forEach((p, j) => {
        if (j === question.probe || (p.trackId !== null && (p.trackId === trackId || p.trackId === question.trackId))) return;
        const v = fuse(audio === null ? null : nanToNull(tb.audio[j]), description === null ? null : nanToNull(tb.description[j]), alpha);
        if (v !== null) scores.push(v);
      });
      if (scores.length < MIN_BACKGROUND) return null;
      const { mean, sd } = moments(scores);
      return (s - mean) / Math.max(sd, SD_FLOOR);
    };
    let level = 0;
    if (this.method === "contrast") {
      const sampleBackgrounds = await this.trackBackgrounds(q, bg.probes, bg.sample.map((t) => t.trackId));
      const useAudio = q.signal !== "description" && question.audio !== null;
      const useDescription = q.signal !== "audio" && question.description !== null;
      const levels = bg.sample.flatMap((t) => {
        if (t.trackId === question.trackId) return [];
        const a = useAudio && t.audio ? cosine(t.audio, question.audio!) : null;
        const d = useDescription && t.description ? cosine(t.description, question.description!) : null;
        const v = z(t.trackId, a, d, sampleBackgrounds.get(t.trackId));
        return v === null ? [] : [v];
      });
      if (levels.length < MIN_BACKGROUND) return hits.map(() => null);
      level = moments(levels).mean;
    }
    return hits.map((h) => {
      const v = z(h.trackId, h.audioScore, h.descriptionScore, backgrounds.get(h.trackId));
      return v === null ? null : v - level;
    });
  }

  private async trackBackgrounds(q: RelevanceQuery, probes: Probe[], trackIds: readonly string[]): Promise<Map<string, TrackBackground>> {
    const prefix = `${q.runtime.model.id}|${q.kind}|${probeKey(probes)}|`;
    const out = new Map<string, TrackBackground>();
    const missing = [...new Set(trackIds)].filter((id) => {
      const hit = this.perTrack.get(prefix + id);
      if (hit) out.set(id, hit);
      return !hit;
    });
    if (!missing.length) return out;
    const vectors = await this.vectors.vectorsOf(q.runtime.model.id, missing);
    if (this.perTrack.size + missing.length > TRACK_CACHE_LIMIT) this.perTrack.clear();
    for (const [id, v] of vectors) {
      const tb = trackBackground(v, probes);
      this.perTrack.set(prefix + id, tb);
      out.set(id, tb);
    }
    return out;
  }

  private background(q: RelevanceQuery): Promise<Background> {
    const key = [q.runtime.model.id, q.kind, q.signal, effectiveAlpha(q.signal, q.alpha), JSON.stringify([...(q.catalogs ?? [])].sort())].join("|");
    const cached = this.backgrounds.get(key);
    const build = () => {
      const p = this.buildBackground(q).catch((err) => {
        this.backgrounds.delete(key);
        throw err;
      });
      this.backgrounds.set(key, p);
      return p;
    };
    if (!cached) return build();
    return cached.then(async (bg) => {
      if (Date.now() - bg.checkedAt < (this.opts.checkEveryMs ?? 30_000)) return bg;
      bg.checkedAt = Date.now();
      const size = await this.vectors.count(q.runtime.model.id, q.catalogs);
      // A catalog that changed materially has other hubs and other best matches: start over.
      if (Math.abs(size - bg.catalogSize) > (this.opts.refreshShare ?? 0.05) * Math.max(bg.catalogSize, 1)) return build();
      return bg;
    });
  }

  private async buildBackground(q: RelevanceQuery): Promise<Background> {
    // the searched catalogs only: another tenant's ingest neither rebuilds nor shapes this background
    const catalogSize = await this.vectors.count(q.runtime.model.id, q.catalogs);
    const sample = await this.vectors.sample(q.runtime.model.id, SAMPLE_SIZE, q.catalogs);
    const probes = await this.probes(q, sample);
    const partial: Background = { probes, sample, best: null, catalogSize, checkedAt: Date.now() };
    const bests: number[] = [];
    for (let j = 0; j < probes.length; j++) {
      const p = probes[j];
      const answers = await this.search.nearest({
        model: q.runtime.model,
        audioVector: p.audio,
        descriptionVector: p.description,
        signal: q.signal,
        alpha: q.alpha,
        limit: this.opts.probeDepth ?? 10,
        excludeTrackIds: p.trackId ? [p.trackId] : [],
        filter: q.catalogs ? { catalogs: [...q.catalogs] } : null,
      });
      const strengths = await this.strengths(q, partial, { ...p, probe: j }, answers);
      const best = Math.max(...strengths.filter((z): z is number => z !== null));
      if (Number.isFinite(best)) bests.push(best);
    }
    const best = bests.length >= MIN_BACKGROUND ? moments(bests) : null;
    return { ...partial, best: best ? { mean: best.mean, sd: Math.max(best.sd, SD_FLOOR) } : null };
  }

  /** Background questions in the model's space: unrelated texts, or the first of the catalog sample. */
  private async probes(q: RelevanceQuery, sample: TrackVectors[]): Promise<Probe[]> {
    if (q.kind === "track") return sample.slice(0, this.opts.trackProbes ?? 48);
    const vectors = await q.runtime.encoder.embedTexts([...BACKGROUND_TEXTS]);
    // a text made only of words the model does not know has no direction: nothing to compare
    return vectors.filter(hasDirection).map((v) => ({ trackId: null, audio: v, description: v }));
  }
}

/** The audio weight the SQL ranking used (search.repository.ts): fused = alpha, one signal = 1 or 0. */
function effectiveAlpha(signal: RankingSignal, alpha: number): number {
  return signal === "fused" ? Math.min(1, Math.max(0, alpha)) : signal === "audio" ? 1 : 0;
}

/** The ranking's score from its two similarities, exactly as search.repository.ts combines them. */
export function fuse(audio: number | null, description: number | null, alpha: number): number | null {
  if (audio !== null && description !== null) return alpha * audio + (1 - alpha) * description;
  return audio ?? description;
}

function nanToNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : NaN;
}

function trackBackground(t: TrackVectors, probes: readonly Probe[]): TrackBackground {
  const audio = new Float64Array(probes.length).fill(NaN);
  const description = new Float64Array(probes.length).fill(NaN);
  probes.forEach((p, j) => {
    if (t.audio && p.audio) audio[j] = cosine(t.audio, p.audio);
    if (t.description && p.description) description[j] = cosine(t.description, p.description);
  });
  return { audio, description };
}

export function moments(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

/** Identifies a probe set (track probes change when the catalog does). */
function probeKey(probes: readonly Probe[]): string {
  return `${probes.length}:${probes[0]?.trackId ?? "t"}:${probes.at(-1)?.trackId ?? "t"}`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
