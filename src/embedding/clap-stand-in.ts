import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ModelManifest } from "./model-manifest.ts";
import { OnnxGraphBuilder } from "./onnx-graph-builder.ts";
import { mulberry32 } from "../util/random.ts";

/**
 * Stand-in ONNX graphs with the input/output signatures of common CLAP exports, so tests and
 * `tunelens models bench` exercise the whole pretrained-encoder path without downloaded weights:
 * - audio: float32 waveform [batch, sampleRate·clipSeconds] → [batch, dimensions]: log energy of
 *   fixed frames, centred per clip, through fixed random layers (different audio → different
 *   vectors, deterministically);
 * - text: int64 `input_ids` + `attention_mask` [batch, seq] → [batch, dimensions]: an embedding
 *   table gathered per token and mean-pooled over the mask (then optional hidden layers).
 * `hiddenLayers`/`hiddenWidth` add parameters so memory and speed can be measured at the size of
 * real towers; the defaults keep tests fast.
 */
export interface StandInOptions {
  seed: number;
  sampleRate?: number;
  clipSeconds?: number;
  dimensions?: number;
  /** samples per energy frame (must divide the clip) */
  frameSamples?: number;
  /** words the tokenizer knows (besides [PAD] [UNK] [CLS] [SEP]); more rows are padding */
  words?: readonly string[];
  vocabSize?: number;
  textWidth?: number;
  hiddenLayers?: number;
  hiddenWidth?: number;
}

export const STAND_IN_WORDS = ["piano", "calm", "techno", "bass", "drum", "guitar", "strings", "dark", "happy", "slow", "fast", "noise", "tone", "chord", "click"];

const rng = mulberry32;

function randomMatrix(rand: () => number, rows: number, cols: number): Float32Array {
  const m = new Float32Array(rows * cols);
  const scale = Math.sqrt(3 / rows); // uniform with variance 1/rows: activations keep their scale
  for (let i = 0; i < m.length; i++) m[i] = (2 * rand() - 1) * scale;
  return m;
}

/** Appends `layers` MatMul+Relu blocks of `width` and a final MatMul to `out`; returns nothing. */
function mlp(g: OnnxGraphBuilder, rand: () => number, input: string, inWidth: number, out: string, outWidth: number, layers: number, width: number): void {
  let x = input;
  let w = inWidth;
  for (let l = 0; l < layers; l++) {
    g.initializer(`h${l}_w`, randomMatrix(rand, w, width), [w, width]);
    g.node("MatMul", [x, `h${l}_w`], [`h${l}_mm`]);
    g.node("Relu", [`h${l}_mm`], [`h${l}`]);
    x = `h${l}`;
    w = width;
  }
  g.initializer("proj_w", randomMatrix(rand, w, outWidth), [w, outWidth]);
  g.node("MatMul", [x, "proj_w"], [out]);
}

export function standInAudioGraph(opts: StandInOptions): Uint8Array {
  const sampleRate = opts.sampleRate ?? 48_000;
  const clip = Math.round(sampleRate * (opts.clipSeconds ?? 10));
  const frame = opts.frameSamples ?? 960;
  if (clip % frame !== 0) throw new RangeError(`stand-in audio: frame ${frame} does not divide the clip of ${clip} samples`);
  const frames = clip / frame;
  const dims = opts.dimensions ?? 512;
  const g = new OnnxGraphBuilder("clap_stand_in_audio");
  g.input("waveform", ["batch", clip]);
  g.initializerInt64("frame_shape", [-1, frames, frame], [3]);
  g.node("Reshape", ["waveform", "frame_shape"], ["framed"]);
  g.node("Mul", ["framed", "framed"], ["power"]);
  g.node("ReduceMean", ["power"], ["energy"], { axes: [2], keepdims: 0 });
  g.initializer("eps", new Float32Array([1e-6]), [1]);
  g.node("Add", ["energy", "eps"], ["energy_eps"]);
  g.node("Log", ["energy_eps"], ["log_energy"]);
  // centred per clip: the loudness offset every clip shares would otherwise dominate the vectors
  g.node("ReduceMean", ["log_energy"], ["level"], { axes: [1], keepdims: 1 });
  g.node("Sub", ["log_energy", "level"], ["contour"]);
  mlp(g, rng(opts.seed), "contour", frames, "audio_embeds", dims, opts.hiddenLayers ?? 0, opts.hiddenWidth ?? 1024);
  g.output("audio_embeds", ["batch", dims]);
  return g.toBytes();
}

