import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { decodeAudioFile } from "../embedding/audio-decoder.ts";
import { logMelSpectrogram, type LogMelParams, type LogMelSpectrogram } from "../embedding/log-mel.ts";
import { resample } from "../embedding/resample.ts";
import type { CorpusTrack } from "./corpus.ts";

/** The spectrogram parameters only: normalisation is applied later, from training-set stats. */
export type SpectrogramParams = Pick<LogMelParams, "sampleRate" | "nMels" | "nFft" | "hopLength" | "fMin" | "fMax">;

interface CacheIndex {
  params: SpectrogramParams;
  entries: { key: string; offset: number; frames: number }[];
}

/**
 * Decoding and the log-mel transform are the slow part of a run (≈60× realtime), so every clip
 * is analysed once per front end and kept as raw (un-normalised) log-mel in one binary file per
 * corpus under `cacheDir`. The cache key covers the front-end parameters and the corpus's
 * tracks.jsonl (size + mtime), so a regenerated corpus is re-analysed.
 */
export async function loadAudioCache(
  corpusDir: string,
  tracks: CorpusTrack[],
  params: SpectrogramParams,
  cacheDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<Map<string, LogMelSpectrogram>> {
  const listing = await stat(path.join(corpusDir, "tracks.jsonl"));
  const key = createHash("sha256")
    .update(JSON.stringify([path.resolve(corpusDir), listing.size, listing.mtimeMs, spectrogramParams(params)]))
    .digest("hex")
    .slice(0, 16);
  const base = path.join(cacheDir, `logmel-${path.basename(path.resolve(corpusDir))}-${key}`);
  const cached = await readCache(base);
  if (cached) return cached;

  const out = new Map<string, LogMelSpectrogram>();
  let done = 0;
  for (const track of tracks) {
    const audio = await decodeAudioFile(track.file);
    const samples = audio.sampleRate === params.sampleRate ? audio.samples : resample(audio.samples, audio.sampleRate, params.sampleRate);
    out.set(track.key, logMelSpectrogram(samples, spectrogramParams(params)));
    onProgress?.(++done, tracks.length);
  }
  await writeCache(base, params, out);
  return out;
}

function spectrogramParams(p: SpectrogramParams): SpectrogramParams {
  const { sampleRate, nMels, nFft, hopLength, fMin, fMax } = p;
  return { sampleRate, nMels, nFft, hopLength, fMin, fMax };
}

async function readCache(base: string): Promise<Map<string, LogMelSpectrogram> | null> {
  let index: CacheIndex;
  let bytes: Buffer;
  try {
    index = JSON.parse(await readFile(`${base}.json`, "utf8")) as CacheIndex;
    bytes = await readFile(`${base}.bin`);
  } catch {
    return null;
  }
  // Copy into an aligned buffer: Buffer slices from readFile may start at any byte offset.
  const all = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(all.buffer).set(bytes);
  const out = new Map<string, LogMelSpectrogram>();
  for (const e of index.entries) {
    const n = e.frames * index.params.nMels;
    out.set(e.key, { data: all.subarray(e.offset, e.offset + n), nMels: index.params.nMels, frames: e.frames });
  }
  return out;
}

async function writeCache(base: string, params: SpectrogramParams, specs: Map<string, LogMelSpectrogram>): Promise<void> {
  await mkdir(path.dirname(base), { recursive: true });
  let total = 0;
  for (const s of specs.values()) total += s.data.length;
  const all = new Float32Array(total);
  const entries: CacheIndex["entries"] = [];
  let offset = 0;
  for (const [key, s] of specs) {
    all.set(s.data, offset);
    entries.push({ key, offset, frames: s.frames });
    offset += s.data.length;
  }
  // Write the data before the index, each atomically: an index without its data never exists.
  // Temporary names carry the pid: two trainings filling the same cache at once (scripts/ablations.sh
  // with JOBS=2) each rename their own complete file, and the identical content wins either way.
  const tmp = `${process.pid}.tmp`;
  await writeFile(`${base}.bin.${tmp}`, new Uint8Array(all.buffer));
  await rename(`${base}.bin.${tmp}`, `${base}.bin`);
  await writeFile(`${base}.json.${tmp}`, JSON.stringify({ params: spectrogramParams(params), entries }));
  await rename(`${base}.json.${tmp}`, `${base}.json`);
}

/** Per-band mean and standard deviation over every frame of the given spectrograms. */
export function bandStatistics(specs: Iterable<LogMelSpectrogram>, nMels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(nMels);
  const sq = new Float64Array(nMels);
  let count = 0;
  for (const s of specs) {
    for (let m = 0; m < nMels; m++) {
      const row = s.data.subarray(m * s.frames, (m + 1) * s.frames);
      for (let t = 0; t < row.length; t++) {
        sum[m] += row[t];
        sq[m] += row[t] * row[t];
      }
    }
    count += s.frames;
  }
  if (count === 0) throw new Error("band statistics: no frames");
  const mean = Array.from(sum, (s) => s / count);
  const std = Array.from(sq, (s, m) => Math.sqrt(Math.max(s / count - mean[m] ** 2, 1e-8)));
  return { mean, std };
}

/** Normalised copy `(x - mean[m]) / std[m]`, the same transform logMelSpectrogram applies at serving. */
export function normalizeSpectrogram(s: LogMelSpectrogram, mean: number[], std: number[]): LogMelSpectrogram {
  const data = new Float32Array(s.data.length);
  for (let m = 0; m < s.nMels; m++) {
    const inv = 1 / (std[m] || 1);
    for (let t = 0; t < s.frames; t++) data[m * s.frames + t] = (s.data[m * s.frames + t] - mean[m]) * inv;
  }
  return { data, nMels: s.nMels, frames: s.frames };
}
