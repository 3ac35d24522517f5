/**
 * The General MIDI programs the genre palettes use, with the words people use for them.
 * `names` are interchangeable phrasings for captions ("electric piano", "Rhodes", "keys");
 * `label` is the one canonical name stored in structured labels for evaluation.
 */

export type InstrumentFamily =
  | "keys" | "organ" | "guitar" | "bass" | "strings" | "brass" | "reed" | "pipe"
  | "synth" | "pad" | "voice" | "mallet" | "plucked" | "drums";

export interface GmInstrument {
  program: number;
  /** Canonical label for structured labels. */
  label: string;
  /** Caption phrasings, most common first. */
  names: readonly string[];
  family: InstrumentFamily;
  /** Comfortable MIDI note range when playing a melody. */
  range: readonly [number, number];
}

const I = (
  program: number, label: string, names: string[], family: InstrumentFamily, range: [number, number],
): GmInstrument => ({ program, label, names, family, range });

export const GM_INSTRUMENTS: readonly GmInstrument[] = [
  I(0, "piano", ["piano", "grand piano", "acoustic piano"], "keys", [48, 88]),
  I(1, "piano", ["bright piano", "piano", "upright piano"], "keys", [48, 88]),
  I(2, "electric grand piano", ["electric grand piano", "stage piano", "keys"], "keys", [48, 84]),
  I(4, "electric piano", ["electric piano", "Rhodes", "e-piano", "keys"], "keys", [45, 84]),
  I(5, "electric piano", ["FM electric piano", "DX-style electric piano", "bell-like keys"], "keys", [45, 84]),
  I(6, "harpsichord", ["harpsichord"], "keys", [48, 84]),
  I(7, "clavinet", ["clavinet", "clav", "funky keys"], "keys", [48, 79]),
  I(8, "celesta", ["celesta", "music-box-like celesta"], "mallet", [60, 96]),
  I(10, "music box", ["music box"], "mallet", [60, 96]),
  I(11, "vibraphone", ["vibraphone", "vibes"], "mallet", [53, 89]),
  I(12, "marimba", ["marimba"], "mallet", [48, 84]),
  I(13, "xylophone", ["xylophone"], "mallet", [60, 96]),
  I(14, "bells", ["tubular bells", "chimes"], "mallet", [60, 77]),
  I(16, "organ", ["organ", "drawbar organ", "Hammond organ"], "organ", [43, 84]),
  I(17, "organ", ["percussive organ", "organ"], "organ", [43, 84]),
  I(18, "organ", ["rock organ", "overdriven organ", "organ"], "organ", [43, 84]),
  I(19, "church organ", ["church organ", "pipe organ"], "organ", [36, 84]),
  I(21, "accordion", ["accordion"], "reed", [53, 89]),
  I(22, "harmonica", ["harmonica", "blues harp"], "reed", [60, 84]),
  I(24, "acoustic guitar", ["nylon-string guitar", "classical guitar", "acoustic guitar"], "guitar", [40, 76]),
  I(25, "acoustic guitar", ["acoustic guitar", "steel-string guitar", "strummed acoustic guitar"], "guitar", [40, 76]),
  I(26, "electric guitar", ["jazz guitar", "hollow-body electric guitar", "clean guitar"], "guitar", [40, 79]),
  I(27, "electric guitar", ["clean electric guitar", "electric guitar", "clean guitar"], "guitar", [40, 79]),
  I(28, "electric guitar", ["muted guitar", "palm-muted electric guitar", "choppy guitar"], "guitar", [40, 72]),
  I(29, "distorted guitar", ["overdriven guitar", "crunchy electric guitar", "gritty guitar"], "guitar", [40, 79]),
  I(30, "distorted guitar", ["distorted guitar", "heavy electric guitar", "fuzz guitar"], "guitar", [40, 79]),
  I(32, "acoustic bass", ["upright bass", "double bass", "acoustic bass"], "bass", [28, 55]),
  I(33, "electric bass", ["bass guitar", "electric bass", "fingered bass"], "bass", [28, 55]),
  I(34, "electric bass", ["picked bass", "bass guitar", "electric bass"], "bass", [28, 55]),
  I(35, "fretless bass", ["fretless bass", "smooth bass"], "bass", [28, 55]),
  I(36, "slap bass", ["slap bass", "funky slap bass"], "bass", [28, 55]),
  I(38, "synth bass", ["synth bass", "analog synth bass", "bass synth"], "bass", [28, 55]),
  I(39, "synth bass", ["synth bass", "squelchy synth bass", "acid bass"], "bass", [28, 55]),
  I(40, "violin", ["violin", "fiddle"], "strings", [55, 91]),
  I(41, "viola", ["viola"], "strings", [48, 84]),
  I(42, "cello", ["cello"], "strings", [36, 72]),
  I(43, "contrabass", ["contrabass", "orchestral double bass"], "strings", [28, 55]),
  I(45, "pizzicato strings", ["pizzicato strings", "plucked strings"], "strings", [43, 84]),
  I(46, "harp", ["harp", "orchestral harp"], "plucked", [36, 91]),
  I(47, "timpani", ["timpani"], "drums", [36, 55]),
  I(48, "strings", ["string ensemble", "strings", "string section"], "strings", [43, 88]),
  I(49, "strings", ["slow strings", "string section", "strings"], "strings", [43, 88]),
  I(50, "synth strings", ["synth strings", "string synth"], "strings", [43, 88]),
  I(52, "choir", ["choir", "choir aahs", "wordless choir"], "voice", [48, 79]),
  I(53, "vocals", ["voice oohs", "wordless vocals", "humming voices"], "voice", [48, 79]),
  I(56, "trumpet", ["trumpet"], "brass", [55, 84]),
  I(57, "trombone", ["trombone"], "brass", [40, 72]),
  I(58, "tuba", ["tuba"], "brass", [28, 55]),
  I(59, "trumpet", ["muted trumpet", "trumpet with a mute"], "brass", [55, 82]),
  I(60, "french horn", ["French horn", "horn"], "brass", [41, 77]),
  I(61, "brass section", ["brass section", "horn section", "brass"], "brass", [48, 80]),
  I(62, "brass section", ["synth brass", "brass stabs"], "brass", [48, 80]),
  I(64, "saxophone", ["soprano saxophone", "soprano sax"], "reed", [56, 87]),
  I(65, "saxophone", ["alto saxophone", "alto sax", "saxophone"], "reed", [49, 81]),
  I(66, "saxophone", ["tenor saxophone", "tenor sax", "saxophone"], "reed", [44, 76]),
  I(67, "saxophone", ["baritone saxophone", "bari sax"], "reed", [36, 69]),
  I(68, "oboe", ["oboe"], "reed", [58, 91]),
  I(70, "bassoon", ["bassoon"], "reed", [34, 72]),
  I(71, "clarinet", ["clarinet"], "reed", [50, 89]),
  I(73, "flute", ["flute"], "pipe", [60, 96]),
  I(75, "pan flute", ["pan flute", "panpipes"], "pipe", [60, 91]),
  I(78, "whistle", ["whistle", "tin whistle"], "pipe", [62, 93]),
  I(79, "ocarina", ["ocarina"], "pipe", [60, 89]),
  I(80, "synth lead", ["square-wave synth lead", "chiptune lead", "synth lead"], "synth", [48, 96]),
  I(81, "synth lead", ["sawtooth synth lead", "synth lead", "saw lead"], "synth", [48, 96]),
  I(82, "synth lead", ["calliope-like synth lead", "soft synth lead"], "synth", [48, 91]),
  I(84, "synth lead", ["charang synth lead", "gritty synth lead"], "synth", [48, 91]),
  I(87, "synth lead", ["bass-and-lead synth", "fat synth lead"], "synth", [40, 84]),
  I(88, "synth pad", ["warm pad", "synth pad", "new age pad"], "pad", [48, 84]),
  I(89, "synth pad", ["warm synth pad", "pad"], "pad", [48, 84]),
  I(90, "synth pad", ["polysynth pad", "polysynth", "synth chords"], "pad", [48, 84]),
  I(91, "synth pad", ["choir pad", "airy vocal pad"], "pad", [48, 84]),
  I(92, "synth pad", ["bowed pad", "glassy pad"], "pad", [48, 84]),
  I(94, "synth pad", ["halo pad", "shimmering pad"], "pad", [48, 84]),
  I(95, "synth pad", ["sweeping pad", "sweep pad"], "pad", [48, 84]),
  I(98, "synth pad", ["crystal synth", "glassy synth"], "pad", [55, 91]),
  I(99, "synth pad", ["atmospheric synth", "atmosphere pad"], "pad", [48, 84]),
  I(100, "synth pad", ["bright synth pad", "brightness pad"], "pad", [48, 84]),
  I(104, "sitar", ["sitar"], "plucked", [48, 77]),
  I(105, "banjo", ["banjo"], "plucked", [48, 79]),
  I(108, "kalimba", ["kalimba", "thumb piano"], "mallet", [60, 89]),
  I(110, "fiddle", ["fiddle"], "strings", [55, 91]),
  I(114, "steel drums", ["steel drums", "steelpan"], "mallet", [55, 84]),
];

const BY_PROGRAM = new Map(GM_INSTRUMENTS.map((i) => [i.program, i]));

export function instrument(program: number): GmInstrument {
  const found = BY_PROGRAM.get(program);
  if (!found) throw new Error(`GM program ${program} is not in the corpus instrument table`);
  return found;
}

/** General MIDI drum kits (channel 10 program numbers) and how captions name them. */
export const DRUM_KITS = {
  standard: { program: 0, names: ["drum kit", "acoustic drums", "drums"] },
  room: { program: 8, names: ["roomy drum kit", "live drums", "drums"] },
  power: { program: 16, names: ["powerful drum kit", "punchy drums", "hard-hitting drums"] },
  electronic: { program: 24, names: ["electronic drums", "programmed beat", "drum machine"] },
  tr808: { program: 25, names: ["808 drum machine", "TR-808 beat", "808 drums"] },
  jazz: { program: 32, names: ["jazz drum kit", "light drums", "drums"] },
  brush: { program: 40, names: ["brushed drums", "brushes", "soft brushed kit"] },
  orchestra: { program: 48, names: ["orchestral percussion", "concert drums"] },
} as const;

export type DrumKitId = keyof typeof DRUM_KITS;
