/**
 * The rendered ZynAddSubFX bank (`bank.json` + per-note WAVs from scripts/render-zyn-bank.ts) as
 * an SF2 soundfont: one instrument per patch, a bank-0 preset for every GM program the patch
 * stands in for. fluidsynth looks a bank/program up in the soundfont loaded last first, so
 * loading `zyn.sf2` after the GM soundfont gives these programs zyn's voices while drums and the
 * programs zyn does not cover stay with the GM soundfont.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { instrument } from "./instruments.ts";
import { encodeSf2, keyRanges, type Sf2Instrument, type Sf2Preset } from "./sf2-writer.ts";
import { monoSamples } from "./wav.ts";

export interface ZynBankZone {
  note: number;
  /** WAV path relative to the bank folder. */
  file: string;
  frames: number;
  loop: { start: number; end: number } | null;
}

export interface ZynBankPatch {
  id: string;
  /** .xiz path under /usr/share/zynaddsubfx/banks. */
  file: string;
  programs: number[];
  sustained: boolean;
  gain: number;
  /**
   * Level change applied when the SF2 is written, so a note sounds as loud as the GM
   * soundfont's preset for the same program (zyn patches are ~7 dB quieter at equal velocity,
   * which would leave the GM drums on top in every zyn clip). Measured by render-zyn-bank.ts.
   */
  calibrationDb?: number;
  zones: ZynBankZone[];
}

export interface ZynBank {
  generator: string;
  source: { debianPackage: string; version: string; licence: string; synth: string };
  sampleRate: number;
  holdSeconds: number;
  velocity: number;
  patches: ZynBankPatch[];
}

export const ZYN_SOUNDFONT_FILE = "zyn.sf2";

/** Release after note-off: pads and strings fade, one-shots stop soon (their decay is recorded). */
const RELEASE = { sustained: 0.45, oneShot: 0.25 } as const;

export async function zynSoundfontData(dir: string, bank: ZynBank): Promise<{ instruments: Sf2Instrument[]; presets: Sf2Preset[] }> {
  const instruments: Sf2Instrument[] = [];
  const presets: Sf2Preset[] = [];
  for (const patch of bank.patches) {
    const zones = [...patch.zones].sort((a, b) => a.note - b.note);
    const ranges = keyRanges(zones.map((z) => z.note));
    const gain = 10 ** ((patch.calibrationDb ?? 0) / 20);
    const loaded = await Promise.all(zones.map(async (z, k) => ({
      keyLo: ranges[k]!.lo, keyHi: ranges[k]!.hi, rootKey: z.note,
      samples: softLimit(monoSamples(await readFile(join(dir, z.file))), gain), sampleRate: bank.sampleRate,
      loop: z.loop, releaseSeconds: z.loop ? RELEASE.sustained : RELEASE.oneShot,
    })));
    for (const program of patch.programs) presets.push({ name: `zyn ${instrument(program).label}`, bank: 0, program, instrument: instruments.length });
    instruments.push({ name: patch.id, zones: loaded });
  }
  return { instruments, presets };
}

/** Scales, and bends peaks above 0.9 under 1 instead of clipping them (as wav.ts's loudness stage does). */
export function softLimit(samples: Float32Array, gain: number): Float32Array {
  return samples.map((v) => {
    const x = v * gain;
    const a = Math.abs(x);
    return a <= 0.9 ? x : Math.sign(x) * (0.9 + 0.1 * Math.tanh((a - 0.9) / 0.1));
  });
}

export async function writeZynSoundfont(dir: string, bank: ZynBank): Promise<string> {
  const { instruments, presets } = await zynSoundfontData(dir, bank);
  const path = join(dir, ZYN_SOUNDFONT_FILE);
  await writeFile(`${path}.tmp`, encodeSf2("tunelens zynaddsubfx bank", instruments, presets));
  await rename(`${path}.tmp`, path);
  return path;
}
