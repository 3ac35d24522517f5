import { randomUUID } from "node:crypto";
import type { BenchTrackRow } from "../db/repositories/bench.repository.ts";
import type { TrackFilter } from "../db/repositories/track-filter-sql.ts";
import { mulberry32 } from "../util/random.ts";

export const BENCH_GENRES = [
  "rock", "pop", "electronic", "hip-hop", "jazz", "classical", "ambient", "folk", "metal", "techno",
  "house", "soul", "blues", "country", "reggae", "latin", "cinematic", "lo-fi", "drum-and-bass", "chiptune",
] as const;
export const BENCH_CATALOGS = 50;

/** Deterministic PRNG (mulberry32): the same seed gives the same catalog on every machine. */
export const seededRng = mulberry32;

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
}

function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** `base` plus isotropic noise of total norm ≈ `spread`, back on the unit sphere. */
function perturb(base: Float32Array, spread: number, rng: () => number): Float32Array {
  const d = base.length;
  const out = new Float32Array(d);
  const scale = spread / Math.sqrt(d);
  for (let i = 0; i < d; i++) out[i] = base[i] + scale * gaussian(rng);
  return normalize(out);
}

export interface SyntheticCatalog {
  tracks: BenchTrackRow[];
  /** genre index and catalog per track, for evaluating filters without the database */
  genreOf: Uint8Array;
  /** the selective filter the bench uses, and the share of tracks it admits */
  selectiveFilter: TrackFilter;
  selectivity: number;
  accepts: (i: number) => boolean;
  clusters: number;
}

/**
 * A catalog of `n` tracks whose vectors come from a mixture of clusters on the unit sphere.
 *
 * Why not uniform random vectors: in 256 dimensions independent uniform vectors are all nearly
 * orthogonal (cosine ≈ 0 ± 0.06), so "nearest" neighbours are barely nearer than anything else.
 * HNSW then behaves unlike it does on real embeddings — recall collapses or, with a large
 * ef_search, degenerates into a scan — and the figures say nothing about music. Real audio
 * embeddings are clumpy (genres, instrumentation, production style): dense clusters of unequal
 * size and spread, with a tail between them. That is what this draws.
 *
 * `anchors` (the real text-tower encodings of the bench's query sentences) seed a third of the
 * cluster centres: queries then fall among populated regions, as a real query for "dark
 * cinematic strings" lands near a catalog's cinematic tracks, instead of in empty space where
 * every index looks good because every answer is far away.
 */
export function generateCatalog(n: number, dims: number, anchors: readonly Float32Array[], seed = 42): SyntheticCatalog {
  const rng = seededRng(seed);
  const clusters = Math.max(16, Math.min(512, Math.round(Math.sqrt(n) / 2)));
  const centres: Float32Array[] = [];
  for (let c = 0; c < clusters; c++) {
    const anchor = anchors.length && c % 3 === 0 ? anchors[(c / 3) % anchors.length] : null;
    centres.push(anchor ? perturb(anchor, 0.6, rng) : perturb(new Float32Array(dims), 1, rng));
  }
  // Zipf-like cluster sizes (a few big genres, many niches) and per-cluster spread 0.7–1.3
  // (cosine of a member to its centre ≈ 0.6–0.8).
  const weights = centres.map((_, c) => 1 / (c + 1) ** 0.8);
  const total = weights.reduce((s, w) => s + w, 0);
  const cumulative = weights.map(((acc) => (w: number) => (acc += w / total))(0));
  const spreads = centres.map(() => 0.7 + 0.6 * rng());
  // Each cluster leans to one genre (70 %); genre shares are skewed, so some genres are rare.
  const primaryGenre = centres.map((_, c) => Math.floor(BENCH_GENRES.length * rng() ** 1.6) % BENCH_GENRES.length || c % BENCH_GENRES.length);

  // Within a cluster tracks vary along a few directions only (a cluster's own 16-d subspace, plus
  // a little isotropic noise): learned embeddings have a low intrinsic dimension (tempo, timbre,
  // density… move a track along a handful of axes). Full-rank 256-d noise would make every track
  // of a cluster about equally far from every other — an adversarial case no real model produces.
  const INTRINSIC = 16;
  const bases = centres.map(() => Array.from({ length: INTRINSIC }, () => perturb(new Float32Array(dims), 1, rng)));
  const memberOf = (c: number): Float32Array => {
    const v = new Float32Array(dims);
    const scale = spreads[c] / Math.sqrt(INTRINSIC);
    for (const basis of bases[c]) {
      const a = scale * gaussian(rng);
      for (let j = 0; j < dims; j++) v[j] += a * basis[j];
    }
    const noise = 0.15 / Math.sqrt(dims);
    for (let j = 0; j < dims; j++) v[j] += centres[c][j] + noise * gaussian(rng);
    return normalize(v);
  };

  const tracks: BenchTrackRow[] = new Array(n);
  const genreOf = new Uint8Array(n);
  const bpmOf = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng();
    let c = cumulative.findIndex((x) => r <= x);
    if (c < 0) c = clusters - 1;
    const audio = memberOf(c);
    const genre = rng() < 0.7 ? primaryGenre[c] : Math.floor(rng() * BENCH_GENRES.length);
    const bpm = Math.round(60 + 120 * rng());
    genreOf[i] = genre;
    bpmOf[i] = bpm;
    tracks[i] = {
      id: randomUUID(),
      externalId: `bench-${i}`,
      catalog: `cat-${String(i % BENCH_CATALOGS).padStart(2, "0")}`,
      metadata: { genre: BENCH_GENRES[genre], bpm },
      audio,
      // descriptions agree with the audio only loosely, as LLM/web captions do
      description: perturb(audio, 0.8, rng),
    };
  }

  // The selective filter: the genre whose share, with a BPM band, comes closest to 2 %.
  const band = { bpmMin: 100, bpmMax: 140 };
  const inBand = (i: number) => bpmOf[i] >= band.bpmMin && bpmOf[i] <= band.bpmMax;
  const counts = new Array(BENCH_GENRES.length).fill(0);
  for (let i = 0; i < n; i++) if (inBand(i)) counts[genreOf[i]]++;
  const g = counts.map((count, gi) => ({ gi, share: count / n })).filter((x) => x.share > 0).sort((a, b) => Math.abs(a.share - 0.02) - Math.abs(b.share - 0.02))[0]?.gi ?? 0;
  const accepts = (i: number) => genreOf[i] === g && inBand(i);
  return {
    tracks,
    genreOf,
    selectiveFilter: { genres: [BENCH_GENRES[g]], ...band },
    selectivity: counts[g] / n,
    accepts,
    clusters,
  };
}
