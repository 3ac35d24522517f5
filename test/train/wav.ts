import { writeFile } from "node:fs/promises";

/** 16-bit PCM mono WAV bytes. */
export function wavBytes(samples: Float32Array, sampleRate: number): Uint8Array {
  const buf = Buffer.alloc(44 + samples.length * 2);
  buf.write("RIFF", 0);
  buf.writeUInt32LE(36 + samples.length * 2, 4);
  buf.write("WAVE", 8);
  buf.write("fmt ", 12);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36);
  buf.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((s, i) => buf.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), 44 + i * 2));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** A tone of `hz` with a little noise, `seconds` long. */
export async function writeTone(file: string, hz: number, seconds: number, sampleRate = 16000, seed = 1): Promise<void> {
  let s = seed;
  const noise = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.05;
  const samples = Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => 0.4 * Math.sin((2 * Math.PI * hz * i) / sampleRate) + noise());
  await writeFile(file, wavBytes(samples, sampleRate));
}
