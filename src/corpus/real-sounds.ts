/**
 * Real recorded sounds in the rendered corpus (`build-synthetic-corpus.ts --real-sounds`): the
 * General-MIDI drum part is replaced by one-shots of a recorded drum kit placed on the MIDI drum
 * hits, and an ambience bed (room tone, vinyl hiss, crowd, drones) may sit under the mix. The
 * soundfont renders are all the audio tower hears otherwise, and it groups produced music by
 * generator rather than content; recorded drums and textures are the cheapest real audio we can
 * put into every clip. This file is the pure part: naming kit pieces, the per-clip plan drawn
 * from the clip seed, and the sample-accurate mix. Loading the Debian packages is in
 * real-sound-bank.ts.
 */
import type { DrumKitId } from "./instruments.ts";
import { DRUM_NOTES, type DrumVoice } from "./style.ts";
import { hash32, Rng } from "../util/random.ts";

/** One recorded velocity layer of a kit piece; `min`/`max` is the velocity range (0–1) it answers. */
export interface SampleLayer {
  file: string;
  min: number;
  max: number;
  gain: number;
}

export type KitStyle = "acoustic" | "electronic";

export interface RealKit {
  /** "hydrogen:ColomboAcousticDrumkit", "sonic-pi:drum", "lmms:drums". */
  id: string;
  style: KitStyle;
  debianPackage: string;
  licence: string;
  /** Layers per drum voice the kit has a recording for. */
  pieces: Partial<Record<DrumVoice, SampleLayer[]>>;
}

export interface AmbienceSound {
  id: string;
  file: string;
  debianPackage: string;
  licence: string;
}

export interface RealSoundBank {
  kits: RealKit[];
  ambience: AmbienceSound[];
}

/**
 * Kit piece names as the kits spell them ("Pearl Snare Rimshot", "Hi-Hat Pedal (Paiste…)",
 * "c#3 - stick", "tomhi2") → drum voice. Order matters: the first match wins, so specific
 * names (cowbell, ride bell, side stick, open hat) come before general ones (bell, stick, hat).
 */
const PIECE_RULES: readonly (readonly [RegExp, DrumVoice])[] = [
  [/cowbell/, "cowbell"],
  [/tambourine|\btamb\b/, "tamb"],
  [/shaker|maraca/, "shaker"],
  [/clave/, "claves"],
  [/conga/, "congaM"],
  [/bongo ?hi/, "bongoH"],
  [/bongo/, "bongoL"],
  [/snare|redo/, "snare"],
  [/side ?stick|rim ?click|\bstick\b|^rim/, "rim"],
  [/clap/, "clap"],
  [/kick|bass ?drum|bassdrum|drum bass|\bbd\b/, "kick"],
  [/pedal|foot|(hat|hh).*\bpd\b/, "pedal"],
  [/(hat|hh).*(open|opened|\bop\b)|(open|ohh)/, "open"],
  [/hat|\bhh\b|closed/, "hat"],
  [/(ride.*(bell|cup))|ride-cup/, "bell"],
  [/ride/, "ride"],
  [/china/, "china"],
  [/crash|splash|cymbal/, "crash"],
  [/floor|tom ?lo|low ?tom|tom ?low/, "tomL"],
  [/tom ?hi|high ?tom|hi ?tom|tom ?high|tom ?1\b|tomhi/, "tomH"],
  [/tom/, "tomM"],
];

/** Names that are recorded variants we do not want on a plain hit (rolls, chokes, swishes, fx). */
const SKIP_PIECE = /roll|choke|swish|flink|semi|fx|zap|whistle|^click$|^\d+$|^sample:/;

export function drumVoiceOf(pieceName: string): DrumVoice | null {
  const name = pieceName.toLowerCase().replace(/\(.*?\)/g, " ").replace(/[_]+/g, " ").trim();
  if (name === "" || SKIP_PIECE.test(name)) return null;
  for (const [pattern, voice] of PIECE_RULES) if (pattern.test(name)) return voice;
  return null;
}

/** A voice the kit lacks borrows the nearest piece it has (a second kick is a kick). */
const FALLBACK: Partial<Record<DrumVoice, readonly DrumVoice[]>> = {
  kick2: ["kick"], snare2: ["snare"], rim: ["snare"], clap: ["snare"], pedal: ["hat"], open: ["hat"],
  bell: ["ride"], china: ["crash"], ride: ["crash"], crash: ["ride"],
  tomH: ["tomM", "tomL"], tomM: ["tomH", "tomL"], tomL: ["tomM", "tomH"],
  congaH: ["congaM"], congaL: ["congaM"], timbaleH: ["tomH"], timbaleL: ["tomM"],
};

export function layersFor(kit: RealKit, voice: DrumVoice): SampleLayer[] | null {
  for (const v of [voice, ...(FALLBACK[voice] ?? [])]) {
    const layers = kit.pieces[v];
    if (layers && layers.length > 0) return layers;
  }
  return null;
}

/** The layer recorded for this velocity (0–1); the nearest range when none covers it. */
export function layerForVelocity(layers: readonly SampleLayer[], velocity: number): SampleLayer {
  const inside = layers.filter((l) => velocity >= l.min && velocity <= l.max);
  if (inside.length > 0) return inside[0]!;
  const distance = (l: SampleLayer) => (velocity < l.min ? l.min - velocity : velocity - l.max);
  return layers.slice().sort((a, b) => distance(a) - distance(b))[0]!;
}

