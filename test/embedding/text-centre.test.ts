import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readModelManifest } from "../../src/embedding/model-manifest.ts";
import { loadEncoder } from "../../src/embedding/onnx-encoder.ts";
import { centreAndNormalize } from "../../src/embedding/vector-norm.ts";
import { writeTextCentre } from "../../src/train/text-centre.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { writeTinyModel } from "../helpers/tiny-model.ts";

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

// Every "training caption" names piano: the word carries no information about which clip is meant.
const CAPTIONS = ["piano", "calm piano", "piano drums", "piano guitar", "techno piano", "piano bass", "calm piano guitar"];

async function patchManifest(dir: string, edit: (m: { dimensions: number; text: Record<string, unknown> }) => void) {
  const file = path.join(dir, "model.json");
  const m = JSON.parse(await readFile(file, "utf8"));
  edit(m);
  await writeFile(file, JSON.stringify(m));
}

describe("query centring (model.json text.centre)", () => {
  it("writes the mean of the served text vectors, and writing it twice gives the same file", async () => {
    const dir = tempDir("tunelens-centre-");
    writeTinyModel(dir, { dimensions: 8 });
    const plain = await loadEncoder(dir);
    const raw = await plain.embedTexts(CAPTIONS);
    await plain.close();
    const mean = raw[0]!.map((_, d) => raw.reduce((s, v) => s + v[d]!, 0) / raw.length);

    const first = await writeTextCentre(dir, [...CAPTIONS, ...CAPTIONS]); // duplicates count once
    expect(first.captions).toBe(CAPTIONS.length);
    const file = await readFile(path.join(dir, "model.json"), "utf8");
    const { manifest } = await readModelManifest(dir);
    manifest.text.centre!.forEach((c, d) => expect(c).toBeCloseTo(mean[d]!, 6));
    expect(first.norm).toBeCloseTo(Math.hypot(...mean), 6);

    // the second run must not centre the already-centred vectors
    await writeTextCentre(dir, CAPTIONS);
    expect(await readFile(path.join(dir, "model.json"), "utf8")).toBe(file);
  });

  it("serves normalize(v − centre) for every text, so a word all captions share stops deciding a match", async () => {
    const dir = tempDir("tunelens-centre-");
    writeTinyModel(dir, { dimensions: 8 });
    const rawDir = tempDir("tunelens-centre-raw-");
    await cp(dir, rawDir, { recursive: true });
    await writeTextCentre(dir, CAPTIONS);
    const { manifest } = await readModelManifest(dir);

    const texts = ["piano techno", "piano", "techno"];
    const plain = await loadEncoder(rawDir);
    const centred = await loadEncoder(dir);
    try {
      const [q, piano, techno] = await plain.embedTexts(texts);
      const [qc, pianoC, technoC] = await centred.embedTexts(texts);
      // raw: "piano techno" is as close to "piano" as to "techno"
      expect(dot(q!, piano!)).toBeCloseTo(dot(q!, techno!), 6);
      // centred: the shared word counts less, the distinctive one more
      expect(dot(qc!, technoC!)).toBeGreaterThan(dot(qc!, pianoC!) + 0.1);
      const expected = centreAndNormalize(q!, manifest.text.centre!);
      expected.forEach((x, d) => expect(qc![d]).toBeCloseTo(x, 5));
      expect(Math.hypot(...qc!)).toBeCloseTo(1, 5);
    } finally {
      await Promise.all([plain.close(), centred.close()]);
    }
  });

  it("refuses a centre of the wrong width or one that is not a mean of unit vectors", async () => {
    const dir = tempDir("tunelens-centre-");
    writeTinyModel(dir, { dimensions: 8 });
    await patchManifest(dir, (m) => void (m.text.centre = [0.1, 0.2]));
    await expect(readModelManifest(dir)).rejects.toThrow(/text\.centre: has 2 values, the model 8 dimensions/);
    await patchManifest(dir, (m) => void (m.text.centre = [1, 0, 0, 0, 0, 0, 0, 0]));
    await expect(readModelManifest(dir)).rejects.toThrow(/text\.centre: must be a mean of unit vectors/);
    await patchManifest(dir, (m) => void (m.text.centre = [0.1, 0, 0, 0, 0, 0, 0, Number.NaN]));
    await expect(readModelManifest(dir)).rejects.toThrow(/text\.centre/);
  });
});
