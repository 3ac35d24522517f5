import path from "node:path";
import * as ort from "onnxruntime-node";
import { audioWindows } from "./audio-windows.ts";
import type { DecodedAudio, Encoder } from "./encoder.ts";
import { logMelSpectrogram } from "./log-mel.ts";
import { isTunelensManifest, readModelManifest, type TunelensManifest } from "./model-manifest.ts";
import { resample } from "./resample.ts";
import { centreAndNormalize, l2Normalize } from "./vector-norm.ts";
import { createTextFrontend, type TextFrontendRuntime } from "./text-frontend.ts";

export interface LoadEncoderOptions {
  /** intra-op threads per ONNX session; default 1 (the service runs several requests at once) */
  threads?: number;
}

export type OnnxEncoder = Encoder & { manifest: TunelensManifest };

/** Windows per audio-tower call: bounds the batch tensor (maxWindows may be large in a manifest). */
const AUDIO_CHUNK = 16;
/** Texts per text-tower call. */
const TEXT_CHUNK = 256;

/**
 * Opens the model folder `modelDir` (model.json + the two ONNX towers + front-end files) and serves
 * the dual encoder with onnxruntime-node on the CPU. Both sessions stay open until `close()`.
 * Audio: resample to the front-end rate → log-mel → windows → audio tower → mean of the window
 * vectors → L2-normalise. Text: text front end → text tower → L2-normalise (→ minus `text.centre`,
 * normalised again, when the manifest has one).
 */
export async function loadEncoder(modelDir: string, opts: LoadEncoderOptions = {}): Promise<OnnxEncoder> {
  const { manifest, dir } = await readModelManifest(modelDir);
  if (!isTunelensManifest(manifest)) {
    throw new Error(`model ${dir} is not in the trained tunelens format (log-mel audio, feature text tower): open it with loadAnyEncoder`);
  }
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: ["cpu"],
    intraOpNumThreads: opts.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  };
  const audioFe = manifest.audio.frontend;
  const audioSession = await openSession(dir, manifest.audio.onnx, sessionOptions);
  let textSession: ort.InferenceSession;
  let text: TextFrontendRuntime;
  try {
    textSession = await openSession(dir, manifest.text.onnx, sessionOptions);
    try {
      checkIo(dir, "audio", audioSession, manifest.audio, [1, audioFe.nMels, audioFe.windowFrames]);
      text = await createTextFrontend(manifest.text.frontend, dir);
      checkIo(dir, "text", textSession, manifest.text, [text.dimensions]);
    } catch (err) {
      await textSession.release();
      throw err;
    }
  } catch (err) {
    await audioSession.release();
    throw err;
  }

  const centre = manifest.text.centre;
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error(`encoder for model ${dir} is closed`);
  };
  const run = async (session: ort.InferenceSession, tower: "audio" | "text", data: Float32Array, dims: number[]) => {
    const io = manifest[tower];
    let out: ort.Tensor;
    try {
      out = (await session.run({ [io.input]: new ort.Tensor("float32", data, dims) }))[io.output];
    } catch (err) {
      throw new Error(`model ${dir}: ${tower} tower failed: ${(err as Error).message}`, { cause: err });
    }
    const width = out.dims[out.dims.length - 1];
    if (out.dims.length !== 2 || out.dims[0] !== dims[0] || width !== manifest.dimensions) {
      throw new Error(
        `model ${dir}: ${tower} tower returned shape [${out.dims.join(", ")}], expected [${dims[0]}, ${manifest.dimensions}]`,
      );
    }
    return out.data as Float32Array;
  };

  return {
    manifest,
    modelVersion: manifest.version,
    dimensions: manifest.dimensions,

    async embedAudio(audio: DecodedAudio): Promise<Float32Array> {
      ensureOpen();
      if (audio.samples.length === 0) throw new Error(`model ${dir}: cannot embed audio with no samples`);
      const samples =
        audio.sampleRate === audioFe.sampleRate ? audio.samples : resample(audio.samples, audio.sampleRate, audioFe.sampleRate);
      const { batch, count } = audioWindows(logMelSpectrogram(samples, audioFe), audioFe);
      const perWindow = audioFe.nMels * audioFe.windowFrames;
      const sum = new Float32Array(manifest.dimensions);
      for (let i = 0; i < count; i += AUDIO_CHUNK) {
        const n = Math.min(AUDIO_CHUNK, count - i);
        const out = await run(audioSession, "audio", batch.subarray(i * perWindow, (i + n) * perWindow), [
          n,
          1,
          audioFe.nMels,
          audioFe.windowFrames,
        ]);
        for (let j = 0; j < out.length; j++) sum[j % manifest.dimensions] += out[j];
      }
      return l2Normalize(sum); // the mean's direction: dividing by count first would not change it
    },

    async embedTexts(texts: string[]): Promise<Float32Array[]> {
      ensureOpen();
      if (texts.length === 0) return [];
      const features = await text.features(texts);
      const width = text.dimensions;
      const result: Float32Array[] = [];
      for (let i = 0; i < features.length; i += TEXT_CHUNK) {
        const chunk = features.slice(i, i + TEXT_CHUNK);
        const packed = new Float32Array(chunk.length * width);
        chunk.forEach((f, j) => packed.set(f, j * width));
        const out = await run(textSession, "text", packed, [chunk.length, width]);
        for (let j = 0; j < chunk.length; j++) {
          const v = l2Normalize(out.slice(j * manifest.dimensions, (j + 1) * manifest.dimensions));
          result.push(centre ? centreAndNormalize(v, centre) : v);
        }
      }
      return result;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([audioSession.release(), textSession.release()]);
    },
  };
}

async function openSession(dir: string, file: string, options: ort.InferenceSession.SessionOptions) {
  const full = path.join(dir, file);
  try {
    return await ort.InferenceSession.create(full, options);
  } catch (err) {
    throw new Error(`model ${dir}: cannot open ONNX file ${full}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Checks the tower's declared input/output names and the fixed part of its input shape against
 * what the front end will feed, so a mismatched model folder fails at load, naming the folder.
 */
function checkIo(
  dir: string,
  tower: string,
  session: ort.InferenceSession,
  io: { input: string; output: string },
  featureDims: number[],
): void {
  if (!session.inputNames.includes(io.input)) {
    throw new Error(`model ${dir}: ${tower} tower has no input '${io.input}' (has ${session.inputNames.join(", ")})`);
  }
  if (!session.outputNames.includes(io.output)) {
    throw new Error(`model ${dir}: ${tower} tower has no output '${io.output}' (has ${session.outputNames.join(", ")})`);
  }
  const meta = session.inputMetadata.find((m) => m.name === io.input);
  if (meta?.isTensor && meta.shape.length > 0) {
    const declared = meta.shape.slice(1);
    const mismatch =
      declared.length !== featureDims.length ||
      declared.some((d, i) => typeof d === "number" && d > 0 && d !== featureDims[i]);
    if (mismatch) {
      throw new Error(
        `model ${dir}: ${tower} tower input '${io.input}' is [${meta.shape.join(", ")}] but the front end produces [batch, ${featureDims.join(", ")}]`,
      );
    }
  }
}
