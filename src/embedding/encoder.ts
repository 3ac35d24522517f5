/** Mono PCM as decoded from a file, before any resampling. */
export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
}

/**
 * The dual encoder as the rest of the service sees it: audio and text in, L2-normalised vectors
 * of one shared space out. Implementations sit behind this interface so tests and services never
 * touch ONNX sessions directly.
 */
export interface Encoder {
  /** model version string, as stored in the `models` table and on every embedding row */
  readonly modelVersion: string;
  readonly dimensions: number;
  embedAudio(audio: DecodedAudio): Promise<Float32Array>;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}
