// The shipped instrument vocabulary (src/labels/vocabularies/instruments.json) and how text is read
// as instruments (evaluation prompts, dataset labels).
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultInstrumentVocabulary, defaultInstruments, instrumentsNamedIn, readInstrumentVocabulary } from "../../src/labels/instrument-vocabulary.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";

describe("instrument vocabulary", () => {
  it("holds the everyday General MIDI family words, each once, with valid GM programs", () => {
    const labels = defaultInstruments();
    for (const w of ["piano", "guitar", "electric guitar", "bass", "drums", "strings", "violin", "cello", "brass", "trumpet", "saxophone", "flute", "synth", "organ", "accordion", "harp", "choir", "vocals", "ukulele", "banjo"]) {
      expect(labels).toContain(w);
    }
    expect(new Set(labels).size).toBe(labels.length);
    for (const e of defaultInstrumentVocabulary().instruments) for (const p of e.gm) expect(p).toBeGreaterThanOrEqual(0);
  });

  it("reads instruments in text longest phrase first, by alias, and not inside genre names", () => {
    expect(instrumentsNamedIn("A catchy electric guitar riff with drum rolls")).toEqual(["electric guitar", "drums"]);
    expect(instrumentsNamedIn("Meditative song with flutes and guitars.").sort()).toEqual(["flute", "guitar"]);
    expect(instrumentsNamedIn("grand piano")).toEqual(["piano"]);
    expect(instrumentsNamedIn("a fiddle tune")).toEqual(["violin"]);
    expect(instrumentsNamedIn("drum n bass")).toEqual([]);
    expect(instrumentsNamedIn("bassoon")).toEqual(["bassoon"]);
    expect(instrumentsNamedIn("pianist")).toEqual([]);
  });

  it("rejects a vocabulary listing a label twice or of another kind", () => {
    const dir = tempDir("instr-vocab-");
    const twice = `${dir}/twice.json`;
    writeFileSync(twice, JSON.stringify({ name: "x", kind: "instrument", instruments: [{ label: "Piano", family: "keys" }, { label: "piano ", family: "keys" }] }));
    expect(() => readInstrumentVocabulary(twice)).toThrow(/listed twice/);
    const mood = `${dir}/mood.json`;
    writeFileSync(mood, JSON.stringify({ name: "x", kind: "mood", instruments: [{ label: "a", family: "b" }, { label: "c", family: "d" }] }));
    expect(() => readInstrumentVocabulary(mood)).toThrow(/kind/);
  });
});
