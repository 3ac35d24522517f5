import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeAudioFile } from "../embedding/audio-decoder.ts";
import { readQueryLines, readTrackLines } from "../ingest/dataset-lines.ts";
import { loadAnyEncoder } from "../embedding/composed-encoder.ts";
import type { ModelManifest } from "../embedding/model-manifest.ts";
import { OnnxGraphBuilder } from "../embedding/onnx-graph-builder.ts";
import type { OpenAiEndpoint } from "../embedding/openai-text-tower.ts";
import { l2Normalize } from "../embedding/vector-norm.ts";

/**
 * A projection head on a frozen pretrained backbone, fitted to a captioned data set: the audio
 * tower's vectors are mapped by a linear head W (ridge regression, closed form) onto the text
 * tower's vectors of the track's captions, so that text→track search fits this catalogue's
 * language without touching either backbone. The result is a new model folder whose manifest
 * points at the backbone's files and adds `audio.projection` — served like any other model.
 *
 * This is the trainer behind `--backbone` (a one-line hook in `tunelens train` belongs to the
 * training command's owner; `tunelens models fit-head` calls it today).
 */
export interface FitHeadOptions {
  /** backbone model folder (any model.json tunelens serves) */
  backboneDir: string;
  /** data sets: tracks.jsonl (+ audio/), texts from `description`, `captions`, and queries.jsonl */
  datasets: string[];
  outDir: string;
  /** ridge strength λ (relative to the mean squared norm of audio vectors); default 0.1 */
  ridge?: number;
  openai?: OpenAiEndpoint | null;
  onProgress?: (done: number, total: number) => void;
}

export interface FitHeadResult {
  manifest: ModelManifest;
  pairs: number;
  /** mean cosine of the projected audio vector with its captions' vector, before and after */
  cosineBefore: number;
  cosineAfter: number;
}

interface Pair {
  file: string;
  texts: string[];
}

export async function fitAudioHead(opts: FitHeadOptions): Promise<FitHeadResult> {
  const backbone = await loadAnyEncoder(opts.backboneDir, { openai: opts.openai ?? null });
  try {
    const m = backbone.manifest;
    if (m.audio.projection) throw new Error(`model ${m.name} already has an audio projection head; fit on its backbone instead`);
    const pairs = (await Promise.all(opts.datasets.map(readPairs))).flat();
    if (pairs.length < 2) throw new Error(`need at least 2 captioned tracks, found ${pairs.length}`);
    const d = backbone.dimensions;
    const A = new Float64Array(pairs.length * d);
    const T = new Float64Array(pairs.length * d);
    for (let i = 0; i < pairs.length; i++) {
      const a = await backbone.embedAudio(await decodeAudioFile(pairs[i].file));
      const texts = await backbone.embedTexts(pairs[i].texts);
      const t = new Float32Array(d);
      for (const v of texts) for (let k = 0; k < d; k++) t[k] += v[k];
      l2Normalize(t);
      A.set(a, i * d);
      T.set(t, i * d);
      opts.onProgress?.(i + 1, pairs.length);
    }
    const W = ridgeSolve(A, T, pairs.length, d, opts.ridge ?? 0.1);
    const cosine = (project: boolean) => {
      let sum = 0;
      for (let i = 0; i < pairs.length; i++) {
        const a = A.subarray(i * d, (i + 1) * d);
        const p = project ? matVec(a, W, d) : Float64Array.from(a);
        let dot = 0, na = 0;
        for (let k = 0; k < d; k++) {
          dot += p[k] * T[i * d + k];
          na += p[k] * p[k];
        }
        sum += dot / Math.sqrt(na || 1);
      }
      return sum / pairs.length;
    };

    mkdirSync(opts.outDir, { recursive: true });
    const head = new OnnxGraphBuilder("audio_head");
    head.input("features", ["batch", d]);
    head.initializer("w", Float32Array.from(W), [d, d]);
    head.node("MatMul", ["features", "w"], ["embedding"]);
    head.output("embedding", ["batch", d]);
    writeFileSync(path.join(opts.outDir, "audio-head.onnx"), head.toBytes());
    const digest = createHash("sha256").update(Buffer.from(W.buffer)).digest("hex").slice(0, 8);
    const manifest = relocate(m, backbone.dir, opts.outDir, {
      name: `${m.name}-head`,
      version: `${m.version}-head-${digest}`,
      projection: { onnx: "audio-head.onnx", input: "features", output: "embedding" },
      metrics: { head: { backbone: m.version, pairs: pairs.length, ridge: opts.ridge ?? 0.1, datasets: opts.datasets.map((p) => path.basename(p)) } },
    });
    writeFileSync(path.join(opts.outDir, "model.json"), JSON.stringify(manifest, null, 2));
    return { manifest, pairs: pairs.length, cosineBefore: cosine(false), cosineAfter: cosine(true) };
  } finally {
    await backbone.close();
  }
}

