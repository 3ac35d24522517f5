import * as tf from "@tensorflow/tfjs";
import type { CheckpointableRng } from "../util/random.ts";
import { LN_EPSILON, patchGrid, type AudioTransformerConfig } from "./audio-transformer-config.ts";

// The tower's shape and its patch grid live in audio-transformer-config.ts, which the CLI can
// import without loading tfjs.

function normal(rng: CheckpointableRng, shape: number[], std: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.normal() * std;
  return tf.tensor(data, shape);
}

/**
 * Adds the tower's parameters through `add` (model.ts owns the maps), returning the width the
 * pooling produces (2 × width). Residual-branch outputs start small so each block begins near
 * the identity, the usual recipe for training a transformer from scratch without warm-up pains.
 */
export function initAudioTransformer(
  add: (name: string, t: tf.Tensor) => void,
  rng: CheckpointableRng,
  nMels: number,
  windowFrames: number,
  c: AudioTransformerConfig,
): number {
  const grid = patchGrid(nMels, windowFrames, c);
  const d = c.width;
  add("audio.patch.w", normal(rng, [grid.size, d], Math.sqrt(1 / grid.size)));
  add("audio.patch.b", tf.zeros([d]));
  add("audio.pos", normal(rng, [grid.tokens, d], 0.02));
  const residualStd = 0.02 / Math.sqrt(2 * c.layers);
  for (let l = 0; l < c.layers; l++) {
    const p = `audio.block${l}`;
    add(`${p}.ln1.gamma`, tf.ones([d]));
    add(`${p}.ln1.beta`, tf.zeros([d]));
    for (const m of ["q", "k", "v"]) {
      add(`${p}.${m}.w`, normal(rng, [d, d], Math.sqrt(1 / d)));
      add(`${p}.${m}.b`, tf.zeros([d]));
    }
    add(`${p}.o.w`, normal(rng, [d, d], residualStd));
    add(`${p}.o.b`, tf.zeros([d]));
    add(`${p}.ln2.gamma`, tf.ones([d]));
    add(`${p}.ln2.beta`, tf.zeros([d]));
    add(`${p}.fc1.w`, normal(rng, [d, c.mlp], Math.sqrt(2 / d)));
    add(`${p}.fc1.b`, tf.zeros([c.mlp]));
    add(`${p}.fc2.w`, normal(rng, [c.mlp, d], residualStd));
    add(`${p}.fc2.b`, tf.zeros([d]));
  }
  add("audio.lnf.gamma", tf.ones([d]));
  add("audio.lnf.beta", tf.zeros([d]));
  return 2 * d;
}

type Param = (name: string) => tf.Tensor;

function layerNorm(x: tf.Tensor3D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LN_EPSILON))), gamma), beta) as tf.Tensor3D;
}

/** x [B, N, in] · w [in, out] + b, as one 2-D matmul (the wasm backend's batched matmul wants equal ranks). */
function dense(x: tf.Tensor3D, w: tf.Tensor, b: tf.Tensor): tf.Tensor3D {
  const [batch, n, inDim] = x.shape;
  const y = tf.add(tf.matMul(tf.reshape(x, [batch * n, inDim]) as tf.Tensor2D, w as tf.Tensor2D), b);
  return tf.reshape(y, [batch, n, w.shape[1]!]) as tf.Tensor3D;
}

/** [B, N, d] → [B, heads, N, d/heads] */
function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [batch, n, d] = x.shape;
  return tf.transpose(tf.reshape(x, [batch, n, heads, d / heads]), [0, 2, 1, 3]) as tf.Tensor4D;
}

/**
 * NHWC log-mel [B, nMels, windowFrames, 1] → pooled tokens [B, 2·width] (mean ⊕ max over
 * tokens after the final LayerNorm); the caller projects and normalises like the CNN's output.
 */
export function audioTransformerPooled(param: Param, nMels: number, windowFrames: number, c: AudioTransformerConfig, x: tf.Tensor4D): tf.Tensor2D {
  const grid = patchGrid(nMels, windowFrames, c);
  const batch = x.shape[0];
  // [B, bands, patchMels, steps, patchFrames] → [B, bands, steps, patchMels, patchFrames]: frequency-major tokens
  const patches = tf.reshape(
    tf.transpose(tf.reshape(x, [batch, grid.bands, c.patchMels, grid.steps, c.patchFrames]), [0, 1, 3, 2, 4]),
    [batch, grid.tokens, grid.size],
  ) as tf.Tensor3D;
  let h = tf.add(dense(patches, param("audio.patch.w"), param("audio.patch.b")), param("audio.pos")) as tf.Tensor3D;
  const dh = c.width / c.heads;
  for (let l = 0; l < c.layers; l++) {
    const p = `audio.block${l}`;
    const a = layerNorm(h, param(`${p}.ln1.gamma`), param(`${p}.ln1.beta`));
    const q = splitHeads(dense(a, param(`${p}.q.w`), param(`${p}.q.b`)), c.heads);
    const k = splitHeads(dense(a, param(`${p}.k.w`), param(`${p}.k.b`)), c.heads);
    const v = splitHeads(dense(a, param(`${p}.v.w`), param(`${p}.v.b`)), c.heads);
    const attention = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)));
    const mixed = tf.reshape(tf.transpose(tf.matMul(attention, v), [0, 2, 1, 3]), [batch, grid.tokens, c.width]) as tf.Tensor3D;
    h = tf.add(h, dense(mixed, param(`${p}.o.w`), param(`${p}.o.b`))) as tf.Tensor3D;
    const m = layerNorm(h, param(`${p}.ln2.gamma`), param(`${p}.ln2.beta`));
    const hidden = tf.relu(dense(m, param(`${p}.fc1.w`), param(`${p}.fc1.b`))) as tf.Tensor3D;
    h = tf.add(h, dense(hidden, param(`${p}.fc2.w`), param(`${p}.fc2.b`))) as tf.Tensor3D;
  }
  const out = layerNorm(h, param("audio.lnf.gamma"), param("audio.lnf.beta"));
  return tf.concat([tf.mean(out, 1), tf.max(out, 1)], 1) as tf.Tensor2D;
}
