import type { DecodedAudio, Encoder } from "./encoder.ts";
import { isTunelensManifest, readModelManifest, type ModelManifest } from "./model-manifest.ts";
import { loadFeatureTextTower } from "./feature-text-tower.ts";
import { loadEncoder } from "./onnx-encoder.ts";
import { loadOpenAiTextTower, type OpenAiEndpoint } from "./openai-text-tower.ts";
import { loadPretrainedAudioTower } from "./pretrained-audio-tower.ts";
import { loadTokenizerTextTower } from "./tokenizer-text-tower.ts";
import type { AudioTower, TextTower } from "./tower.ts";
import { centreAndNormalize, l2Normalize } from "./vector-norm.ts";

export type LoadedEncoder = Encoder & { manifest: ModelManifest; dir: string };

export interface LoadAnyEncoderOptions {
  threads?: number;
  /** for text towers of kind "openai"; null when OPENAI_BASE_URL/KEY are not set */
  openai?: OpenAiEndpoint | null;
}

/**
 * Opens any model folder: the trained tunelens format through `loadEncoder` (unchanged path),
 * everything else (waveform input, tokenizer or OpenAI text towers, projection heads) by
 * composing one audio tower and one text tower and L2-normalising their outputs.
 */
export async function loadAnyEncoder(modelDir: string, opts: LoadAnyEncoderOptions = {}): Promise<LoadedEncoder> {
  const { manifest, dir } = await readModelManifest(modelDir);
  if (isTunelensManifest(manifest)) {
    const encoder = await loadEncoder(dir, { threads: opts.threads });
    return Object.assign(encoder, { manifest, dir });
  }
  const audio = await loadPretrainedAudioTower(dir, manifest.audio, manifest.dimensions, opts);
  let text: TextTower;
  try {
    text = await loadTextTower(dir, manifest, opts);
  } catch (err) {
    await audio.close();
    throw err;
  }
  return composeEncoder(dir, manifest, audio, text);
}

function loadTextTower(dir: string, manifest: ModelManifest, opts: LoadAnyEncoderOptions): Promise<TextTower> {
  const kind = manifest.text.frontend.kind;
  if (kind === "tokenizer") return loadTokenizerTextTower(dir, manifest.text, manifest.dimensions, opts);
  if (kind === "openai") return loadOpenAiTextTower(dir, manifest.text, manifest.dimensions, opts.openai ?? null, opts);
  return loadFeatureTextTower(dir, manifest.text, manifest.dimensions, opts);
}

function composeEncoder(dir: string, manifest: ModelManifest, audio: AudioTower, text: TextTower): LoadedEncoder {
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error(`encoder for model ${dir} is closed`);
  };
  return {
    manifest,
    dir,
    modelVersion: manifest.version,
    dimensions: manifest.dimensions,
    async embedAudio(input: DecodedAudio): Promise<Float32Array> {
      ensureOpen();
      return l2Normalize(await audio.embed(input));
    },
    async embedTexts(texts: string[]): Promise<Float32Array[]> {
      ensureOpen();
      if (!texts.length) return [];
      const centre = manifest.text.centre;
      return (await text.embed(texts)).map((v) => (centre ? centreAndNormalize(l2Normalize(v), centre) : l2Normalize(v)));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([audio.close(), text.close()]);
    },
  };
}
