import { describe, expect, it } from "vitest";
import {
  drumVoiceOf, layerForVelocity, layersFor, loopFrom, mixAt, planRealSounds, renderDrumBus, rms, splitHits,
  type RealKit, type RealSoundBank,
} from "../../src/corpus/real-sounds.ts";
import { DRUM_NOTES } from "../../src/corpus/style.ts";

const kit = (id: string, style: RealKit["style"], pieces: RealKit["pieces"] = {}): RealKit =>
  ({ id, style, debianPackage: "test", licence: "CC0-1.0", pieces });
const one = (file: string) => [{ file, min: 0, max: 1, gain: 1 }];

describe("drumVoiceOf", () => {
  it("names the pieces of the Debian kits by the voice they play", () => {
    const cases: [string, string | null][] = [
      ["Kick (Tama Superstar 22\")", "kick"], ["BassDrum", "kick"], ["c3 - bass drum 1", "kick"], ["bd_haus", "kick"],
      ["Pearl Snare Rimshot", "snare"], ["Snare Jazz", "snare"], ["Pearl Side Stick", "rim"], ["c#3 - stick", "rim"],
      ["Hand Clap", "clap"], ["Closed HH", "hat"], ["Hi-Hat Pedal (Paiste Alpha Metal edge 14\")", "pedal"],
      ["Sabian Hat Open", "open"], ["Hat Op Dirty", "open"], ["hihat_opened01", "open"], ["ride-cup", "bell"],
      ["Paiste Ride", "ride"], ["China (Paiste Alpha 18\")", "china"], ["crash16inch", "crash"], ["Zildjian Splash", "crash"],
      ["Pearl Tom Floor", "tomL"], ["Tom Hi", "tomH"], ["Tom Mid", "tomM"], ["Cowbell", "cowbell"], ["Tambourine", "tamb"],
      ["Snare Roll", null], ["Sabian Hat Semi-Open", null], ["Zap 1", null], ["27", null], ["", null],
    ];
    for (const [name, voice] of cases) expect([name, drumVoiceOf(name)]).toEqual([name, voice]);
  });
});

describe("kit layers", () => {
  const layers = [{ file: "soft", min: 0, max: 0.5, gain: 1 }, { file: "hard", min: 0.5, max: 1, gain: 1 }];

  it("plays the layer recorded for the hit's velocity, the nearest when none covers it", () => {
    expect(layerForVelocity(layers, 0.2).file).toBe("soft");
    expect(layerForVelocity(layers, 0.9).file).toBe("hard");
    expect(layerForVelocity([{ file: "mid", min: 0.3, max: 0.6, gain: 1 }, { file: "top", min: 0.9, max: 1, gain: 1 }], 0.7).file).toBe("mid");
  });

  it("lets a voice the kit lacks borrow the nearest piece, and leaves the rest to the soundfont", () => {
    const k = kit("k", "acoustic", { kick: one("kick"), snare: one("snare"), tomM: one("tom") });
    expect(layersFor(k, "kick2")?.[0]!.file).toBe("kick");
    expect(layersFor(k, "tomL")?.[0]!.file).toBe("tom");
    expect(layersFor(k, "cowbell")).toBeNull();
    const { real, gm } = splitHits([{ time: 0, midi: DRUM_NOTES.kick, velocity: 1 }, { time: 0, midi: DRUM_NOTES.cowbell, velocity: 1 }, { time: 0, midi: 99, velocity: 1 }], k);
    expect(real.map((h) => h.midi)).toEqual([DRUM_NOTES.kick]);
    expect(gm.map((h) => h.midi)).toEqual([DRUM_NOTES.cowbell, 99]);
  });
});

