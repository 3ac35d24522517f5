import type { OnnxGraphBuilder } from "../embedding/onnx-graph-builder.ts";
import { LN_EPSILON, patchGrid, type AudioTransformerConfig } from "./audio-transformer-config.ts";

type Values = (name: string) => Float32Array;

/**
 * The transformer audio tower (audio-transformer.ts) as ONNX opset-17 nodes, from the NCHW
 * input [batch, 1, nMels, windowFrames] to the pooled tokens [batch, 2·width]; returns the
 * pooled output's name. With one channel, NCHW and the trainer's NHWC share a memory layout,
 * so the same reshapes cut the same patches.
 */
export function audioTransformerNodes(
  g: OnnxGraphBuilder,
  values: Values,
  input: string,
  nMels: number,
  windowFrames: number,
  c: AudioTransformerConfig,
): string {
  const grid = patchGrid(nMels, windowFrames, c);
  const d = c.width;
  const dh = d / c.heads;
  const weight = (name: string, dims: number[]): string => g.initializer(name.replaceAll(".", "_"), values(name), dims);
  const shape = (name: string, dims: number[]): string => g.initializerInt64(name, dims, [dims.length]);

  g.node("Reshape", [input, shape("patch_grid_shape", [-1, grid.bands, c.patchMels, grid.steps, c.patchFrames])], ["patch_grid"]);
  g.node("Transpose", ["patch_grid"], ["patch_grid_t"], { perm: [0, 1, 3, 2, 4] });
  g.node("Reshape", ["patch_grid_t", shape("patches_shape", [-1, grid.tokens, grid.size])], ["patches"]);
  const denseNode = (x: string, prefix: string, inDim: number, outDim: number, out: string): string => {
    g.node("MatMul", [x, weight(`${prefix}.w`, [inDim, outDim])], [`${out}_mm`]);
    g.node("Add", [`${out}_mm`, weight(`${prefix}.b`, [outDim])], [out]);
    return out;
  };
  const layerNormNode = (x: string, prefix: string, out: string): string => {
    g.node("LayerNormalization", [x, weight(`${prefix}.gamma`, [d]), weight(`${prefix}.beta`, [d])], [out], { axis: -1, epsilon: LN_EPSILON });
    return out;
  };
  denseNode("patches", "audio.patch", grid.size, d, "tokens_proj");
  g.node("Add", ["tokens_proj", weight("audio.pos", [grid.tokens, d])], ["h0"]);
  const headsShape = shape("heads_shape", [-1, grid.tokens, c.heads, dh]);
  const tokensShape = shape("tokens_shape", [-1, grid.tokens, d]);
  g.initializer("attention_scale", new Float32Array([1 / Math.sqrt(dh)]), []);
  let h = "h0";
  for (let l = 0; l < c.layers; l++) {
    const p = `audio.block${l}`;
    const b = `b${l}`;
    const a = layerNormNode(h, `${p}.ln1`, `${b}_ln1`);
    const heads = (m: string, perm: number[]): string => {
      denseNode(a, `${p}.${m}`, d, d, `${b}_${m}`);
      g.node("Reshape", [`${b}_${m}`, headsShape], [`${b}_${m}_heads`]);
      g.node("Transpose", [`${b}_${m}_heads`], [`${b}_${m}_t`], { perm });
      return `${b}_${m}_t`;
    };
    const q = heads("q", [0, 2, 1, 3]); // [B, H, N, dh]
    const k = heads("k", [0, 2, 3, 1]); // [B, H, dh, N]
    const v = heads("v", [0, 2, 1, 3]);
    g.node("MatMul", [q, k], [`${b}_scores_raw`]);
    g.node("Mul", [`${b}_scores_raw`, "attention_scale"], [`${b}_scores`]);
    g.node("Softmax", [`${b}_scores`], [`${b}_attention`], { axis: -1 });
    g.node("MatMul", [`${b}_attention`, v], [`${b}_mixed_heads`]);
    g.node("Transpose", [`${b}_mixed_heads`], [`${b}_mixed_t`], { perm: [0, 2, 1, 3] });
    g.node("Reshape", [`${b}_mixed_t`, tokensShape], [`${b}_mixed`]);
    denseNode(`${b}_mixed`, `${p}.o`, d, d, `${b}_attn_out`);
    g.node("Add", [h, `${b}_attn_out`], [`${b}_h1`]);
    const m = layerNormNode(`${b}_h1`, `${p}.ln2`, `${b}_ln2`);
    denseNode(m, `${p}.fc1`, d, c.mlp, `${b}_fc1`);
    g.node("Relu", [`${b}_fc1`], [`${b}_fc1_relu`]);
    denseNode(`${b}_fc1_relu`, `${p}.fc2`, c.mlp, d, `${b}_fc2`);
    g.node("Add", [`${b}_h1`, `${b}_fc2`], [`${b}_h2`]);
    h = `${b}_h2`;
  }
  layerNormNode(h, "audio.lnf", "tokens_final");
  g.node("ReduceMean", ["tokens_final"], ["tokens_mean"], { axes: [1], keepdims: 0 });
  g.node("ReduceMax", ["tokens_final"], ["tokens_max"], { axes: [1], keepdims: 0 });
  g.node("Concat", ["tokens_mean", "tokens_max"], ["pooled"], { axis: 1 });
  return "pooled";
}
