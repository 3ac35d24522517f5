import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { OnnxGraphBuilder } from "../embedding/onnx-graph-builder.ts";
import {
  isTunelensManifest,
  modelManifestSchema,
  type LogMelFrontend,
  type TunelensManifest,
  type TextFrontend,
} from "../embedding/model-manifest.ts";
import { audioTransformerNodes } from "./audio-transformer-onnx.ts";
import { BN_EPSILON, type DualEncoderConfig, type DualEncoderParams } from "./model.ts";

export const AUDIO_INPUT = "logmel";
export const TEXT_INPUT = "features";
export const EMBEDDING_OUTPUT = "embedding";

function values(params: DualEncoderParams, name: string): Float32Array {
  const v = params.trainable.get(name) ?? params.stats.get(name);
  if (!v) throw new Error(`export: missing parameter ${name}`);
  return v.dataSync() as Float32Array;
}

/** x / max(‖x‖₂, 1e-6) row-wise, as model.ts l2Normalize (which clamps ‖x‖² at 1e-12). */
function l2NormalizeNodes(g: OnnxGraphBuilder, input: string, output: string): void {
  g.initializer("l2_eps", new Float32Array([1e-12]), []);
  g.node("ReduceSumSquare", [input], ["l2_sq"], { axes: [1], keepdims: 1 });
  g.node("Max", ["l2_sq", "l2_eps"], ["l2_sq_clamped"]);
  g.node("Sqrt", ["l2_sq_clamped"], ["l2_norm"]);
  g.node("Div", [input, "l2_norm"], [output]);
}

/**
 * Audio tower as ONNX (opset 17, NCHW): `logmel` [batch, 1, nMels, windowFrames] → `embedding`
 * [batch, dim]. Each BatchNorm (inference statistics) is folded into its conv: w' = w·γ/σ,
 * b' = β − μ·γ/σ, so the graph is Conv → Relu → MaxPool blocks, pooling and one MatMul.
 * With `config.transformer`, the patch transformer's nodes replace the conv blocks.
 */
export function audioTowerOnnx(params: DualEncoderParams, config: DualEncoderConfig): Uint8Array {
  const g = new OnnxGraphBuilder("tunelens_audio");
  g.input(AUDIO_INPUT, ["batch", 1, config.nMels, config.windowFrames]);
  const pooled = config.transformer
    ? audioTransformerNodes(g, (name) => values(params, name), AUDIO_INPUT, config.nMels, config.windowFrames, config.transformer)
    : cnnNodes(g, params, config);
  const pooledWidth = config.transformer ? 2 * config.transformer.width : 2 * config.channels.at(-1)!;
  g.initializer("proj_w", values(params, "audio.proj.w"), [pooledWidth, config.dim]);
  g.initializer("proj_b", values(params, "audio.proj.b"), [config.dim]);
  g.node("MatMul", [pooled, "proj_w"], ["proj_mm"]);
  g.node("Add", ["proj_mm", "proj_b"], ["proj"]);
  l2NormalizeNodes(g, "proj", EMBEDDING_OUTPUT);
  g.output(EMBEDDING_OUTPUT, ["batch", config.dim]);
  return g.toBytes();
}

/** The CNN's blocks with BatchNorm folded, and its pooling; returns the pooled output's name. */
function cnnNodes(g: OnnxGraphBuilder, params: DualEncoderParams, config: DualEncoderConfig): string {
  let h = AUDIO_INPUT;
  let cin = 1;
  config.channels.forEach((cout, k) => {
    const w = values(params, `audio.conv${k}.w`); // tfjs layout [kh, kw, cin, cout]
    const gamma = values(params, `audio.bn${k}.gamma`);
    const beta = values(params, `audio.bn${k}.beta`);
    const mean = values(params, `audio.bn${k}.mean`);
    const variance = values(params, `audio.bn${k}.var`);
    const folded = new Float32Array(cout * cin * 9); // ONNX layout [cout, cin, kh, kw]
    const bias = new Float32Array(cout);
    for (let o = 0; o < cout; o++) {
      const s = gamma[o] / Math.sqrt(variance[o] + BN_EPSILON);
      bias[o] = beta[o] - mean[o] * s;
      for (let i = 0; i < cin; i++) {
        for (let y = 0; y < 3; y++) {
          for (let x = 0; x < 3; x++) folded[((o * cin + i) * 3 + y) * 3 + x] = w[((y * 3 + x) * cin + i) * cout + o] * s;
        }
      }
    }
    g.initializer(`conv${k}_w`, folded, [cout, cin, 3, 3]);
    g.initializer(`conv${k}_b`, bias, [cout]);
    g.node("Conv", [h, `conv${k}_w`, `conv${k}_b`], [`conv${k}`], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] });
    g.node("Relu", [`conv${k}`], [`relu${k}`]);
    g.node("MaxPool", [`relu${k}`], [`pool${k}`], { kernel_shape: [2, 2], strides: [2, 2] });
    h = `pool${k}`;
    cin = cout;
  });
  // [B, C, F, T]: mean over frequency, then mean ⊕ max over time (same order as audioForward)
  g.node("ReduceMean", [h], ["freq_mean"], { axes: [2], keepdims: 0 });
  g.node("ReduceMean", ["freq_mean"], ["time_mean"], { axes: [2], keepdims: 0 });
  g.node("ReduceMax", ["freq_mean"], ["time_max"], { axes: [2], keepdims: 0 });
  g.node("Concat", ["time_mean", "time_max"], ["pooled"], { axis: 1 });
  return "pooled";
}

