import { describe, expect, it } from "vitest";
import { stepTime, type Arrangement } from "../../src/corpus/arrangement.ts";
import { chordFromToken, keyName, noteAtOrAbove, scaleNotes } from "../../src/corpus/theory.ts";

describe("theory", () => {
  it("builds diatonic chords and names them", () => {
    expect(chordFromToken("2", 0, "major", false).symbol).toBe("Dm");
    expect(chordFromToken("5", 0, "major", true).symbol).toBe("G7");
    expect(chordFromToken("1", 0, "major", true).symbol).toBe("Cmaj7");
    expect(chordFromToken("7", 0, "major", false).symbol).toBe("Bdim");
    expect(chordFromToken("1D", 9, "mixolydian", false).symbol).toBe("A7");
    expect(chordFromToken("b7", 0, "major", false).symbol).toBe("Bb");
    expect(chordFromToken("15", 4, "minor", false).symbol).toBe("E5");
    expect(chordFromToken("6", 9, "minor", false).symbol).toBe("F");
    expect(() => chordFromToken("9", 0, "major", false)).toThrow();
  });

  it("spells keys the way musicians do", () => {
    expect(keyName(10, "minor")).toBe("Bb minor");
    expect(keyName(6, "minor")).toBe("F# minor");
    expect(keyName(3, "major")).toBe("Eb major");
    expect(keyName(2, "dorian")).toBe("D dorian");
  });

  it("finds notes and scales", () => {
    expect(noteAtOrAbove(0, 61)).toBe(72);
    expect(noteAtOrAbove(1, 61)).toBe(61);
    expect(scaleNotes(0, "major", 60, 72)).toEqual([60, 62, 64, 65, 67, 69, 71, 72]);
  });

  it("swings off-beat eighths late and leaves straight time alone", () => {
    const base: Arrangement = {
      bpm: 120, meter: "4/4", stepsPerBar: 16, bars: 1, swing: 0, swingUnit: 8, humanize: 0,
      tonic: 0, mode: "major", chords: [], slotSteps: 16, density: "medium", level: 0.7,
    };
    expect(stepTime(base, 2)).toBeCloseTo(0.25);
    // A triplet shuffle puts the "and" at two thirds of the beat.
    expect(stepTime({ ...base, swing: 1 / 3 }, 2)).toBeCloseTo(0.5 * (2 / 3));
    expect(stepTime({ ...base, swing: 1 / 3 }, 4)).toBeCloseTo(0.5);
  });
});
