import type { DecodedAudio } from "./encoder.ts";

/**
 * One half of a pretrained dual encoder, before the shared L2 normalisation: what
 * composed-encoder.ts puts together from a manifest. `width` is the length of every vector it
 * returns (the backbone's output, or the projection head's when one follows).
 */
export interface AudioTower {
  readonly width: number;
  embed(audio: DecodedAudio): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface TextTower {
  readonly width: number;
  embed(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Options every tower loader takes. */
export interface TowerOptions {
  /** intra-op threads per ONNX session; default 1 (the service runs several requests at once) */
  threads?: number;
}