/** Text tower as ONNX: `features` [batch, F] → `embedding` [batch, dim]. */
export function textTowerOnnx(params: DualEncoderParams, config: DualEncoderConfig): Uint8Array {
  const g = new OnnxGraphBuilder("tunelens_text");
  g.input(TEXT_INPUT, ["batch", config.textInputDim]);
  g.initializer("fc1_w", values(params, "text.fc1.w"), [config.textInputDim, config.textHidden]);
  g.initializer("fc1_b", values(params, "text.fc1.b"), [config.textHidden]);
  g.initializer("fc2_w", values(params, "text.fc2.w"), [config.textHidden, config.dim]);
  g.initializer("fc2_b", values(params, "text.fc2.b"), [config.dim]);
  g.node("MatMul", [TEXT_INPUT, "fc1_w"], ["fc1_mm"]);
  g.node("Add", ["fc1_mm", "fc1_b"], ["fc1"]);
  g.node("Relu", ["fc1"], ["fc1_relu"]);
  g.node("MatMul", ["fc1_relu", "fc2_w"], ["fc2_mm"]);
  g.node("Add", ["fc2_mm", "fc2_b"], ["fc2"]);
  l2NormalizeNodes(g, "fc2", EMBEDDING_OUTPUT);
  g.output(EMBEDDING_OUTPUT, ["batch", config.dim]);
  return g.toBytes();
}

export interface ExportOptions {
  name: string;
  version: string;
  audioFrontend: LogMelFrontend;
  textFrontend: TextFrontend;
  /** bag-of-words vocabulary, written as the file textFrontend.vocabulary names */
  vocabulary?: string[];
  metrics?: Record<string, unknown>;
  /** GloVe table to copy as the file textFrontend.glove names */
  gloveSource?: string;
  /** false for an untrained export (the random-initialisation baseline) */
  trained?: boolean;
}

/** Writes audio.onnx, text.onnx, the vocabulary and model.json into `outDir`. */
export async function exportModel(
  outDir: string,
  params: DualEncoderParams,
  config: DualEncoderConfig,
  opts: ExportOptions,
): Promise<TunelensManifest> {
  await mkdir(outDir, { recursive: true });
  const manifest = modelManifestSchema.parse({
    name: opts.name,
    version: opts.version,
    dimensions: config.dim,
    audio: { onnx: "audio.onnx", input: AUDIO_INPUT, output: EMBEDDING_OUTPUT, frontend: opts.audioFrontend },
    text: { onnx: "text.onnx", input: TEXT_INPUT, output: EMBEDDING_OUTPUT, frontend: opts.textFrontend },
    trained: opts.trained ?? true,
    metrics: opts.metrics ?? {},
  });
  if (!isTunelensManifest(manifest)) throw new Error("exportModel: the manifest it built is not in the trained tunelens format");
  await writeFile(path.join(outDir, "audio.onnx"), tf.tidy(() => audioTowerOnnx(params, config)));
  await writeFile(path.join(outDir, "text.onnx"), textTowerOnnx(params, config));
  if (opts.textFrontend.vocabulary && opts.vocabulary) {
    await writeFile(path.join(outDir, opts.textFrontend.vocabulary), JSON.stringify(opts.vocabulary));
  }
  if (opts.textFrontend.glove && opts.gloveSource) await copyFile(opts.gloveSource, path.join(outDir, opts.textFrontend.glove));
  await writeFile(path.join(outDir, "model.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}
