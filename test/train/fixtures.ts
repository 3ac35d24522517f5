import type { LogMelSpectrogram } from "../../src/embedding/log-mel.ts";
import type { DualEncoderConfig } from "../../src/train/model.ts";
import { CheckpointableRng } from "../../src/util/random.ts";
import type { TrainingData } from "../../src/train/trainer.ts";

export const tinyConfig: DualEncoderConfig = {
  nMels: 8,
  windowFrames: 16,
  channels: [4, 8],
  textInputDim: 6,
  textHidden: 16,
  dim: 8,
};

/**
 * A learnable toy task: clip c of class k has energy in mel bands 2k..2k+1 and its caption is
 * one-hot k plus noise, so audio and text agree on the class.
 */
export function tinyData(seed = 1, clips = 16, classes = 4): TrainingData {
  const rng = new CheckpointableRng(seed);
  const frames = 24;
  const items = Array.from({ length: clips }, (_, c) => {
    const k = c % classes;
    const data = new Float32Array(tinyConfig.nMels * frames);
    for (let m = 0; m < tinyConfig.nMels; m++) {
      for (let t = 0; t < frames; t++) data[m * frames + t] = (Math.floor(m / 2) === k ? 2 : 0) + 0.3 * rng.normal();
    }
    const spec: LogMelSpectrogram = { data, nMels: tinyConfig.nMels, frames };
    return { key: `clip${c}`, spec, captions: [c], label: `class${k}` };
  });
  const text = items.map((_, c) =>
    Float32Array.from({ length: tinyConfig.textInputDim }, (__, j) => (j === c % classes ? 1 : 0) + 0.1 * rng.normal()),
  );
  return { items, text };
}
