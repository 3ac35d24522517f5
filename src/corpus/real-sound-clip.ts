/**
 * One clip with real recorded sounds: draws its plan, takes the drum hits the recorded kit plays
 * out of the MIDI (the soundfont still plays the pieces the kit lacks) and returns the overlay
 * that `renderMidi` mixes in before the loudness stage.
 */
import type { Composition } from "./composer.ts";
import type { SampleCache } from "./real-sound-bank.ts";
import {
  layerForVelocity, layersFor, loopFrom, mixAt, planRealSounds, renderDrumBus, rms, splitHits, VOICE_OF_NOTE,
  type RealSoundBank, type RealSoundPlan,
} from "./real-sounds.ts";

export interface RealSoundClip {
  plan: RealSoundPlan;
  /** The MIDI to render: the composition's, less the drum hits the recorded kit plays. */
  midi: Uint8Array;
  overlay: (samples: Float32Array, sampleRate: number) => Float32Array;
}

/** Mutates `composition.midi` (drum notes move to the recorded kit); compose again for a clean copy. */
export async function prepareRealSoundClip(composition: Composition, bank: RealSoundBank, cache: SampleCache): Promise<RealSoundClip> {
  const gmKit = composition.params.parts.find((p) => p.role === "drums")?.kit ?? null;
  const plan = planRealSounds(composition.params.seed, gmKit, bank);
  const kit = plan.kit ? bank.kits.find((k) => k.id === plan.kit) ?? null : null;
  const ambience = plan.ambience ? bank.ambience.find((a) => a.id === plan.ambience) ?? null : null;
  const drumTrack = composition.midi.tracks.find((t) => t.channel === 9);
  const hits = kit && drumTrack ? splitHits(drumTrack.notes.map((n) => ({ time: n.time, midi: n.midi, velocity: n.velocity })), kit).real : [];
  if (kit && drumTrack) {
    drumTrack.notes = drumTrack.notes.filter((n) => {
      const voice = VOICE_OF_NOTE.get(n.midi);
      return !(voice && layersFor(kit, voice));
    });
  }
  for (const h of hits) {
    const layers = kit ? layersFor(kit, VOICE_OF_NOTE.get(h.midi)!) : null;
    if (layers) await cache.load(layerForVelocity(layers, h.velocity).file);
  }
  if (ambience) await cache.load(ambience.file);
  const overlay = (dry: Float32Array, sampleRate: number): Float32Array => {
    const out = dry.slice();
    if (kit && hits.length > 0) {
      mixAt(out, renderDrumBus(hits, kit, sampleRate, out.length, (f) => cache.get(f)), rms(dry), plan.drumGainDb);
    }
    if (ambience) mixAt(out, loopFrom(cache.get(ambience.file), plan.ambienceOffset, out.length), rms(out), plan.ambienceGainDb);
    return out;
  };
  return { plan, midi: new Uint8Array(composition.midi.toArray()), overlay };
}
