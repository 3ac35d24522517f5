import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { standInTextGraph, writeStandInClap, type StandInOptions } from "./clap-stand-in.ts";
import { loadAnyEncoder } from "./composed-encoder.ts";
import { mulberry32 } from "../util/random.ts";

export interface BenchResult {
  size: "small" | "clap";
  audioParams: number;
  textParams: number;
  loadSeconds: number;
  /** resident memory added by opening both sessions */
  rssDeltaMb: number;
  /** resident memory added by the first embeddings (activations, tensors) */
  rssAfterRunMb: number;
  tracks: number;
  audioMsPerTrack: number;
  textMsPerQuery: number;
  host: string;
}

/**
 * Stand-in towers with about the parameter counts of LAION-CLAP's (HTSAT audio ≈ 28M here ≈ 27M;
 * RoBERTa-base text ≈ 125M, here ≈ 87M: RoBERTa's 50,265 × 768 embedding table plus dense
 * layers), so the memory of holding such weights is real. Their compute is dense layers, not
 * attention: the speeds measure our pipeline (resampling, 10 s windows at 48 kHz, tensor
 * copies, tokenizing), a lower bound for a real network of the same size.
 */
const SIZES: Record<BenchResult["size"], StandInOptions> = {
  small: { seed: 1 },
  clap: { seed: 1, hiddenLayers: 7, hiddenWidth: 2048, vocabSize: 50_265, textWidth: 768 },
};
const CLAP_TEXT_LAYERS = { hiddenLayers: 12, hiddenWidth: 2048 };

function params(o: StandInOptions, tower: "audio" | "text"): number {
  const layers = o.hiddenLayers ?? 0;
  const h = o.hiddenWidth ?? 1024;
  const dims = o.dimensions ?? 512;
  if (tower === "audio") {
    const frames = 500;
    return layers ? frames * h + (layers - 1) * h * h + h * dims : frames * dims;
  }
  const vocab = Math.max(o.vocabSize ?? 0, 19);
  const width = o.textWidth ?? dims;
  return vocab * width + (layers ? width * h + (layers - 1) * h * h + h * dims : width === dims ? 0 : width * dims);
}

export async function benchStandInEncoders(opts: { tracks: number; size: BenchResult["size"] }): Promise<BenchResult> {
  const root = mkdtempSync(path.join(tmpdir(), "tunelens-bench-"));
  try {
    const base = SIZES[opts.size];
    // the text tower is deeper than the audio one: rewrite text.onnx with its own layer count
    const audioDir = path.join(root, "audio");
    const textOpts = opts.size === "clap" ? { ...base, ...CLAP_TEXT_LAYERS } : base;
    writeStandInClap(audioDir, "bench", base);
    if (opts.size === "clap") {
      writeFileSync(path.join(audioDir, "text.onnx"), standInTextGraph(textOpts));
    }
    // Building the graphs left hundreds of MB of garbage; without a collection first it would be
    // freed during the measurement and hide what the sessions hold (run with --expose-gc).
    global.gc?.();
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const encoder = await loadAnyEncoder(audioDir);
    const loadSeconds = (performance.now() - t0) / 1000;
    const loaded = process.memoryUsage().rss;
    try {
      const rate = 44_100;
      const samples = new Float32Array(30 * rate);
      const noise = mulberry32(7);
      for (let i = 0; i < samples.length; i++) samples[i] = 0.3 * Math.sin(i / 40) + 0.1 * (noise() - 0.5);
      await encoder.embedAudio({ samples, sampleRate: rate }); // warm-up
      const a0 = performance.now();
      for (let i = 0; i < opts.tracks; i++) await encoder.embedAudio({ samples, sampleRate: rate });
      const audioMsPerTrack = (performance.now() - a0) / Math.max(1, opts.tracks);
      const queries = ["dark cinematic strings, slow", "happy ukulele for a commercial", "fast techno with a 303 bass", "calm piano"];
      await encoder.embedTexts(queries);
      const q0 = performance.now();
      for (let i = 0; i < 25; i++) await encoder.embedTexts([queries[i % queries.length]]);
      const textMsPerQuery = (performance.now() - q0) / 25;
      const afterRun = () => {
        global.gc?.();
        return process.memoryUsage().rss;
      };
      return {
        size: opts.size,
        audioParams: params(base, "audio"),
        textParams: params(textOpts, "text"),
        loadSeconds,
        rssDeltaMb: (loaded - before) / 2 ** 20,
        rssAfterRunMb: (afterRun() - before) / 2 ** 20,
        tracks: opts.tracks,
        audioMsPerTrack,
        textMsPerQuery,
        host: `${cpus().length} cpu, onnxruntime-node 1 thread per session`,
      };
    } finally {
      await encoder.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function formatBench(r: BenchResult): string {
  const m = (n: number) => `${(n / 1e6).toFixed(1)}M`;
  return [
    `stand-in CLAP (${r.size}): audio ${m(r.audioParams)} params (48 kHz, 10 s windows → 512), text ${m(r.textParams)} params (tokens → 512)`,
    `load: ${r.loadSeconds.toFixed(2)} s, RSS +${r.rssDeltaMb.toFixed(0)} MB after load, +${r.rssAfterRunMb.toFixed(0)} MB after embedding`,
    `audio: ${r.audioMsPerTrack.toFixed(0)} ms per 30 s track (44.1 kHz input, 4 windows), over ${r.tracks} tracks`,
    `text: ${r.textMsPerQuery.toFixed(1)} ms per query`,
    `host: ${r.host}${global.gc ? "" : " (RSS deltas are approximate: run with NODE_OPTIONS=--expose-gc)"}`,
    "",
  ].join("\n");
}