export function standInTextGraph(opts: StandInOptions): Uint8Array {
  const dims = opts.dimensions ?? 512;
  const vocab = Math.max(opts.vocabSize ?? 0, 4 + (opts.words ?? STAND_IN_WORDS).length);
  const width = opts.textWidth ?? dims;
  const rand = rng(opts.seed + 1);
  const g = new OnnxGraphBuilder("clap_stand_in_text");
  g.input("input_ids", ["batch", "sequence"], "int64");
  g.input("attention_mask", ["batch", "sequence"], "int64");
  g.initializer("token_table", randomMatrix(rand, 1, vocab * width).map((v) => v / Math.sqrt(3)), [vocab, width]);
  g.node("Gather", ["token_table", "input_ids"], ["tokens"], { axis: 0 }); // [batch, seq, width]
  g.node("Cast", ["attention_mask"], ["mask"], { to: 1 }); // FLOAT
  g.initializerInt64("axis2", [2], [1]);
  g.node("Unsqueeze", ["mask", "axis2"], ["mask3"]);
  g.node("Mul", ["tokens", "mask3"], ["masked"]);
  g.initializerInt64("axis1", [1], [1]);
  g.node("ReduceSum", ["masked", "axis1"], ["summed"], { keepdims: 0 });
  g.node("ReduceSum", ["mask", "axis1"], ["count"], { keepdims: 1 });
  g.initializer("one", new Float32Array([1]), [1]);
  g.node("Max", ["count", "one"], ["count1"]);
  g.node("Div", ["summed", "count1"], ["pooled"]);
  const layers = opts.hiddenLayers ?? 0;
  if (layers === 0 && width === dims) g.node("Identity", ["pooled"], ["text_embeds"]);
  else mlp(g, rand, "pooled", width, "text_embeds", dims, layers, opts.hiddenWidth ?? 1024);
  g.output("text_embeds", ["batch", dims]);
  return g.toBytes();
}

/** A BERT-style WordPiece tokenizer.json over `words` ([PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3). */
export function standInTokenizerJson(words: readonly string[] = STAND_IN_WORDS): object {
  const all = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", ...words];
  const special = (id: number) => ({ id, content: all[id], single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [0, 1, 2, 3].map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: Object.fromEntries(all.map((w, i) => [w, i])) },
  };
}

/**
 * Writes a complete model folder (model.json, audio.onnx, text.onnx, tokenizer.json) for a
 * stand-in CLAP: waveform audio tower and tokenizer text tower. Returns the manifest.
 */
export function writeStandInClap(dir: string, name: string, opts: StandInOptions & { version?: string }): ModelManifest {
  mkdirSync(dir, { recursive: true });
  const dims = opts.dimensions ?? 512;
  writeFileSync(path.join(dir, "audio.onnx"), standInAudioGraph(opts));
  writeFileSync(path.join(dir, "text.onnx"), standInTextGraph(opts));
  writeFileSync(path.join(dir, "tokenizer.json"), JSON.stringify(standInTokenizerJson(opts.words)));
  const manifest = {
    name,
    version: opts.version ?? `${name}-1`,
    dimensions: dims,
    trained: false,
    metrics: { standIn: true },
    audio: {
      onnx: "audio.onnx",
      input: "waveform",
      output: "audio_embeds",
      frontend: { kind: "waveform", sampleRate: opts.sampleRate ?? 48_000, clipSeconds: opts.clipSeconds ?? 10, maxWindows: 4, pooling: "mean", pad: "repeat" },
    },
    text: {
      onnx: "text.onnx",
      output: "text_embeds",
      frontend: { kind: "tokenizer", tokenizer: "tokenizer.json", maxLength: 77, inputIds: "input_ids", attentionMask: "attention_mask", padId: 0 },
    },
  } satisfies Record<string, unknown>;
  writeFileSync(path.join(dir, "model.json"), JSON.stringify(manifest, null, 2));
  return manifest as unknown as ModelManifest;
}
