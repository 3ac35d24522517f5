import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { decodeAudioBytes, isSupportedAudioPath } from "../embedding/audio-decoder.ts";
import { describeAudio } from "../embedding/audio-descriptors.ts";
import type { Encoder } from "../embedding/encoder.ts";

export interface IngestStageTiming {
  files: number;
  audioSeconds: number;
  /** seconds of audio processed per second of one core, per stage and end to end */
  realtime: { decode: number; features: number; onnx: number; total: number };
  seconds: { decode: number; features: number; onnx: number };
}

/**
 * Times the CPU stages of ingest on real audio files, one file at a time on one thread:
 * decode (compressed bytes → PCM), features (tempo/key/loudness descriptors the ingest stores),
 * and the ONNX audio embedding (resample → log-mel → audio tower; the log-mel front end is part
 * of the encoder call). Database writes are excluded: they are measured by the catalog load.
 */
export async function timeIngestStages(dir: string, encoder: Encoder): Promise<IngestStageTiming> {
  const files = (await readdir(dir, { recursive: true }))
    .map((f) => path.join(dir, String(f)))
    .filter(isSupportedAudioPath)
    .sort();
  const seconds = { decode: 0, features: 0, onnx: 0 };
  let audioSeconds = 0;
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    let t = performance.now();
    const audio = await decodeAudioBytes(bytes, file);
    seconds.decode += (performance.now() - t) / 1000;
    audioSeconds += audio.samples.length / audio.sampleRate;
    t = performance.now();
    describeAudio(audio);
    seconds.features += (performance.now() - t) / 1000;
    t = performance.now();
    await encoder.embedAudio(audio);
    seconds.onnx += (performance.now() - t) / 1000;
  }
  const rt = (s: number) => (s > 0 ? audioSeconds / s : 0);
  return {
    files: files.length,
    audioSeconds,
    seconds,
    realtime: { decode: rt(seconds.decode), features: rt(seconds.features), onnx: rt(seconds.onnx), total: rt(seconds.decode + seconds.features + seconds.onnx) },
  };
}
