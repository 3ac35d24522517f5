import { writeFileSync } from "node:fs";
import path from "node:path";
import { OnnxGraphBuilder } from "../../src/embedding/onnx-graph-builder.ts";
import type { TunelensManifest } from "../../src/embedding/model-manifest.ts";

export const TINY_VOCABULARY = ["piano", "techno", "bass", "calm", "drums", "guitar"];

/**
 * Writes a small but real model folder (model.json, two ONNX towers, vocabulary) into `dir`:
 * - audio tower: mean over time of each mel band, then a fixed projection that averages groups of
 *   bands (so the embedding is a coarse normalised spectrum), then L2 normalisation;
 * - text tower: bag of words over TINY_VOCABULARY, an identity projection padded to `dimensions`,
 *   then L2 normalisation.
 * Similar sounds and overlapping word sets therefore land close together, deterministically.
 */
export function writeTinyModel(dir: string, opts: { version?: string; dimensions?: number } = {}): TunelensManifest {
  const dimensions = opts.dimensions ?? 8;
  const nMels = 32;
  const windowFrames = 100;
  const vocabSize = TINY_VOCABULARY.length;
  if (dimensions < vocabSize || nMels % dimensions !== 0) {
    throw new RangeError(`tiny model: dimensions must divide ${nMels} and be ≥ ${vocabSize}`);
  }

  const audio = new OnnxGraphBuilder("tiny_audio");
  audio.input("mel", ["batch", 1, nMels, windowFrames]);
  const pool = new Float32Array(nMels * dimensions);
  const group = nMels / dimensions;
  for (let m = 0; m < nMels; m++) pool[m * dimensions + Math.floor(m / group)] = 1 / group;
  audio.initializer("band_pool", pool, [nMels, dimensions]);
  audio.node("ReduceMean", ["mel"], ["bands"], { axes: [1, 3], keepdims: 0 }); // [batch, nMels]
  audio.node("MatMul", ["bands", "band_pool"], ["projected"]);
  audio.node("LpNormalization", ["projected"], ["embedding"], { axis: 1, p: 2 });
  audio.output("embedding", ["batch", dimensions]);

  const text = new OnnxGraphBuilder("tiny_text");
  text.input("features", ["batch", vocabSize]);
  const eye = new Float32Array(vocabSize * dimensions);
  for (let i = 0; i < vocabSize; i++) eye[i * dimensions + i] = 1;
  text.initializer("identity", eye, [vocabSize, dimensions]);
  text.node("MatMul", ["features", "identity"], ["projected"]);
  text.node("LpNormalization", ["projected"], ["embedding"], { axis: 1, p: 2 });
  text.output("embedding", ["batch", dimensions]);

  const manifest: TunelensManifest = {
    name: "tiny-test-model",
    version: opts.version ?? "tiny-1",
    dimensions,
    trained: false,
    metrics: {},
    audio: {
      onnx: "audio.onnx",
      input: "mel",
      output: "embedding",
      frontend: {
        kind: "logmel",
        sampleRate: 16000,
        nMels,
        nFft: 512,
        hopLength: 160,
        fMin: 0,
        fMax: 8000,
        windowFrames,
        hopFrames: 50,
        maxWindows: 8,
        // centre log powers around 0 so that spectra differ in sign, not just in magnitude
        mean: Array(nMels).fill(-6),
        std: Array(nMels).fill(4),
      },
    },
    text: {
      onnx: "text.onnx",
      input: "features",
      output: "embedding",
      frontend: { kind: "bow", vocabulary: "vocabulary.json" },
    },
  };
  writeFileSync(path.join(dir, "audio.onnx"), audio.toBytes());
  writeFileSync(path.join(dir, "text.onnx"), text.toBytes());
  writeFileSync(path.join(dir, "vocabulary.json"), JSON.stringify(TINY_VOCABULARY));
  writeFileSync(path.join(dir, "model.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}
