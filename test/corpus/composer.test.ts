import midiPkg from "@tonejs/midi";
import { describe, expect, it } from "vitest";
import { compose } from "../../src/corpus/composer.ts";
import { GENRES } from "../../src/corpus/genres.ts";

const { Midi } = midiPkg;
const bytes = (seed: number, genre?: string) => Buffer.from(compose(seed, genre).midi.toArray());

describe("compose", () => {
  it("is deterministic per seed", () => {
    expect(bytes(42, "jazz").equals(bytes(42, "jazz"))).toBe(true);
    expect(compose(42).params).toEqual(compose(42).params);
  });

  it("varies across seeds", () => {
    const params = [1, 2, 3, 4, 5, 6].map((s) => compose(s, "house").params);
    expect(new Set(params.map((p) => `${p.bpm}/${p.key}`)).size).toBeGreaterThan(3);
    expect(bytes(1, "house").equals(bytes(2, "house"))).toBe(false);
  });

  it("defines at least 16 genres", () => {
    expect(GENRES.length).toBeGreaterThanOrEqual(16);
    expect(new Set(GENRES.map((g) => g.id)).size).toBe(GENRES.length);
  });

  for (const style of GENRES) {
    it(`writes a valid MIDI file for ${style.id}`, () => {
      for (const seed of [11, 12, 13]) {
        const { midi, params } = compose(seed, style.id);
        const parsed = new Midi(midi.toArray());
        const notes = parsed.tracks.flatMap((t) => t.notes);
        expect(notes.length).toBeGreaterThan(8);
        expect(notes.every((n) => n.midi >= 0 && n.midi <= 127 && n.velocity > 0 && n.duration > 0)).toBe(true);
        // Long enough to fill a 10 s clip, short enough not to waste render time.
        expect(parsed.duration).toBeGreaterThan(10);
        expect(parsed.duration).toBeLessThan(20);
        expect(params.bpm).toBeGreaterThanOrEqual(style.tempo[0]);
        expect(params.bpm).toBeLessThanOrEqual(style.tempo[1]);
        // MIDI stores whole microseconds per beat, so the tempo comes back within a hundredth.
        expect(parsed.header.tempos[0]?.bpm).toBeCloseTo(params.bpm, 2);
        const drumTracks = parsed.tracks.filter((t) => t.channel === 9 && t.notes.length > 0);
        if (style.drums === null) expect(drumTracks).toHaveLength(0);
        if (style.drums?.probability === 1) expect(drumTracks).toHaveLength(1);
        expect(params.parts.some((p) => p.role === "drums")).toBe(drumTracks.length > 0);
        // Only the drum track may use channel 10.
        expect(parsed.tracks.filter((t) => t.channel === 9).length).toBeLessThanOrEqual(1);
      }
    });
  }

  it("uses drums in genres that mostly have them", () => {
    for (const style of GENRES.filter((g) => (g.drums?.probability ?? 0) >= 0.7)) {
      const withDrums = [1, 2, 3, 4, 5, 6, 7, 8].filter((s) => compose(s, style.id).params.parts.some((p) => p.role === "drums"));
      expect(withDrums.length, style.id).toBeGreaterThan(0);
    }
  });
});
