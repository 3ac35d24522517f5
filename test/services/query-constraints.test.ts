import { describe, expect, it } from "vitest";
import { parseKey, parseQueryConstraints, parseTempo } from "../../src/services/query-constraints/parse-query.ts";
import { keyAgreement, keyName, parseKeyName } from "../../src/services/query-constraints/musical-key.ts";
import { tempoAgreement } from "../../src/services/query-constraints/tempo-agreement.ts";

const understood = (text: string) => {
  const c = parseQueryConstraints(text);
  return c ? { bpm: c.bpm, key: c.keyName } : null;
};

describe("parseQueryConstraints: tempo and key stated in a search text", () => {
  it.each([
    ["house at 124 bpm in A minor", 124, "A minor"],
    ["The tempo of this song is 128.0 beats per minute. The key of this song is G minor.", 128, "G minor"],
    ["a slow waltz in Eb major, 90 BPM", 90, "Eb major"],
    ["This song goes at 128 beats per minute. The time signature is 4/4. This song is in the key of Gb major.", 128, "Gb major"],
    ["Energetic dnb in the key of G# minor at 173 bpm: crisp programmed beat", 173, "G# minor"],
    ["Minimal techno piece at around 136 beats per minute", 136, null],
    ["dub 91 bpm", 91, null],
    ["trap 140BPM", 140, null],
    ["reggaeton, 95-bpm", 95, null],
    ["The tempo of this song is 92.", 92, null],
    ["The tempo is 75 bpm.", 75, null],
    ["BPM: 120, dark techno", 120, null],
    ["tempo ~ 100", 100, null],
    ["100 b.p.m. disco", 100, null],
    ["120-130 bpm techno", 124.9, null],
    ["key is F# minor", null, "F# minor"],
    ["E flat major ballad for strings", null, "Eb major"],
    ["sonata in B-flat minor", null, "Bb minor"],
    ["F sharp minor at 140BPM", 140, "F# minor"],
    ["Nocturne in C♯ minor", null, "C# minor"],
    ["lament in D♭ major", null, "Db major"],
    ["brooding afro-cuban in F harmonic minor at 176 bpm", 176, "F minor"],
    ["The key of this song is a minor.", null, "A minor"],
    ["in the key of c major", null, "C major"],
    ["key of C maj", null, "C major"],
    ["A minor", null, "A minor"],
    ["A minor, 70 bpm, sad piano", 70, "A minor"],
    ["ballad in A major with strings", null, "A major"],
    ["D minor", null, "D minor"],
  ])("%j → %s bpm, %s", (text, bpm, key) => {
    expect(understood(text)).toEqual({ bpm, key });
  });

  it.each([
    ["Gm, A7, Eb"],
    ["chords: Cmaj7 Dm7 G7"],
    ["A major hit from the 80s"],
    ["played a major role in the scene"],
    ["in a minor key, slow and sad"],
    ["a minor-key ballad"],
    ["A minor-key ballad"],
    ["A blues shuffle"],
    ["mid-tempo 90s hip hop"],
    ["uptempo 80s disco"],
    ["tempo 4/4"],
    ["top 100 songs of 2020"],
    ["2020 bpm"],
    ["10 bpm drone"],
    ["released in 1998, vinyl at 45 rpm"],
    ["soul in B dorian"],
    ["minor key piano"],
    ["calm piano with strings"],
    ["be minor about it"],
  ])("%j → nothing", (text) => {
    expect(parseQueryConstraints(text)).toBeNull();
  });

  it("takes the first of several tempos or keys", () => {
    expect(parseTempo("starts at 90 bpm and ends at 120 bpm")).toBe(90);
    expect(parseKey("modulates from C major to A minor")?.name).toBe("C major");
  });

  it("ignores tempos outside 30–300 bpm but keeps looking", () => {
    expect(parseTempo("not 999 bpm but 99 bpm")).toBe(99);
  });
});

describe("keys", () => {
  it("reads stored key names and spells them as the estimator does", () => {
    expect(parseKeyName("A minor")).toEqual({ tonic: 9, mode: "minor" });
    expect(parseKeyName("Bb major")).toEqual({ tonic: 10, mode: "major" });
    expect(keyName(parseKeyName("D# minor")!)).toBe("Eb minor");
    expect(parseKeyName(null)).toBeNull();
    expect(parseKeyName("B dorian")).toBeNull();
  });

  it("gives full credit to the same key, partial to relative, parallel and fifth-related keys", () => {
    const k = (name: string) => parseKeyName(name)!;
    expect(keyAgreement(k("A minor"), k("A minor"))).toBe(1);
    expect(keyAgreement(k("A minor"), k("C major"))).toBe(0.5); // relative
    expect(keyAgreement(k("C major"), k("A minor"))).toBe(0.5);
    expect(keyAgreement(k("A minor"), k("A major"))).toBe(0.5); // parallel
    expect(keyAgreement(k("C major"), k("G major"))).toBe(0.3); // a fifth up
    expect(keyAgreement(k("C major"), k("F major"))).toBe(0.3); // a fifth down
    expect(keyAgreement(k("C major"), k("G minor"))).toBe(0);
    expect(keyAgreement(k("C major"), k("F# major"))).toBe(0);
    expect(keyAgreement(k("C major"), null)).toBe(0);
  });
});

describe("tempoAgreement", () => {
  it("is 1 at the asked tempo and falls off on a log scale", () => {
    expect(tempoAgreement(128, 128)).toBe(1);
    expect(tempoAgreement(128, 124)).toBeGreaterThan(0.7);
    expect(tempoAgreement(128, 120)).toBeLessThan(0.4);
    expect(tempoAgreement(128, 100)).toBeLessThan(0.01);
    // the same ratio counts the same at any tempo
    expect(tempoAgreement(64, 62)).toBeCloseTo(tempoAgreement(128, 124), 10);
  });

  it("gives half credit to half and double time (beat-tracker octave errors)", () => {
    expect(tempoAgreement(128, 64)).toBeCloseTo(0.5, 10);
    expect(tempoAgreement(64, 128)).toBeCloseTo(0.5, 10);
    expect(tempoAgreement(128, 96)).toBeLessThan(0.01);
  });

  it("is 0 without an estimate", () => {
    expect(tempoAgreement(128, null)).toBe(0);
    expect(tempoAgreement(128, 0)).toBe(0);
  });
});