/** Captioned tracks of a data set folder: description, captions and the queries naming them. */
async function readPairs(dir: string): Promise<Pair[]> {
  const tracks = await readTrackLines(dir);
  const texts = new Map<string, string[]>();
  for (const t of tracks) {
    const own = [t.description, ...(Array.isArray(t.captions) ? t.captions : [])].filter((x): x is string => typeof x === "string" && x.trim() !== "");
    texts.set(t.id, own);
  }
  for (const q of (await readQueryLines(dir)) ?? []) {
    for (const id of q.relevant) texts.get(id)?.push(q.text);
  }
  return tracks.filter((t) => texts.get(t.id)!.length > 0).map((t) => ({ file: path.join(dir, t.file), texts: texts.get(t.id)! }));
}

/** W = (AᵀA + λ·s·I)⁻¹ AᵀT by Cholesky, A and T n×d row-major; s = mean squared row norm of A. */
export function ridgeSolve(A: Float64Array, T: Float64Array, n: number, d: number, lambda: number): Float64Array {
  const G = new Float64Array(d * d);
  const B = new Float64Array(d * d);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < d; p++) {
      const ap = A[i * d + p];
      if (ap === 0) continue;
      scale += ap * ap;
      for (let q = 0; q < d; q++) {
        G[p * d + q] += ap * A[i * d + q];
        B[p * d + q] += ap * T[i * d + q];
      }
    }
  }
  const reg = lambda * Math.max(scale / n, 1e-12);
  for (let p = 0; p < d; p++) G[p * d + p] += reg;
  // Cholesky G = L·Lᵀ (G is symmetric positive definite thanks to the ridge term)
  for (let j = 0; j < d; j++) {
    let s = G[j * d + j];
    for (let k = 0; k < j; k++) s -= G[j * d + k] ** 2;
    const ljj = Math.sqrt(s);
    G[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = G[i * d + j];
      for (let k = 0; k < j; k++) t -= G[i * d + k] * G[j * d + k];
      G[i * d + j] = t / ljj;
    }
  }
  // solve L·Y = B, then Lᵀ·W = Y, column by column of B
  const W = new Float64Array(d * d);
  const y = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    for (let i = 0; i < d; i++) {
      let t = B[i * d + c];
      for (let k = 0; k < i; k++) t -= G[i * d + k] * y[k];
      y[i] = t / G[i * d + i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let t = y[i];
      for (let k = i + 1; k < d; k++) t -= G[k * d + i] * W[k * d + c];
      W[i * d + c] = t / G[i * d + i];
    }
  }
  return W;
}

function matVec(a: ArrayLike<number>, W: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let p = 0; p < d; p++) {
    const ap = a[p];
    if (ap === 0) continue;
    for (let q = 0; q < d; q++) out[q] += ap * W[p * d + q];
  }
  return out;
}

/** The backbone's manifest with every file path made relative to `outDir`, plus the head. */
function relocate(
  m: ModelManifest,
  fromDir: string,
  outDir: string,
  add: { name: string; version: string; projection: NonNullable<ModelManifest["audio"]["projection"]>; metrics: Record<string, unknown> },
): ModelManifest {
  const rel = (file: string | undefined) => (file === undefined ? undefined : path.relative(outDir, path.join(fromDir, file)));
  const fe = { ...m.text.frontend } as Record<string, unknown>;
  for (const key of ["vocabulary", "glove", "tokenizer", "tokenizerConfig"]) if (typeof fe[key] === "string") fe[key] = rel(fe[key] as string);
  return {
    ...m,
    name: add.name,
    version: add.version,
    trained: true,
    metrics: add.metrics,
    audio: { ...m.audio, onnx: rel(m.audio.onnx)!, outputDimensions: m.dimensions, projection: add.projection },
    text: {
      ...m.text,
      ...(m.text.onnx ? { onnx: rel(m.text.onnx) } : {}),
      ...(m.text.projection ? { projection: { ...m.text.projection, onnx: rel(m.text.projection.onnx)! } } : {}),
      frontend: fe as ModelManifest["text"]["frontend"],
    },
  };
}
