import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  USE_DIMENSIONS,
  bagOfWords,
  buildVocabulary,
  createTextFrontend,
  sentenceEmbeddings,
  tokenize,
} from "../../src/embedding/text-frontend.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((acc, v, i) => acc + v * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

describe("tokenize", () => {
  it("lower-cases, folds accents, keeps digits, drops apostrophes and single letters", () => {
    expect(tokenize("Café del Mar: 80's Chill, 4/4 at 120 BPM — a don't-stop groove")).toEqual([
      "cafe", "del", "mar", "80s", "chill", "4", "4", "at", "120", "bpm", "dontstop", "dont", "stop", "groove",
    ]);
  });

  it("gives hyphenated and &-joined words their compound and their parts", () => {
    expect(tokenize("hip-hop")).toEqual(["hiphop", "hip", "hop"]);
    expect(tokenize("R&B and lo-fi")).toEqual(["rb", "and", "lofi", "lo", "fi"]);
    expect(tokenize("hiphop")).toEqual(["hiphop"]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("buildVocabulary", () => {
  const texts = ["slow piano ballad", "fast piano", "fast techno with bass", "the bass drops", "piano"];
  it("keeps words by document frequency, most frequent first, ties alphabetical, no stopwords", () => {
    expect(buildVocabulary(texts, { minCount: 2, maxSize: 10 })).toEqual(["piano", "bass", "fast"]);
    expect(buildVocabulary(texts, { minCount: 1, maxSize: 4 })).toEqual(["piano", "bass", "fast", "ballad"]);
    expect(buildVocabulary(["the the the"], { minCount: 1, maxSize: 5 })).toEqual([]);
    expect(buildVocabulary(["the the the"], { minCount: 1, maxSize: 5, stopwords: [] })).toEqual(["the"]);
  });
});

describe("bagOfWords", () => {
  const index = new Map(["piano", "bass", "techno"].map((w, i) => [w, i]));
  it("is the L2-normalised presence of known words", () => {
    const v = bagOfWords("Techno with bass, more BASS", index);
    expect(Array.from(v)).toEqual([0, Math.fround(Math.SQRT1_2), Math.fround(Math.SQRT1_2)]);
    expect(norm(v)).toBeCloseTo(1, 6);
    expect(Array.from(bagOfWords("string quartet", index))).toEqual([0, 0, 0]);
  });
});

describe("createTextFrontend", () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "vocab.json"), JSON.stringify(["piano", "techno", "bass", "calm"]));
  writeFileSync(path.join(dir, "bad.json"), JSON.stringify(["piano", 3]));

  it("bow: vocabulary-sized features", async () => {
    const fe = await createTextFrontend({ kind: "bow", vocabulary: "vocab.json" }, dir);
    expect(fe.dimensions).toBe(4);
    const [a] = await fe.features(["calm piano"]);
    expect(Array.from(a)).toEqual([Math.fround(Math.SQRT1_2), 0, 0, Math.fround(Math.SQRT1_2)]);
  });

  it("names the model folder when the vocabulary is missing or malformed", async () => {
    await expect(createTextFrontend({ kind: "bow", vocabulary: "nope.json" }, dir)).rejects.toThrow(dir);
    await expect(createTextFrontend({ kind: "bow", vocabulary: "bad.json" }, dir)).rejects.toThrow(/array of distinct strings/);
    await expect(createTextFrontend({ kind: "bow" }, dir)).rejects.toThrow(/needs a vocabulary/);
  });

  it("use: 512-d unit vectors where paraphrases are closer than unrelated descriptions", async () => {
    const fe = await createTextFrontend({ kind: "use" }, dir);
    expect(fe.dimensions).toBe(USE_DIMENSIONS);
    const [techno, paraphrase, lullaby] = await fe.features([
      "fast techno with a heavy bass",
      "energetic electronic dance track with a deep bassline",
      "a soft lullaby sung over a quiet acoustic guitar",
    ]);
    for (const v of [techno, paraphrase, lullaby]) {
      expect(v.length).toBe(512);
      expect(norm(v)).toBeCloseTo(1, 3);
    }
    expect(dot(techno, paraphrase)).toBeGreaterThan(dot(techno, lullaby) + 0.1);
  });

  it("use+bow: [USE(512), bag of words] in that order", async () => {
    const fe = await createTextFrontend({ kind: "use+bow", vocabulary: "vocab.json" }, dir);
    expect(fe.dimensions).toBe(516);
    const [v] = await fe.features(["techno"]);
    const [use] = await sentenceEmbeddings(["techno"]);
    expect(Array.from(v.subarray(0, 512))).toEqual(Array.from(use));
    expect(Array.from(v.subarray(512))).toEqual([0, 1, 0, 0]);
  });

  it("batches long lists without mixing up the order", async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `track ${i}: ${i % 2 ? "slow piano" : "loud drums"}`);
    const all = await sentenceEmbeddings(texts);
    expect(all.length).toBe(70);
    const [t3, t66] = await sentenceEmbeddings([texts[3], texts[66]]);
    expect(dot(all[3], t3)).toBeCloseTo(1, 4);
    expect(dot(all[66], t66)).toBeCloseTo(1, 4);
    expect(await sentenceEmbeddings([])).toEqual([]);
  });
});
