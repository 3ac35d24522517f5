import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeAudioFile } from "../../src/embedding/audio-decoder.ts";
import { describeAudio, LEGACY_TEMPO, rmsDb } from "../../src/embedding/audio-descriptors.ts";
import { seededRandom } from "../../src/util/random.ts";
import { chord, clickTrack, sine, whiteNoise } from "../helpers/audio-fixtures.ts";

const RATE = 22050;
const midi = (note: number) => 440 * 2 ** ((note - 69) / 12);

/** A synthesised drum & bass bar pattern (16 sixteenths): pitched-down sine kicks, noise snares and hats. */
function drumAndBass(bpm: number, seconds: number, rate: number): Float32Array {
  const rng = seededRandom("dnb");
  const out = new Float32Array(Math.round(seconds * rate));
  const step = (60 / bpm / 4) * rate;
  const add = (start: number, length: number, f: (i: number) => number) => {
    for (let i = 0; i < length && start + i < out.length; i++) out[start + i] += f(i);
  };
  for (let s = 0; s * step < out.length; s++) {
    const at = Math.round(s * step);
    const pos = s % 16;
    if (pos === 0 || pos === 10) {
      add(at, Math.round(0.15 * rate), (i) => 0.9 * Math.sin((2 * Math.PI * (50 + 100 * Math.exp(-i / (0.02 * rate))) * i) / rate) * Math.exp(-i / (0.05 * rate)));
    }
    if (pos === 4 || pos === 12) add(at, Math.round(0.12 * rate), (i) => 0.7 * (2 * rng() - 1) * Math.exp(-i / (0.03 * rate)));
    if (pos % 2 === 0) add(at, Math.round(0.03 * rate), (i) => 0.25 * (2 * rng() - 1) * Math.exp(-i / (0.005 * rate)));
  }
  return out;
}

/** Triads played one after another, two seconds each. */
function progression(triads: number[][]): Float32Array {
  const parts = triads.map((t) => chord(t.map(midi), 2, RATE));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
  return out;
}

describe("describeAudio: tempo", () => {
  it.each([90, 120, 174])("estimates a %i BPM click track within ±2 BPM", (bpm) => {
    const { bpm: estimate, durationSeconds } = describeAudio({ samples: clickTrack(bpm, 20, RATE), sampleRate: RATE });
    expect(durationSeconds).toBeCloseTo(20, 6);
    expect(estimate).not.toBeNull();
    expect(Math.abs(estimate! - bpm)).toBeLessThanOrEqual(2);
  });

  it("works at the decoder's native rates too (44.1 kHz)", () => {
    const { bpm } = describeAudio({ samples: clickTrack(120, 15, 44100), sampleRate: 44100 });
    expect(Math.abs(bpm! - 120)).toBeLessThanOrEqual(2);
  });

  // Drum & bass: kick on 1 and the "and" of 3, snare on 2 and 4, closed hats on every eighth. The
  // bar repeats every 4 beats and kick–snare every 2, so the autocorrelation peaks higher at two
  // beats (half the tempo) than at one: the octave error docs/tempo.md measures.
  it.each([165, 174, 180])("estimates a %i BPM drum & bass pattern at its tempo, not at half of it", (bpm) => {
    const samples = drumAndBass(bpm, 20, RATE);
    const estimate = describeAudio({ samples, sampleRate: RATE }).bpm;
    expect(estimate).not.toBeNull();
    expect(Math.abs(estimate! - bpm)).toBeLessThanOrEqual(0.04 * bpm);
    // the estimator as shipped up to v0.3 fell for the half tempo here
    expect(Math.abs(describeAudio({ samples, sampleRate: RATE }, LEGACY_TEMPO).bpm! - bpm / 2)).toBeLessThanOrEqual(0.04 * (bpm / 2));
  });

  it("reports no tempo without a pulse: noise, a steady tone, a clip too short to tell", () => {
    expect(describeAudio({ samples: whiteNoise(20, RATE), sampleRate: RATE }).bpm).toBeNull();
    expect(describeAudio({ samples: sine(440, 20, RATE), sampleRate: RATE }).bpm).toBeNull();
    expect(describeAudio({ samples: clickTrack(120, 2, RATE), sampleRate: RATE }).bpm).toBeNull();
  });
});

describe("describeAudio: loudness", () => {
  it("is RMS in dBFS, floored for silence", () => {
    expect(describeAudio({ samples: sine(440, 2, RATE, 0.5), sampleRate: RATE }).loudnessDb).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 2);
    expect(rmsDb(sine(440, 1, RATE, 1)) - rmsDb(sine(440, 1, RATE, 0.5))).toBeCloseTo(20 * Math.log10(2), 4);
    const silent = describeAudio({ samples: new Float32Array(RATE), sampleRate: RATE });
    expect(silent).toEqual({ durationSeconds: 1, bpm: null, loudnessDb: -120, key: null });
  });
});

describe("describeAudio: key", () => {
  it("names the key of a chord progression", () => {
    // i - iv - V - i in A minor: Am, Dm, E, Am
    const aMinor = progression([[57, 60, 64], [62, 65, 69], [64, 68, 71], [57, 60, 64]]);
    expect(describeAudio({ samples: aMinor, sampleRate: RATE }).key).toBe("A minor");
    // I - IV - V - I in Bb major, spelled with flats
    const bFlat = progression([[58, 62, 65], [63, 67, 70], [65, 69, 72], [58, 62, 65]]);
    expect(describeAudio({ samples: bFlat, sampleRate: RATE }).key).toBe("Bb major");
    expect(describeAudio({ samples: chord([60, 64, 67].map(midi), 6, RATE), sampleRate: RATE }).key).toBe("C major");
  });

  it("names no key for noise or a single note", () => {
    expect(describeAudio({ samples: whiteNoise(10, RATE), sampleRate: RATE }).key).toBeNull();
    expect(describeAudio({ samples: sine(440, 10, RATE), sampleRate: RATE }).key).toBeNull();
  });
});

describe("describeAudio on real recordings", () => {
  it("gives plausible values for the shared librosa examples", async () => {
    const dir = path.resolve(import.meta.dirname, "../../../shared/data/librosa-music/audio");
    const rows: string[] = [];
    for (const file of readdirSync(dir)) {
      const d = describeAudio(await decodeAudioFile(path.join(dir, file)));
      expect(d.durationSeconds).toBeGreaterThan(1);
      expect(d.loudnessDb).toBeGreaterThan(-60);
      expect(d.loudnessDb).toBeLessThan(0);
      if (d.bpm !== null) expect(d.bpm).toBeGreaterThanOrEqual(40);
      if (d.bpm !== null) expect(d.bpm).toBeLessThanOrEqual(240);
      if (d.key !== null) expect(d.key).toMatch(/^[A-G][b#]? (major|minor)$/);
      rows.push(`${file.slice(0, 36).padEnd(36)} ${d.bpm ?? "-"} BPM, ${d.key ?? "-"}, ${d.loudnessDb.toFixed(1)} dBFS`);
    }
    console.log(rows.join("\n"));
  }, 60_000);
});
