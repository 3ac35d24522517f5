import { writeFile } from "node:fs/promises";
import { encodeWav } from "../../src/corpus/wav.ts";

/** 16-bit PCM mono WAV bytes (the corpus renderer's writer). */
export function wavBytes(samples: Float32Array, sampleRate: number): Uint8Array {
  const buf = encodeWav(samples, sampleRate);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** A tone of `hz` with a little noise, `seconds` long. */
export async function writeTone(file: string, hz: number, seconds: number, sampleRate = 16000, seed = 1): Promise<void> {
  let s = seed;
  const noise = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.05;
  const samples = Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => 0.4 * Math.sin((2 * Math.PI * hz * i) / sampleRate) + noise());
  await writeFile(file, wavBytes(samples, sampleRate));
}
