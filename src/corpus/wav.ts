/**
 * Reads the header and level of a PCM WAV (16-bit integer or 32-bit float) without decoding
 * libraries: resuming a corpus build checks thousands of files, and a header walk plus one pass
 * over the samples is enough.
 */
import { readFile } from "node:fs/promises";

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  frames: number;
  seconds: number;
  /** Root-mean-square level, 0–1 of full scale. */
  rms: number;
  peak: number;
}

/** WAVE format tags: 1 integer PCM, 3 IEEE float, 0xFFFE extensible (sub-format in the extension). */
const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

interface Layout {
  info: WavInfo;
  float: boolean;
  dataOffset: number;
}

/** Parses a RIFF/WAVE buffer; returns null unless it is a complete 16-bit PCM or 32-bit float WAV. */
export function parseWav(buf: Buffer): WavInfo | null {
  return layout(buf)?.info ?? null;
}

function layout(buf: Buffer): Layout | null {
  if (buf.length < 12 || buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") return null;
  let offset = 12;
  let fmt: { channels: number; sampleRate: number; bits: number; format: number } | null = null;
  while (offset + 8 <= buf.length) {
    const id = buf.toString("ascii", offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      const tag = buf.readUInt16LE(body);
      fmt = { format: tag === EXTENSIBLE ? buf.readUInt16LE(body + 24) : tag, channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === "data") {
      const float = fmt?.format === FLOAT && fmt.bits === 32;
      if (!fmt || !(float || (fmt.format === PCM && fmt.bits === 16)) || body + size > buf.length) return null;
      const width = fmt.bits / 8;
      const samples = Math.floor(size / width);
      let sum = 0;
      let peak = 0;
      for (let i = 0; i < samples; i++) {
        const v = float ? buf.readFloatLE(body + i * 4) : buf.readInt16LE(body + i * 2) / 32768;
        sum += v * v;
        if (Math.abs(v) > peak) peak = Math.abs(v);
      }
      const frames = Math.floor(samples / fmt.channels);
      const info = {
        sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.bits, frames,
        seconds: frames / fmt.sampleRate, rms: samples > 0 ? Math.sqrt(sum / samples) : 0, peak,
      };
      return { info, float, dataOffset: body };
    }
    offset = body + size + (size % 2);
  }
  return null;
}

export async function readWavInfo(path: string): Promise<WavInfo | null> {
  try {
    return parseWav(await readFile(path));
  } catch {
    return null;
  }
}

/** Whether a rendered clip is what the corpus promises: mono, the right rate and length, audible. */
export function isValidClip(info: WavInfo | null, sampleRate: number, seconds: number): boolean {
  return !!info && info.channels === 1 && info.sampleRate === sampleRate
    && Math.abs(info.seconds - seconds) < 0.05 && info.rms > 0.002;
}

/** Reads the samples of a mono WAV (16-bit or float) as floats, nominally in [-1, 1). */
export function monoSamples(buf: Buffer): Float32Array {
  const l = layout(buf);
  if (!l || l.info.channels !== 1) throw new Error("expected a mono 16-bit PCM or 32-bit float WAV");
  const out = new Float32Array(l.info.frames);
  for (let i = 0; i < out.length; i++) {
    out[i] = l.float ? buf.readFloatLE(l.dataOffset + i * 4) : buf.readInt16LE(l.dataOffset + i * 2) / 32768;
  }
  return out;
}

/** Encodes mono float samples as a 16-bit PCM WAV. */
export function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const buf = Buffer.alloc(44 + samples.length * 2);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + samples.length * 2, 4);
  buf.write("WAVEfmt ", 8, "ascii");
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    buf.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), 44 + i * 2);
  }
  return buf;
}

/**
 * Scales to a target RMS level (dBFS) and soft-limits peaks above 0.9, the way mastered music
 * sits at a similar loudness whatever the synthesiser's raw output level was.
 */
export function normaliseLoudness(samples: Float32Array, targetRmsDb: number): Float32Array {
  let sum = 0;
  for (const v of samples) sum += v * v;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms < 1e-5) return samples;
  const gain = 10 ** (targetRmsDb / 20) / rms;
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]! * gain;
    const a = Math.abs(x);
    out[i] = a <= 0.9 ? x : Math.sign(x) * (0.9 + 0.1 * Math.tanh((a - 0.9) / 0.1));
  }
  return out;
}
