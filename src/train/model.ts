import * as tf from "@tensorflow/tfjs";
import { conv2dSame } from "./conv2d.ts";
import { maxPool2x2 } from "./max-pool.ts";
import type { CheckpointableRng } from "../util/random.ts";
import { audioTransformerPooled, initAudioTransformer } from "./audio-transformer.ts";
import type { AudioTransformerConfig } from "./audio-transformer-config.ts";

/**
 * The dual encoder as plain tensors (no tfjs-layers): the audio tower is a small CNN over a
 * log-mel window, the text tower an MLP over precomputed text features. Plain variables keep
 * BatchNorm folding for ONNX, checkpointing and exact resume under our control.
 */
export interface DualEncoderConfig {
  nMels: number;
  windowFrames: number;
  /** output channels of each conv block (3×3 conv, BatchNorm, ReLU, 2×2 max-pool) */
  channels: number[];
  /** when set, the audio tower is this patch transformer instead of the CNN (`channels` unused) */
  transformer?: AudioTransformerConfig;
  /** width of the text features (USE 512 ⊕ bag-of-words) */
  textInputDim: number;
  textHidden: number;
  /** shared embedding size */
  dim: number;
}

export const BN_EPSILON = 1e-5;
/** logit scale = exp(logScale), clamped like CLIP so the temperature cannot run away */
export const LOG_SCALE_MIN = 0;
export const LOG_SCALE_MAX = Math.log(100);
const LOG_SCALE_INIT = Math.log(1 / 0.07);

export interface DualEncoderParams {
  /** trained by the optimizer, in a fixed order (checkpoints rely on it) */
  trainable: Map<string, tf.Variable>;
  /** BatchNorm running statistics, updated by moving average */
  stats: Map<string, tf.Variable>;
}

export interface BatchNormMoments {
  block: number;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

function heNormal(rng: CheckpointableRng, shape: number[], fanIn: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < n; i++) data[i] = rng.normal() * std;
  return tf.tensor(data, shape);
}

/** Initialises every parameter from `rng` so that a seed fixes the starting point. */
export function initDualEncoder(config: DualEncoderConfig, rng: CheckpointableRng): DualEncoderParams {
  const trainable = new Map<string, tf.Variable>();
  const stats = new Map<string, tf.Variable>();
  // No tfjs variable names: they are global per engine, and tests hold two models at once.
  const add = (name: string, t: tf.Tensor, into = trainable): void => {
    into.set(name, tf.variable(t, into === trainable));
    t.dispose(); // the variable holds its own reference to the data
  };
  let pooledWidth: number;
  if (config.transformer) {
    pooledWidth = initAudioTransformer(add, rng, config.nMels, config.windowFrames, config.transformer);
  } else {
    let cin = 1;
    config.channels.forEach((cout, k) => {
      add(`audio.conv${k}.w`, heNormal(rng, [3, 3, cin, cout], 9 * cin));
      add(`audio.bn${k}.gamma`, tf.ones([cout]));
      add(`audio.bn${k}.beta`, tf.zeros([cout]));
      add(`audio.bn${k}.mean`, tf.zeros([cout]), stats);
      add(`audio.bn${k}.var`, tf.ones([cout]), stats);
      cin = cout;
    });
    // Global pooling concatenates the time-mean and time-max of the frequency-mean.
    pooledWidth = 2 * cin;
  }
  add("audio.proj.w", heNormal(rng, [pooledWidth, config.dim], pooledWidth));
  add("audio.proj.b", tf.zeros([config.dim]));
  add("text.fc1.w", heNormal(rng, [config.textInputDim, config.textHidden], config.textInputDim));
  add("text.fc1.b", tf.zeros([config.textHidden]));
  add("text.fc2.w", heNormal(rng, [config.textHidden, config.dim], config.textHidden));
  add("text.fc2.b", tf.zeros([config.dim]));
  add("logScale", tf.scalar(LOG_SCALE_INIT));
  add("logScaleAudio", tf.scalar(LOG_SCALE_INIT));
  return { trainable, stats };
}

