/**
 * The seeded composer: from (seed, genre) it draws every musical choice — tempo, key, mode,
 * meter, groove, instruments, density, dynamics — writes each part and returns the MIDI file
 * with the parameters that made it (the captioner describes the parameters, not the audio).
 */
import midiPkg from "@tonejs/midi";
import { type Arrangement, type NoteEvent } from "./arrangement.ts";
import { GENRES, genre as genreById } from "./genres.ts";
import { DRUM_KITS, instrument } from "./instruments.ts";
import { writeBass } from "./part-bass.ts";
import { partLabel } from "./part-phrases.ts";
import { writeDrums } from "./part-drums.ts";
import { writeComp, writePad } from "./part-harmony.ts";
import { writeMelody } from "./part-melody.ts";
import { Rng } from "../util/random.ts";
import { stepsPerBar, steps, type Density, type Dynamics, type LeadStyle, type Meter } from "./style.ts";
import { chordFromToken, keyName, type Mode } from "./theory.ts";

const { Midi } = midiPkg;
type MidiFile = InstanceType<typeof Midi>;

// Re-exported: the part types live in part-params.ts so the part writers need not import the composer.
export type { PartParams, PartRole } from "./part-params.ts";
import type { PartParams } from "./part-params.ts";

export interface RenderSettings {
  /** fluidsynth master gain. */
  gain: number;
  /** Target RMS loudness of the final clip in dBFS. */
  loudnessDb: number;
  reverb: { roomSize: number; level: number };
  chorus: { level: number; depth: number };
}

export interface ClipParams {
  seed: number;
  genre: string;
  bpm: number;
  meter: Meter;
  swing: number;
  tonic: number;
  mode: Mode;
  key: string;
  bars: number;
  progression: string[];
  chords: string[];
  density: Density;
  dynamics: Dynamics;
  parts: PartParams[];
  durationSeconds: number;
  render: RenderSettings;
}

export interface Composition {
  midi: MidiFile;
  params: ClipParams;
}

const LEVEL: Record<Dynamics, readonly [number, number]> = {
  soft: [0.38, 0.52],
  medium: [0.58, 0.72],
  loud: [0.78, 0.9],
};

/** Music shorter than the rendered clip would end in silence; a little longer is trimmed. */
const TARGET_SECONDS = 11.5;

