import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeAudioFile } from "../../src/embedding/audio-decoder.ts";
import { describeAudio, rmsDb } from "../../src/embedding/audio-descriptors.ts";
import { chord, clickTrack, sine, whiteNoise } from "../helpers/audio-fixtures.ts";

const RATE = 22050;
const midi = (note: number) => 440 * 2 ** ((note - 69) / 12);

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
