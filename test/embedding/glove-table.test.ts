import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeGloveTable, encodeGloveTable, GloveEncoder, writeGloveTable, type GloveTable } from "../../src/embedding/glove-table.ts";
import { createTextFrontend } from "../../src/embedding/text-frontend.ts";

// 4-d toy vectors: "piano" and "keys" point one way, "drums" another; "music" is very frequent
const table: GloveTable = {
  dimensions: 4,
  words: ["music", "piano", "drums", "hiphop", "hip", "keys"],
  ranks: [10, 3000, 4000, 20000, 9000, 5000],
  vectors: Float32Array.from([
    [0, 0, 0, 1],
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0.5, 0.5],
    [0.9, 0.1, 0, 0],
  ].flat()),
};

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe("GloVe table file", () => {
  it("round-trips words and ranks exactly and vectors within int8 quantisation error", () => {
    const back = decodeGloveTable(encodeGloveTable(table));
    expect(back.words).toEqual(table.words);
    expect(back.ranks).toEqual(table.ranks);
    for (let i = 0; i < table.vectors.length; i++) expect(Math.abs(back.vectors[i] - table.vectors[i])).toBeLessThan(1 / 127);
  });

  it("refuses a truncated file", () => {
    const bytes = encodeGloveTable(table);
    expect(() => decodeGloveTable(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
  });
});

describe("GloveEncoder", () => {
  const enc = new GloveEncoder(table);

  it("maps a text with no known word (or only stopwords) to the zero vector", () => {
    expect([...enc.encode("zzqx blorp")]).toEqual([0, 0, 0, 0]);
    expect([...enc.encode("the and of")]).toEqual([0, 0, 0, 0]);
  });

  it("is unit length, case- and punctuation-insensitive", () => {
    const a = enc.encode("Piano, DRUMS!");
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect([...a]).toEqual([...enc.encode("piano drums")]);
  });

  it("down-weights frequent words: 'music' barely moves the vector", () => {
    const piano = enc.encode("piano");
    expect(dot(enc.encode("piano music"), piano)).toBeGreaterThan(0.99);
    expect(dot(enc.encode("keys"), piano)).toBeGreaterThan(dot(enc.encode("drums"), piano));
  });

  it("uses the bag-of-words tokenizer: 'Hip-Hop' adds hiphop and hip", () => {
    const v = enc.encode("Hip-Hop");
    expect(v[2]).toBeGreaterThan(0.8); // mostly "hiphop" (rare, full weight) plus half of "hip"
    expect(v[3]).toBeGreaterThan(0);
  });
});

describe("text frontend glove+bow", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-glove-"));
    await writeGloveTable(path.join(dir, "glove.bin"), table);
    await writeFile(path.join(dir, "vocab.json"), JSON.stringify(["piano", "slow"]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("concatenates the GloVe mean and the bag of words in that order", async () => {
    const fe = await createTextFrontend({ kind: "glove+bow", glove: "glove.bin", vocabulary: "vocab.json" }, dir);
    expect(fe.dimensions).toBe(6);
    const [f] = await fe.features(["slow piano"]);
    const glove = new GloveEncoder(decodeGloveTable(encodeGloveTable(table))).encode("slow piano");
    expect([...f.subarray(0, 4)]).toEqual([...glove]);
    expect(f[4]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(f[5]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it("'glove' alone has no bag-of-words block and needs no vocabulary", async () => {
    const fe = await createTextFrontend({ kind: "glove", glove: "glove.bin" }, dir);
    expect(fe.dimensions).toBe(4);
  });

  it("fails at load time when the GloVe file is missing", async () => {
    await expect(createTextFrontend({ kind: "glove+bow", glove: "nope.bin", vocabulary: "vocab.json" }, dir)).rejects.toThrow(/GloVe table/);
    await expect(createTextFrontend({ kind: "glove" }, dir)).rejects.toThrow(/needs a glove file/);
  });
});