/** GM kits played with a recorded kit; brushes and orchestral percussion have no counterpart in the packages. */
export const KIT_STYLE: Record<DrumKitId, KitStyle | null> = {
  standard: "acoustic", room: "acoustic", power: "acoustic", jazz: "acoustic",
  electronic: "electronic", tr808: "electronic", brush: null, orchestra: null,
};

export interface RealSoundPlan {
  /** Recorded kit replacing the GM drums, or null (no drums, or kept GM for variety). */
  kit: string | null;
  /** Drum bus level against the rest of the mix, dB of RMS. */
  drumGainDb: number;
  ambience: string | null;
  ambienceGainDb: number;
  /** Where in the ambience recording the clip starts (fraction of its length). */
  ambienceOffset: number;
}

export const REAL_KIT_CHANCE = 0.8;
export const AMBIENCE_CHANCE = 0.35;

/**
 * The clip's real-sound choices, a pure function of its seed (its own stream, so the composition
 * and the soundfont pick are the same as without real sounds: only this lever changes).
 */
export function planRealSounds(clipSeed: number, gmKit: DrumKitId | null, bank: RealSoundBank): RealSoundPlan {
  const rng = new Rng(hash32(clipSeed, 0x7ea1));
  const style = gmKit ? KIT_STYLE[gmKit] : null;
  const candidates = style ? bank.kits.filter((k) => k.style === style) : [];
  const useKit = candidates.length > 0 && rng.chance(REAL_KIT_CHANCE);
  const kit = useKit ? rng.pick(candidates).id : null;
  const drumGainDb = round(rng.float(-4, 2));
  const useAmbience = bank.ambience.length > 0 && rng.chance(AMBIENCE_CHANCE);
  const ambience = useAmbience ? rng.pick(bank.ambience).id : null;
  return { kit, drumGainDb, ambience, ambienceGainDb: round(rng.float(-26, -14)), ambienceOffset: round(rng.next()) };
}

/** GM drum notes → voice, to find which recorded piece plays a MIDI drum hit. */
export const VOICE_OF_NOTE: ReadonlyMap<number, DrumVoice> = new Map(
  (Object.entries(DRUM_NOTES) as [DrumVoice, number][]).map(([voice, note]) => [note, voice]),
);

export interface DrumHit {
  time: number;
  midi: number;
  /** 0–1, as @tonejs/midi reports it. */
  velocity: number;
}

/** Notes the kit can play (taken out of the MIDI) and those it cannot (left to the soundfont). */
export function splitHits(hits: readonly DrumHit[], kit: RealKit): { real: DrumHit[]; gm: DrumHit[] } {
  const real: DrumHit[] = [];
  const gm: DrumHit[] = [];
  for (const h of hits) {
    const voice = VOICE_OF_NOTE.get(h.midi);
    (voice && layersFor(kit, voice) ? real : gm).push(h);
  }
  return { real, gm };
}

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/**
 * Places one-shots on the hits: each hit plays its velocity layer, scaled by velocity² (a
 * drummer's soft notes are much quieter, not just darker), cut off by the next hit of the same
 * voice as a choked or re-struck drum would be.
 */
export function renderDrumBus(
  hits: readonly DrumHit[], kit: RealKit, sampleRate: number, length: number, sample: (file: string) => Float32Array,
): Float32Array {
  const bus = new Float32Array(length);
  const byVoice = new Map<DrumVoice, DrumHit[]>();
  for (const h of hits) {
    const voice = VOICE_OF_NOTE.get(h.midi);
    if (!voice) continue;
    byVoice.set(voice, [...(byVoice.get(voice) ?? []), h]);
  }
  for (const [voice, voiceHits] of byVoice) {
    const layers = layersFor(kit, voice);
    if (!layers) continue;
    const sorted = voiceHits.slice().sort((a, b) => a.time - b.time);
    sorted.forEach((h, i) => {
      const start = Math.round(h.time * sampleRate);
      if (start >= length) return;
      const next = sorted[i + 1];
      const stop = Math.min(length, next ? Math.round(next.time * sampleRate) : length);
      const layer = layerForVelocity(layers, h.velocity);
      const data = sample(layer.file);
      const amp = layer.gain * Math.min(1, h.velocity) ** 2;
      const n = Math.min(data.length, stop - start);
      // A short fade where a ringing hit is cut, so the choke does not click.
      const fade = Math.min(n, Math.round(0.005 * sampleRate));
      for (let j = 0; j < n; j++) {
        const env = next && j >= n - fade && n < data.length ? (n - j) / fade : 1;
        bus[start + j]! += amp * env * data[j]!;
      }
    });
  }
  return bus;
}

/** Adds `layer` to `into`, scaled so its RMS sits `gainDb` against `reference`'s RMS. */
export function mixAt(into: Float32Array, layer: Float32Array, referenceRms: number, gainDb: number): void {
  const layerRms = rms(layer);
  if (layerRms === 0 || referenceRms === 0) return;
  const scale = (referenceRms / layerRms) * 10 ** (gainDb / 20);
  for (let i = 0; i < into.length && i < layer.length; i++) into[i]! += scale * layer[i]!;
}

/** `length` samples of a recording from `offset` (fraction), looping it if it is shorter. */
export function loopFrom(recording: Float32Array, offset: number, length: number): Float32Array {
  const out = new Float32Array(length);
  if (recording.length === 0) return out;
  let pos = Math.floor(offset * recording.length) % recording.length;
  for (let i = 0; i < length; i++) {
    out[i] = recording[pos]!;
    pos = (pos + 1) % recording.length;
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
