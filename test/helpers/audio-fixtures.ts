import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { mulberry32 } from "../../src/util/random.ts";

/** Deterministic PRNG (mulberry32) so fixtures and crops are reproducible. */
export const seededRandom = mulberry32;

export function sine(freq: number, seconds: number, sampleRate: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  return out;
}

/** Sum of sines with equal amplitude, scaled to peak below `amplitude`. */
export function chord(freqs: number[], seconds: number, sampleRate: number, amplitude = 0.6): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (const f of freqs) {
    const tone = sine(f, seconds, sampleRate, amplitude / freqs.length);
    for (let i = 0; i < out.length; i++) out[i] += tone[i];
  }
  return out;
}

export function whiteNoise(seconds: number, sampleRate: number, amplitude = 0.3, seed = 1): Float32Array {
  const rng = seededRandom(seed);
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * (2 * rng() - 1);
  return out;
}

/** A click (10 ms decaying noise burst) on every beat: the canonical tempo-estimation fixture. */
export function clickTrack(bpm: number, seconds: number, sampleRate: number, seed = 7): Float32Array {
  const rng = seededRandom(seed);
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const period = (60 / bpm) * sampleRate;
  const clickLen = Math.round(0.01 * sampleRate);
  for (let beat = 0; beat * period < out.length; beat++) {
    const start = Math.round(beat * period);
    for (let i = 0; i < clickLen && start + i < out.length; i++) {
      out[start + i] = 0.8 * (2 * rng() - 1) * Math.exp(-i / (clickLen / 4));
    }
  }
  return out;
}

/** RIFF/WAVE bytes, 16-bit PCM, one array per channel (all the same length). */
export function encodeWav(channels: Float32Array[], sampleRate: number): Uint8Array {
  const frames = channels[0].length;
  const nch = channels.length;
  const dataBytes = frames * nch * 2;
  const buf = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buf);
  const ascii = (offset: number, s: string) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, nch, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * nch * 2, true);
  view.setUint16(32, nch * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  let o = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const v = Math.max(-1, Math.min(1, channels[c][i]));
      view.setInt16(o, Math.round(v * 32767), true);
      o += 2;
    }
  }
  return new Uint8Array(buf);
}

export function tempDir(prefix = "tunelens-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes a WAV and returns its path. */
export function writeWav(dir: string, name: string, channels: Float32Array[], sampleRate: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, encodeWav(channels, sampleRate));
  return file;
}

/**
 * Transcodes with the system ffmpeg (Debian package `ffmpeg`, a CI requirement) to the format the
 * output extension names; returns the new path.
 */
export function ffmpegTranscode(input: string, outputName: string, extraArgs: string[] = []): string {
  const output = path.join(path.dirname(input), outputName);
  execFileSync("ffmpeg", ["-loglevel", "error", "-y", "-i", input, ...extraArgs, output], { stdio: "pipe" });
  return output;
}
