/**
 * ZynAddSubFX patches (Debian `zynaddsubfx-data`, GPL-2+) that stand in for the General MIDI
 * programs the genre palettes use (`--zyn-instruments`). Soundfont renders are all the audio
 * tower hears, and GM banks share one sampled, clean timbre per program; zyn's additive,
 * subtractive and pad synthesis gives each role a different, synthesised voice. The patches are
 * rendered note by note into a multi-sampled bank (scripts/render-zyn-bank.ts) and written as an
 * SF2 whose bank-0 presets take these programs (zyn-soundfont.ts). Programs not listed here
 * (mallets, harmonica, banjo, kalimba) and the drum kits stay with the GM soundfont.
 */
import { instrument } from "./instruments.ts";

export interface ZynPatch {
  /** Path under /usr/share/zynaddsubfx/banks. */
  file: string;
  /** GM programs this patch plays in the zyn soundfont. */
  programs: readonly number[];
}

export const ZYN_BANK_DIR = "/usr/share/zynaddsubfx/banks";

/** One patch per GM program (a program listed twice would be ambiguous in the SF2). */
export const ZYN_PATCHES: readonly ZynPatch[] = [
  { file: "SynthPiano/0001-Soft Piano 1.xiz", programs: [0] },
  { file: "SynthPiano/0005-Synth Piano1.xiz", programs: [1, 2] },
  { file: "Rhodes/0001-DX Rhodes 1.xiz", programs: [4] },
  { file: "Rhodes/0033-FM Rhodes 1.xiz", programs: [5] },
  { file: "Plucked/0003-Plucked 3.xiz", programs: [6, 7] },
  { file: "Organ/0001-Organ 1.xiz", programs: [16] },
  { file: "Organ/0005-Organ 5.xiz", programs: [17, 18] },
  { file: "Organ/0037-Church Organ 1.xiz", programs: [19] },
  { file: "Organ/0101-Accordion 1.xiz", programs: [21] },
  { file: "Plucked/0033-Plucked String1.xiz", programs: [24, 25] },
  { file: "Guitar/0065-Clean Guitar1.xiz", programs: [26, 27, 28] },
  { file: "Guitar/0001-Dist Guitar 1.xiz", programs: [29, 30] },
  { file: "Bass/0001-Bass 1.xiz", programs: [32, 33, 34] },
  { file: "Bass/0002-Bass 2.xiz", programs: [35, 36] },
  { file: "Bass/0006-Analogue Bass.xiz", programs: [38] },
  { file: "Bass/0035-FM Bass 1.xiz", programs: [39] },
  { file: "Strings/0050-Synth Violin 1.xiz", programs: [40, 41, 110] },
  { file: "Strings/0034-Dark Strings.xiz", programs: [42, 43] },
  { file: "Plucked/0001-Plucked 1.xiz", programs: [45] },
  { file: "Plucked/0034-Plucked String2.xiz", programs: [46] },
  { file: "Strings/0033-Strings1.xiz", programs: [48] },
  { file: "Strings/0065-Simple Strings.xiz", programs: [49] },
  { file: "Strings/0001-Saw Strings 1.xiz", programs: [50] },
  { file: "Choir and Voice/0001-AHH Choir 1.xiz", programs: [52] },
  { file: "Choir and Voice/0004-Voice OOH.xiz", programs: [53] },
  { file: "Brass/0011-Brazz 1.xiz", programs: [56, 59] },
  { file: "Brass/0033-Analog Brass 1.xiz", programs: [57, 58, 60] },
  { file: "Brass/0065-Simple Brass.xiz", programs: [61] },
  { file: "Brass/0005-Synth Brass 3.xiz", programs: [62] },
  { file: "Reed and Wind/0065-Fat Reed1.xiz", programs: [64, 65, 66, 67] },
  { file: "Reed and Wind/0005-FM Reed.xiz", programs: [68, 70] },
  { file: "Reed and Wind/0006-Clarinet.xiz", programs: [71] },
  { file: "Reed and Wind/0001-Flute 1.xiz", programs: [73, 79] },
  { file: "Reed and Wind/0007-Breathy1.xiz", programs: [75, 78] },
  { file: "Synth/0065-Computer Lead1.xiz", programs: [80] },
  { file: "Synth/0070-Solo Synth 1.xiz", programs: [81] },
  { file: "Synth/0001-Soft Synth 1.xiz", programs: [82] },
  { file: "Synth/0007-Analog Filter 1.xiz", programs: [84] },
  { file: "Strings/0038-Fat Saw.xiz", programs: [87] },
  { file: "Pads/0003-Analog Pad 1.xiz", programs: [88] },
  { file: "Pads/0065-Soft Pad.xiz", programs: [89] },
  { file: "Pads/0033-Synth Pad 1.xiz", programs: [90] },
  { file: "Choir and Voice/0005-Choir Pad1.xiz", programs: [91] },
  { file: "Pads/0097-Bell Pad.xiz", programs: [92, 98] },
  { file: "Synth/0033-Phased Pad 1.xiz", programs: [94] },
  { file: "Strings/0016-Sweep Pad 1.xiz", programs: [95] },
  { file: "Pads/0008-Resonance Pad1.xiz", programs: [99, 100] },
];

/** A short, file-system-safe name: "Pads/0003-Analog Pad 1.xiz" → "pads-analog-pad-1". */
export function patchId(patch: ZynPatch): string {
  const [bank, name] = patch.file.split("/") as [string, string];
  return `${bank}-${name.replace(/^\d+-/, "").replace(/\.xiz$/, "")}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/**
 * The notes a patch is sampled at: every `step` semitones over the union of its programs'
 * comfortable ranges, widened by a fifth each side because chord voicings and bass octaves leave
 * the melodic range.
 */
export function sampledNotes(patch: ZynPatch, step = 3): number[] {
  const lo = Math.max(21, Math.min(...patch.programs.map((p) => instrument(p).range[0])) - 7);
  const hi = Math.min(108, Math.max(...patch.programs.map((p) => instrument(p).range[1])) + 7);
  const notes: number[] = [];
  for (let n = lo; n <= hi; n += step) notes.push(n);
  if (notes.at(-1)! < hi) notes.push(notes.at(-1)! + step);
  return notes;
}