export function compose(seed: number, genreId?: string): Composition {
  const rng = new Rng(seed);
  const style = genreId ? genreById(genreId) : rng.pick(GENRES);
  const meter = rng.pick(style.meters);
  const bpm = rng.int(style.tempo[0], style.tempo[1]);
  const spb = stepsPerBar(meter);
  const barSeconds = (spb / 4) * (60 / bpm);
  const bars = Math.ceil(TARGET_SECONDS / barSeconds);
  const mode = rng.weighted(style.modes);
  const tonic = rng.int(0, 11);
  const progression = rng.pick(style.progressions).split(" ");
  const addSevenths = rng.chance(style.sevenths);
  const chords = progression.map((t) => chordFromToken(t, tonic, mode, addSevenths));
  const harmonic = rng.pick(style.harmonicRhythm);
  const density = rng.weighted(style.densities);
  const dynamics = rng.weighted(style.dynamics);
  const programmed = style.tags.includes("electronic");
  const arrangement: Arrangement = {
    bpm, meter, stepsPerBar: spb, bars,
    swing: rng.float(style.swing[0], style.swing[1]),
    swingUnit: style.swingUnit,
    humanize: programmed ? 0 : rng.float(0.004, 0.014),
    tonic, mode, chords,
    slotSteps: Math.max(4, Math.round(spb / harmonic)),
    density,
    level: rng.float(LEVEL[dynamics][0], LEVEL[dynamics][1]),
  };

  const midi = new Midi();
  midi.header.setTempo(bpm);
  midi.header.timeSignatures.push({ ticks: 0, timeSignature: meter === "4/4" ? [4, 4] : meter === "3/4" ? [3, 4] : [6, 8] });
  midi.header.update();
  const parts: PartParams[] = [];
  const reverbSend = rng.int(20, 90);
  let channel = 0;
  const addTrack = (part: PartParams, notes: NoteEvent[], volume: number) => {
    if (notes.length === 0) return;
    const track = midi.addTrack();
    track.channel = part.role === "drums" ? 9 : channel++;
    track.instrument.number = part.program;
    track.addCC({ number: 7, value: volume, time: 0 });
    track.addCC({ number: 10, value: part.role === "drums" || part.role === "bass" ? 64 : rng.int(30, 98), time: 0 });
    track.addCC({ number: 91, value: Math.min(127, reverbSend + rng.int(-15, 15)), time: 0 });
    track.addCC({ number: 93, value: rng.int(0, 50), time: 0 });
    for (const n of notes) track.addNote({ midi: n.midi, time: n.time, duration: n.duration, velocity: n.velocity });
    parts.push(part);
  };

  const partRng = (i: number) => rng.fork(i);
  if (style.drums && rng.chance(style.drums.probability)) {
    const kit = rng.pick(style.drums.kits);
    const pattern = rng.pick(style.drums.patterns);
    // 3/4 and 6/8 genres list grooves for every meter; use those whose bars fit this one.
    const fitting = style.drums.patterns.filter((p) => Object.values(p.lanes).every((l) => steps(l!).length % spb === 0));
    const groove = fitting.includes(pattern) ? pattern : fitting.length > 0 ? rng.pick(fitting) : null;
    if (groove) {
      addTrack({ role: "drums", program: DRUM_KITS[kit].program, label: "drums", kit, pattern: groove.name },
        writeDrums(arrangement, groove, partRng(1)), rng.int(95, 115));
    }
  }
  if (style.bass && !(density === "sparse" && rng.chance(0.15))) {
    const program = rng.pick(style.bass.programs);
    const pattern = fitPattern(rng.pick(style.bass.patterns), spb);
    addTrack({ role: "bass", program, label: partLabel("bass", program), pattern },
      writeBass(arrangement, pattern, style.bass.floor, partRng(2)), rng.int(95, 115));
  }
  const compProgram = rng.pick(style.comp.programs);
  const compPattern = fitPattern(rng.pick(style.comp.patterns), spb);
  addTrack({ role: "chords", program: compProgram, label: instrument(compProgram).label, pattern: compPattern },
    writeComp(arrangement, compPattern, style.comp.floor, partRng(3)), rng.int(80, 105));
  const leadChance = (style.lead?.probability ?? 0) * (density === "sparse" ? 0.8 : 1);
  if (style.lead && rng.chance(leadChance)) {
    // Prefer a lead that differs from the comping instrument so the two stay distinguishable.
    const others = style.lead.programs.filter((p) => p !== compProgram);
    const program = rng.pick(others.length > 0 ? others : style.lead.programs);
    const leadStyle: LeadStyle = rng.pick(style.lead.styles);
    const startBar = bars > 4 && rng.chance(0.25) ? 1 : 0;
    addTrack({ role: "lead", program, label: instrument(program).label, style: leadStyle },
      writeMelody(arrangement, leadStyle, instrument(program).range, partRng(4), startBar), rng.int(95, 120));
  }
  const counterChance = (style.counter?.probability ?? 0) * (density === "busy" ? 1.4 : density === "sparse" ? 0.6 : 1);
  if (style.counter && rng.chance(counterChance)) {
    const program = rng.pick(style.counter.programs);
    const range = instrument(program).range;
    const notes = style.counter.kind === "pad"
      ? writePad(arrangement, Math.max(range[0], 55), partRng(5))
      : writeMelody(arrangement, style.counter.kind === "arp" ? "arp" : "long", [range[0], Math.min(range[1], range[0] + 24)], partRng(5), rng.int(0, 1));
    addTrack({ role: "counter", program, label: instrument(program).label, style: style.counter.kind }, notes, rng.int(65, 95));
  }

  const params: ClipParams = {
    seed, genre: style.id, bpm, meter, swing: round(arrangement.swing), tonic, mode, key: keyName(tonic, mode),
    bars, progression, chords: chords.map((c) => c.symbol), density, dynamics, parts,
    durationSeconds: round(midi.duration),
    render: {
      gain: round(rng.float(0.35, 0.7)),
      // Louder dynamics master louder, with spread, like real releases.
      loudnessDb: round(rng.float(-22, -17) + (dynamics === "loud" ? 4 : dynamics === "medium" ? 2 : 0)),
      reverb: { roomSize: round(rng.float(0.2, 0.9)), level: round(rng.float(0.3, 0.9)) },
      chorus: { level: round(rng.float(0, 2.5)), depth: round(rng.float(2, 12)) },
    },
  };
  return { midi, params };
}

/** Patterns are written for 4/4; in 3/4 and 6/8 bars keep the first 12 steps. */
function fitPattern(pattern: string, spb: number): string {
  const grid = steps(pattern);
  return grid.length % spb === 0 ? grid : grid.slice(0, spb);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