describe("planRealSounds", () => {
  const bank: RealSoundBank = {
    kits: [kit("a1", "acoustic"), kit("a2", "acoustic"), kit("e1", "electronic")],
    ambience: [{ id: "hiss", file: "hiss.flac", debianPackage: "test", licence: "CC0-1.0" }],
  };

  it("is a pure function of the clip seed", () => {
    expect(planRealSounds(1234, "standard", bank)).toEqual(planRealSounds(1234, "standard", bank));
    const plans = Array.from({ length: 200 }, (_, i) => planRealSounds(i, "standard", bank));
    expect(new Set(plans.map((p) => p.kit)).size).toBe(3); // a1, a2 and kept GM (null)
  });

  it("matches the kit's style to the GM kit and keeps GM drums where no recording fits", () => {
    const plans = Array.from({ length: 200 }, (_, i) => i);
    expect(new Set(plans.map((s) => planRealSounds(s, "tr808", bank).kit))).toEqual(new Set(["e1", null]));
    expect(plans.every((s) => planRealSounds(s, "brush", bank).kit === null)).toBe(true);
    expect(plans.every((s) => planRealSounds(s, null, bank).kit === null)).toBe(true);
    const kitShare = plans.filter((s) => planRealSounds(s, "standard", bank).kit !== null).length / plans.length;
    expect(kitShare).toBeGreaterThan(0.7);
    expect(kitShare).toBeLessThan(0.9);
    const ambienceShare = plans.filter((s) => planRealSounds(s, null, bank).ambience !== null).length / plans.length;
    expect(ambienceShare).toBeGreaterThan(0.25);
    expect(ambienceShare).toBeLessThan(0.45);
  });
});

describe("mixing", () => {
  const sr = 1000;
  const click = new Float32Array([1, 0.5, 0.25, 0.125, 0.0625, 0.03, 0.01, 0.005, 0.002, 0.001]);
  const k = kit("k", "acoustic", { kick: one("click"), snare: [{ file: "click", min: 0, max: 1, gain: 0.5 }] });

  it("places each hit's recording at its time, scaled by velocity squared and the layer gain", () => {
    const bus = renderDrumBus([
      { time: 0.1, midi: DRUM_NOTES.kick, velocity: 1 },
      { time: 0.5, midi: DRUM_NOTES.kick, velocity: 0.5 },
      { time: 0.8, midi: DRUM_NOTES.snare, velocity: 1 },
    ], k, sr, 1000, () => click);
    expect(bus[99]).toBe(0);
    expect(bus[100]).toBeCloseTo(1);
    expect(bus[101]).toBeCloseTo(0.5);
    expect(bus[500]).toBeCloseTo(0.25);
    expect(bus[800]).toBeCloseTo(0.5);
    expect(bus[300]).toBe(0);
  });

  it("cuts a ringing hit when the same piece is struck again", () => {
    const ring = new Float32Array(100).fill(1);
    const bus = renderDrumBus([
      { time: 0, midi: DRUM_NOTES.kick, velocity: 1 },
      { time: 0.05, midi: DRUM_NOTES.kick, velocity: 1 },
    ], k, sr, 200, () => ring);
    // The first hit stops at sample 50 (fading out), so the sum never doubles to 2.
    expect(Math.max(...bus)).toBeLessThanOrEqual(1);
    expect(bus[49]).toBeLessThan(1);
    expect(bus[120]).toBe(1);
    expect(bus[150]).toBe(0);
  });

  it("sets a layer's level in dB of RMS against the reference", () => {
    const music = new Float32Array(1000).map((_, i) => 0.2 * Math.sin(i / 3));
    const noise = new Float32Array(1000).map((_, i) => ((i * 7919) % 13) / 13 - 0.5);
    const out = new Float32Array(1000);
    mixAt(out, noise, rms(music), -6);
    expect(20 * Math.log10(rms(out) / rms(music))).toBeCloseTo(-6, 1);
    const silent = new Float32Array(1000);
    mixAt(silent, noise, 0, 0);
    expect(rms(silent)).toBe(0);
  });

  it("loops a short recording from its offset to fill the clip", () => {
    expect(Array.from(loopFrom(new Float32Array([1, 2, 3, 4]), 0.5, 6))).toEqual([3, 4, 1, 2, 3, 4]);
    expect(Array.from(loopFrom(new Float32Array(0), 0.5, 3))).toEqual([0, 0, 0]);
  });
});