export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  const norm = tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-12));
  return tf.div(x, norm);
}

function param(params: DualEncoderParams, name: string): tf.Variable {
  const v = params.trainable.get(name) ?? params.stats.get(name);
  if (!v) throw new Error(`missing parameter ${name}`);
  return v;
}

/**
 * Audio tower on NHWC input [B, nMels, windowFrames, 1]. With `training`, BatchNorm uses the
 * batch moments and reports them through `moments` so the caller can update running stats.
 */
export function audioForward(
  params: DualEncoderParams,
  config: DualEncoderConfig,
  x: tf.Tensor4D,
  training: boolean,
  moments?: BatchNormMoments[],
): tf.Tensor2D {
  const pooled = config.transformer
    ? audioTransformerPooled((name) => param(params, name), config.nMels, config.windowFrames, config.transformer, x)
    : cnnPooled(params, config, x, training, moments);
  const proj = tf.add(tf.matMul(pooled, param(params, "audio.proj.w") as tf.Tensor2D), param(params, "audio.proj.b"));
  return l2Normalize(proj as tf.Tensor2D);
}

/** The CNN's conv blocks and pooling: [B, nMels, windowFrames, 1] → [B, 2·lastChannels]. */
function cnnPooled(
  params: DualEncoderParams,
  config: DualEncoderConfig,
  x: tf.Tensor4D,
  training: boolean,
  moments?: BatchNormMoments[],
): tf.Tensor2D {
  let h = x;
  config.channels.forEach((_, k) => {
    const conv = conv2dSame(h, param(params, `audio.conv${k}.w`) as tf.Tensor4D, k > 0);
    let mean: tf.Tensor1D;
    let variance: tf.Tensor1D;
    if (training) {
      const m = tf.moments(conv, [0, 1, 2]);
      mean = m.mean as tf.Tensor1D;
      variance = m.variance as tf.Tensor1D;
      moments?.push({ block: k, mean, variance });
    } else {
      mean = param(params, `audio.bn${k}.mean`) as tf.Tensor1D;
      variance = param(params, `audio.bn${k}.var`) as tf.Tensor1D;
    }
    const scale = tf.mul(param(params, `audio.bn${k}.gamma`), tf.rsqrt(tf.add(variance, BN_EPSILON)));
    const normed = tf.add(tf.mul(tf.sub(conv, mean), scale), param(params, `audio.bn${k}.beta`));
    h = maxPool2x2(tf.relu(normed) as tf.Tensor4D);
  });
  const freqMean = tf.mean(h, 1) as tf.Tensor3D; // [B, T', C]
  return tf.concat([tf.mean(freqMean, 1), tf.max(freqMean, 1)], 1) as tf.Tensor2D;
}

/** Text tower: features [B, F] → L2-normalised [B, dim]. */
export function textForward(params: DualEncoderParams, x: tf.Tensor2D): tf.Tensor2D {
  const h = tf.relu(tf.add(tf.matMul(x, param(params, "text.fc1.w") as tf.Tensor2D), param(params, "text.fc1.b")));
  const out = tf.add(tf.matMul(h as tf.Tensor2D, param(params, "text.fc2.w") as tf.Tensor2D), param(params, "text.fc2.b"));
  return l2Normalize(out as tf.Tensor2D);
}

/** Moving-average update of the BatchNorm running statistics after a training step. */
export function updateRunningStats(params: DualEncoderParams, moments: BatchNormMoments[], momentum: number): void {
  tf.tidy(() => {
    for (const { block, mean, variance } of moments) {
      const rm = param(params, `audio.bn${block}.mean`);
      const rv = param(params, `audio.bn${block}.var`);
      rm.assign(tf.add(tf.mul(rm, momentum), tf.mul(mean, 1 - momentum)));
      rv.assign(tf.add(tf.mul(rv, momentum), tf.mul(variance, 1 - momentum)));
    }
  });
}

export function countParameters(params: DualEncoderParams, prefix = ""): number {
  let n = 0;
  for (const [name, v] of params.trainable) if (name.startsWith(prefix)) n += v.size;
  return n;
}

