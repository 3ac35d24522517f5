/**
 * A random "production chain" for a rendered clip: what a mix engineer and a distribution path do
 * to a recording (EQ, bus compression, saturation, room reverb, stereo-to-mono width loss, noise
 * floor, lossy codec). General-MIDI renders are dry and clean; the music we are judged on is
 * produced. Tempo and pitch are left alone so the clip's labels and captions stay true.
 *
 * Effects run in sox (one process per stage; sox starts in ~50 ms) because it has every effect
 * here built in; noise is mixed in TypeScript so its level is exact relative to the clip.
 */
import { execFile } from "node:child_process";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { Rng, hashString } from "../util/random.ts";
import { encodeWav, monoSamples, normaliseLoudness } from "./wav.ts";

const run = promisify(execFile);

export interface ProductionChain {
  /** sox effect arguments, in order */
  effects: string[][];
  /** noise floor relative to the clip's RMS, in dB (negative), or null for none */
  noiseDb: number | null;
  noiseColour: "white" | "pink" | "brown";
  /** Vorbis quality (-1 … 3 is audibly lossy) of a codec round trip, or null */
  codecQuality: number | null;
  loudnessDb: number;
}

/** The chain for one clip, a pure function of (seed, clip id). */
export function planChain(seed: number, clipId: string): ProductionChain {
  const rng = new Rng(seed * 7919 + hashString(clipId));
  const effects: string[][] = [];
  // Tone: a broad low and high shelf and one or two peaking bands, as a mix would have.
  effects.push(["bass", rng.float(-6, 8).toFixed(1), String(rng.int(80, 200))]);
  effects.push(["treble", rng.float(-8, 6).toFixed(1), String(rng.int(3000, 7000))]);
  for (let i = rng.int(1, 2); i > 0; i--) {
    effects.push(["equalizer", String(rng.int(200, 5000)), `${rng.float(0.5, 2).toFixed(2)}q`, rng.float(-6, 6).toFixed(1)]);
  }
  if (rng.chance(0.35)) effects.push(["overdrive", rng.float(2, 12).toFixed(1), rng.float(10, 40).toFixed(0)]);
  if (rng.chance(0.7)) {
    // Bus compression: attack/decay in seconds, a soft knee, threshold and ratio varied.
    const threshold = rng.int(-30, -14);
    const ratio = rng.float(2, 6);
    const out = Math.round(threshold / ratio);
    effects.push(["compand", `${rng.float(0.003, 0.03).toFixed(3)},${rng.float(0.08, 0.4).toFixed(2)}`, `6:-70,-70,${threshold},${threshold},0,${out}`, "-3"]);
  }
  if (rng.chance(0.6)) {
    effects.push(["reverb", String(rng.int(15, 70)), String(rng.int(20, 80)), String(rng.int(20, 100)), "100", String(rng.int(0, 40)), String(rng.int(-6, 0))]);
  }
  if (rng.chance(0.25)) effects.push(["sinc", `-${rng.int(5000, 7800)}`]); // band-limited source
  if (rng.chance(0.2)) effects.push(["highpass", String(rng.int(60, 250))]); // thin, phone-like
  return {
    effects,
    noiseDb: rng.chance(0.6) ? -rng.float(22, 45) : null,
    noiseColour: rng.pick(["white", "pink", "brown"] as const),
    codecQuality: rng.chance(0.4) ? rng.int(-1, 3) : null,
    loudnessDb: rng.float(-24, -12),
  };
}

/** Coloured noise of unit RMS (white; pink by Paul Kellet's filter; brown by leaky integration). */
function noise(length: number, colour: ProductionChain["noiseColour"], rng: Rng): Float32Array {
  const out = new Float32Array(length);
  let b0 = 0, b1 = 0, b2 = 0, brown = 0;
  for (let i = 0; i < length; i++) {
    const w = rng.float(-1, 1);
    if (colour === "white") out[i] = w;
    else if (colour === "pink") {
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      out[i] = b0 + b1 + b2 + w * 0.1848;
    } else out[i] = brown = 0.995 * brown + 0.1 * w;
  }
  let sum = 0;
  for (const x of out) sum += x * x;
  const rms = Math.sqrt(sum / length) || 1;
  for (let i = 0; i < length; i++) out[i]! /= rms;
  return out;
}

/** Applies the chain to a 16 kHz mono WAV; writes `outWav` of the same length and rate. */
export async function produceClip(inWav: string, outWav: string, chain: ProductionChain, seed: number, sampleRate = 16000): Promise<void> {
  const stem = `${outWav}.${process.pid}`;
  const fx = `${stem}.fx.wav`;
  const ogg = `${stem}.ogg`;
  const back = `${stem}.back.wav`;
  try {
    // -G: sox guards against clipping by adjusting gain; loudness is set again below.
    await run("sox", ["-V1", "-G", inWav, "-e", "floating-point", "-b", "32", fx, ...chain.effects.flat(), "rate", String(sampleRate)]);
    const original = monoSamples(await readFile(inWav));
    let samples = monoSamples(await readFile(fx)).subarray(0, original.length);
    if (chain.noiseDb !== null) {
      let sum = 0;
      for (const x of samples) sum += x * x;
      const gain = Math.sqrt(sum / samples.length) * 10 ** (chain.noiseDb / 20);
      const n = noise(samples.length, chain.noiseColour, new Rng(seed + hashString(outWav)));
      const mixed = new Float32Array(samples.length);
      for (let i = 0; i < samples.length; i++) mixed[i] = samples[i]! + gain * n[i]!;
      samples = mixed;
    }
    samples = normaliseLoudness(samples, chain.loudnessDb);
    if (chain.codecQuality !== null) {
      await writeFile(back, encodeWav(samples, sampleRate));
      await run("sox", ["-V1", back, "-C", String(chain.codecQuality), ogg]);
      await run("sox", ["-V1", ogg, "-e", "floating-point", "-b", "32", back, "rate", String(sampleRate)]);
      const decoded = monoSamples(await readFile(back));
      const fitted = new Float32Array(original.length);
      fitted.set(decoded.subarray(0, original.length));
      samples = fitted;
    }
    const padded = new Float32Array(original.length);
    padded.set(samples.subarray(0, original.length));
    await writeFile(`${outWav}.partial`, encodeWav(padded, sampleRate));
    await rename(`${outWav}.partial`, outWav);
  } finally {
    await Promise.all([fx, ogg, back, `${outWav}.partial`].map((p) => rm(p, { force: true })));
  }
}
