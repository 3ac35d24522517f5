import { readFile } from "node:fs/promises";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import * as ort from "onnxruntime-node";
import type { TextTowerSpec, TokenizerFrontend } from "./model-manifest.ts";
import { fixedDim, openOnnxSession, requireIo } from "./onnx-session.ts";
import { ProjectionHead } from "./projection-head.ts";
import type { TextTower, TowerOptions } from "./tower.ts";

/** Sentences per backbone call. */
const CHUNK = 32;

/**
 * The text half of a pretrained encoder whose export takes token ids: a Hugging Face tokenizer
 * (tokenizer.json, read locally by @huggingface/tokenizers) → int64 `input_ids` +
 * `attention_mask` (+ zero `token_type_ids` when named) → backbone. A backbone returning
 * per-token states [n, L, width] is mean-pooled over the mask; [n, width] is taken as is.
 */
export async function loadTokenizerTextTower(dir: string, spec: TextTowerSpec, dimensions: number, opts: TowerOptions = {}): Promise<TextTower> {
  const fe = spec.frontend as TokenizerFrontend;
  const tokenizer = await readTokenizer(dir, fe);
  const backboneWidth = spec.projection ? (spec.outputDimensions ?? dimensions) : dimensions;
  const session = await openOnnxSession(dir, spec.onnx!, opts.threads);
  let head: ProjectionHead | null = null;
  const inputs = [fe.inputIds, ...(fe.attentionMask ? [fe.attentionMask] : []), ...(fe.tokenTypeIds ? [fe.tokenTypeIds] : [])];
  try {
    requireIo(dir, "text tower", session, inputs, [spec.output!]);
    if (spec.projection) head = await ProjectionHead.open(dir, spec.projection, backboneWidth, dimensions, opts.threads);
  } catch (err) {
    await session.release();
    throw err;
  }
  // Exports traced with a fixed sequence length (CLIP-style 77) need exactly that many tokens.
  const fixedLength = fixedDim(session, fe.inputIds, 1);

  const run = async (texts: string[]): Promise<Float32Array> => {
    const encoded: number[][] = texts.map((t) => (tokenizer.encode(t).ids as number[]).slice(0, fixedLength ?? fe.maxLength));
    const L = fixedLength ?? Math.max(1, ...encoded.map((ids) => ids.length));
    const n = texts.length;
    const ids = new BigInt64Array(n * L).fill(BigInt(fe.padId));
    const mask = new BigInt64Array(n * L);
    encoded.forEach((row, i) => row.forEach((id, j) => ((ids[i * L + j] = BigInt(id)), (mask[i * L + j] = 1n))));
    const feeds: Record<string, ort.Tensor> = { [fe.inputIds]: new ort.Tensor("int64", ids, [n, L]) };
    if (fe.attentionMask) feeds[fe.attentionMask] = new ort.Tensor("int64", mask, [n, L]);
    if (fe.tokenTypeIds) feeds[fe.tokenTypeIds] = new ort.Tensor("int64", new BigInt64Array(n * L), [n, L]);
    let out: ort.Tensor;
    try {
      out = (await session.run(feeds))[spec.output!];
    } catch (err) {
      throw new Error(`model ${dir}: text tower failed: ${(err as Error).message}`, { cause: err });
    }
    const data = out.data as Float32Array;
    if (out.type === "float32" && out.dims.length === 2 && out.dims[0] === n && out.dims[1] === backboneWidth) return data;
    if (out.type === "float32" && out.dims.length === 3 && out.dims[0] === n && out.dims[1] === L && out.dims[2] === backboneWidth) {
      return maskedMean(data, mask, n, L, backboneWidth);
    }
    throw new Error(`model ${dir}: text tower returned ${out.type} [${out.dims.join(", ")}], expected float32 [${n}, ${backboneWidth}] or [${n}, ${L}, ${backboneWidth}]`);
  };

  return {
    width: dimensions,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const result: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += CHUNK) {
        const chunk = texts.slice(i, i + CHUNK);
        let packed = await run(chunk);
        if (head) packed = await head.apply(packed, chunk.length);
        for (let j = 0; j < chunk.length; j++) result.push(packed.slice(j * dimensions, (j + 1) * dimensions));
      }
      return result;
    },
    async close() {
      await Promise.all([session.release(), head?.close()]);
    },
  };
}

async function readTokenizer(dir: string, fe: TokenizerFrontend): Promise<Tokenizer> {
  const readJson = async (file: string) => {
    const full = path.join(dir, file);
    try {
      return JSON.parse(await readFile(full, "utf8")) as object;
    } catch (err) {
      throw new Error(`model ${dir}: cannot read tokenizer file ${full}: ${(err as Error).message}`, { cause: err });
    }
  };
  const json = await readJson(fe.tokenizer);
  const config = fe.tokenizerConfig ? await readJson(fe.tokenizerConfig) : {};
  try {
    return new Tokenizer(json, config);
  } catch (err) {
    throw new Error(`model ${dir}: ${fe.tokenizer} is not a tokenizer this library reads: ${(err as Error).message}`, { cause: err });
  }
}

function maskedMean(states: Float32Array, mask: BigInt64Array, n: number, L: number, width: number): Float32Array {
  const out = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let t = 0; t < L; t++) {
      if (mask[i * L + t] === 0n) continue;
      count++;
      const base = (i * L + t) * width;
      for (let k = 0; k < width; k++) out[i * width + k] += states[base + k];
    }
    for (let k = 0; k < width; k++) out[i * width + k] /= Math.max(1, count);
  }
  return out;
}
