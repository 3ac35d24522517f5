import * as ort from "onnxruntime-node";
import { audioWindows } from "./audio-windows.ts";
import type { DecodedAudio } from "./encoder.ts";
import type { AudioTowerSpec } from "./model-manifest.ts";
import { logMelSpectrogram } from "./log-mel.ts";
import { openOnnxSession, requireIo, runRows } from "./onnx-session.ts";
import { ProjectionHead } from "./projection-head.ts";
import { resample } from "./resample.ts";
import type { AudioTower, TowerOptions } from "./tower.ts";
import { waveformWindows } from "./waveform-frontend.ts";

/**
 * Windows per backbone call. A 10 s clip at 48 kHz is 1.9 MB of float32 and CLAP-sized backbones
 * hold several activations of that size, so a few clips per call keeps memory bounded.
 */
const CHUNK = 4;

/**
 * The audio half of a pretrained encoder: resample to the front end's rate, cut windows
 * (raw waveform clips or log-mel patches computed by our front end), run the backbone on each,
 * pool the window vectors (mean or max), then apply the projection head if there is one.
 */
export async function loadPretrainedAudioTower(dir: string, spec: AudioTowerSpec, dimensions: number, opts: TowerOptions = {}): Promise<AudioTower> {
  const backboneWidth = spec.projection ? (spec.outputDimensions ?? dimensions) : dimensions;
  const session = await openOnnxSession(dir, spec.onnx, opts.threads);
  let head: ProjectionHead | null = null;
  try {
    requireIo(dir, "audio tower", session, [spec.input, ...(spec.lengthInput ? [spec.lengthInput] : [])], [spec.output]);
    if (spec.projection) head = await ProjectionHead.open(dir, spec.projection, backboneWidth, dimensions, opts.threads);
  } catch (err) {
    await session.release();
    throw err;
  }
  const fe = spec.frontend;
  const pooling = fe.kind === "waveform" ? fe.pooling : "mean";

  /** Windows as [count, ...shape] rows ready for the backbone, plus per-row valid lengths. */
  const windows = (samples: Float32Array) => {
    if (fe.kind === "waveform") {
      const w = waveformWindows(samples, fe);
      return { batch: w.batch, count: w.count, shape: [w.clipSamples], lengths: w.lengths };
    }
    const w = audioWindows(logMelSpectrogram(samples, fe), fe);
    return { batch: w.batch, count: w.count, shape: [1, fe.nMels, fe.windowFrames], lengths: Array<number>(w.count).fill(fe.windowFrames) };
  };

  return {
    width: dimensions,
    async embed(audio: DecodedAudio): Promise<Float32Array> {
      if (audio.samples.length === 0) throw new Error(`model ${dir}: cannot embed audio with no samples`);
      const samples = audio.sampleRate === fe.sampleRate ? audio.samples : resample(audio.samples, audio.sampleRate, fe.sampleRate);
      const w = windows(samples);
      const per = w.shape.reduce((a, b) => a * b, 1);
      const pooled = new Float32Array(backboneWidth).fill(pooling === "max" ? -Infinity : 0);
      for (let i = 0; i < w.count; i += CHUNK) {
        const n = Math.min(CHUNK, w.count - i);
        const feeds: Record<string, ort.Tensor> = {
          [spec.input]: new ort.Tensor("float32", w.batch.subarray(i * per, (i + n) * per), [n, ...w.shape]),
        };
        if (spec.lengthInput) {
          feeds[spec.lengthInput] = new ort.Tensor("int64", BigInt64Array.from(w.lengths.slice(i, i + n), BigInt), [n]);
        }
        const out = await runRows(dir, "audio tower", session, feeds, spec.output, n, backboneWidth);
        for (let j = 0; j < out.length; j++) {
          const k = j % backboneWidth;
          pooled[k] = pooling === "max" ? Math.max(pooled[k], out[j]) : pooled[k] + out[j] / w.count;
        }
      }
      return head ? head.apply(pooled, 1) : pooled;
    },
    async close() {
      await Promise.all([session.release(), head?.close()]);
    },
  };
}
