/**
 * Renders a MIDI file to a fixed-length 16 kHz mono WAV: fluidsynth synthesises with the clip's
 * own gain, reverb and chorus; sox (or ffmpeg) downmixes, resamples and trims; the cut is faded
 * and the clip brought to its target loudness. fluidsynth renders at 22.05 kHz so a proper
 * resampler, not fluidsynth's sample interpolation, sets the final band limit.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { RenderSettings } from "./composer.ts";
import { encodeWav, monoSamples, normaliseLoudness } from "./wav.ts";

const run = promisify(execFile);

/** sox starts in ~50 ms against ffmpeg's ~500 ms, which matters over thousands of clips. */
const HAVE_SOX = ["/usr/bin/sox", "/usr/local/bin/sox"].some((p) => existsSync(p));

async function downmix(input: string, output: string, sampleRate: number, seconds: number): Promise<void> {
  if (HAVE_SOX) {
    await run("sox", ["-V1", input, "-e", "floating-point", "-b", "32", output, "remix", "-", "rate", String(sampleRate), "trim", "0", String(seconds)]);
  } else {
    await run("ffmpeg", ["-nostdin", "-y", "-v", "error", "-i", input, "-ac", "1", "-ar", String(sampleRate), "-t", String(seconds),
      "-map_metadata", "-1", "-fflags", "+bitexact", "-c:a", "pcm_f32le", output]);
  }
}

/** Pads with silence or cuts to exactly `length` samples, fading out the last `fadeSamples` so a cut never clicks. */
export function fitLength(samples: Float32Array, length: number, fadeSamples: number): Float32Array {
  const out = new Float32Array(length);
  out.set(samples.subarray(0, length));
  const fade = Math.min(length, fadeSamples);
  for (let i = 0; i < fade; i++) out[length - fade + i]! *= 1 - (i + 1) / fade;
  return out;
}

export interface Soundfont {
  /** Short name recorded in clip params. */
  name: string;
  path: string;
  licence: string;
  debianPackage: string;
}

/** Best first: MuseScore General is a newer, larger GM bank; FluidR3 is the fallback. */
export const KNOWN_SOUNDFONTS: readonly Soundfont[] = [
  { name: "MuseScore_General", path: "/usr/share/sounds/sf2/MuseScore_General_Full.sf2", licence: "MIT", debianPackage: "musescore-general-soundfont-lossless" },
  { name: "FluidR3_GM", path: "/usr/share/sounds/sf2/FluidR3_GM.sf2", licence: "MIT", debianPackage: "fluid-soundfont-gm" },
  { name: "TimGM6mb", path: "/usr/share/sounds/sf2/TimGM6mb.sf2", licence: "GPL-2+", debianPackage: "timgm6mb-soundfont" },
];

export function availableSoundfonts(): Soundfont[] {
  return KNOWN_SOUNDFONTS.filter((s) => existsSync(s.path));
}

export interface RenderOptions {
  soundfont: Soundfont;
  settings: RenderSettings;
  sampleRate?: number;
  seconds?: number;
  /** Folder for intermediate files; defaults to the output's folder. */
  scratchDir?: string;
  /**
   * Soundfonts loaded after `soundfont`: fluidsynth takes a bank/program from the one loaded
   * last that has it, so these replace the programs they define (the ZynAddSubFX bank).
   */
  overSoundfonts?: readonly string[];
  /** Mixes more audio into the fitted render before the loudness stage (real recorded sounds). */
  overlay?: (samples: Float32Array, sampleRate: number) => Float32Array | Promise<Float32Array>;
}

export async function renderMidi(midi: Uint8Array, outWav: string, options: RenderOptions): Promise<void> {
  const sampleRate = options.sampleRate ?? 16000;
  const seconds = options.seconds ?? 10;
  const scratch = options.scratchDir ?? dirname(outWav);
  await mkdir(scratch, { recursive: true });
  const stem = join(scratch, `${basename(outWav, ".wav")}.${process.pid}`);
  const midPath = `${stem}.mid`;
  const rawPath = `${stem}.raw.wav`;
  const resampled = `${stem}.16k.wav`;
  const partial = `${outWav}.partial`;
  const { settings } = options;
  try {
    await writeFile(midPath, midi);
    await run("fluidsynth", [
      "-ni", "-q",
      "-o", "synth.dynamic-sample-loading=1",
      "-o", `synth.reverb.room-size=${settings.reverb.roomSize}`,
      "-o", `synth.reverb.level=${settings.reverb.level}`,
      "-o", `synth.chorus.level=${settings.chorus.level}`,
      "-o", `synth.chorus.depth=${settings.chorus.depth}`,
      // Float output: quiet arrangements keep their resolution and loud ones cannot clip before
      // the loudness stage below.
      "-g", String(settings.gain), "-r", "22050", "-T", "wav", "-O", "float", "-F", rawPath,
      options.soundfont.path, ...(options.overSoundfonts ?? []), midPath,
    ]);
    await downmix(rawPath, resampled, sampleRate, seconds);
    const length = sampleRate * seconds;
    const fade = Math.round(0.15 * sampleRate);
    const fitted = fitLength(monoSamples(await readFile(resampled)), length, fade);
    // Overlaid recordings run to the end of the clip, so the cut is faded again after them.
    const mixed = options.overlay ? fitLength(await options.overlay(fitted, sampleRate), length, fade) : fitted;
    const samples = normaliseLoudness(mixed, settings.loudnessDb);
    await writeFile(partial, encodeWav(samples, sampleRate));
    await rename(partial, outWav);
  } finally {
    await Promise.all([midPath, rawPath, resampled, partial].map((p) => rm(p, { force: true })));
  }
}
