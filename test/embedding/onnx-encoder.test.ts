import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudioFile } from "../../src/embedding/audio-decoder.ts";
import { loadEncoder, type OnnxEncoder } from "../../src/embedding/onnx-encoder.ts";
import { chord, sine, tempDir, whiteNoise } from "../helpers/audio-fixtures.ts";
import { writeTinyModel } from "../helpers/tiny-model.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((acc, v, i) => acc + v * b[i], 0);
const SHARED = path.resolve(import.meta.dirname, "../../../shared/data");

describe("loadEncoder on a tiny model folder written with OnnxGraphBuilder", () => {
  let dir: string;
  let encoder: OnnxEncoder;

  beforeAll(async () => {
    dir = tempDir("tunelens-model-");
    writeTinyModel(dir, { version: "tiny-7", dimensions: 8 });
    encoder = await loadEncoder(dir);
  });
  afterAll(async () => encoder?.close());

  it("exposes the manifest's version and dimensions", () => {
    expect(encoder.modelVersion).toBe("tiny-7");
    expect(encoder.dimensions).toBe(8);
    expect(encoder.manifest.audio.frontend.nMels).toBe(32);
  });

  it("embeds audio as a unit vector; similar sounds are closer than different ones", async () => {
    const a440 = await encoder.embedAudio({ samples: sine(440, 3, 16000), sampleRate: 16000 });
    const a466 = await encoder.embedAudio({ samples: sine(466, 3, 16000), sampleRate: 16000 });
    const high = await encoder.embedAudio({ samples: sine(5000, 3, 16000), sampleRate: 16000 });
    const noise = await encoder.embedAudio({ samples: whiteNoise(3, 16000), sampleRate: 16000 });
    for (const v of [a440, a466, high, noise]) {
      expect(v.length).toBe(8);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(dot(a440, a466)).toBeGreaterThan(dot(a440, high) + 0.05);
    expect(dot(a440, a466)).toBeGreaterThan(dot(a440, noise) + 0.05);
  });

  it("resamples to the front-end rate: the same sound at 44.1 kHz embeds like at 16 kHz", async () => {
    const at16 = await encoder.embedAudio({ samples: chord([220, 277, 330], 4, 16000), sampleRate: 16000 });
    const at44 = await encoder.embedAudio({ samples: chord([220, 277, 330], 4, 44100), sampleRate: 44100 });
    expect(dot(at16, at44)).toBeGreaterThan(0.999);
  });

  it("handles clips shorter than one window and longer than maxWindows windows", async () => {
    const short = await encoder.embedAudio({ samples: sine(440, 0.2, 16000), sampleRate: 16000 });
    const long = await encoder.embedAudio({ samples: sine(440, 120, 16000), sampleRate: 16000 });
    expect(Math.hypot(...short)).toBeCloseTo(1, 5);
    expect(dot(short, long)).toBeGreaterThan(0.99);
    await expect(encoder.embedAudio({ samples: new Float32Array(0), sampleRate: 16000 })).rejects.toThrow(dir);
  });

  it("embeds a real decoded recording", async () => {
    const audio = await decodeAudioFile(path.join(SHARED, "librosa-music/audio/sorohanro-solo-trumpet-06.ogg"));
    const v = await encoder.embedAudio(audio);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it("embeds texts as unit vectors; overlapping descriptions are closer", async () => {
    const [calmPiano, calmPianoGuitar, technoDrums] = await encoder.embedTexts([
      "calm piano",
      "calm piano with guitar",
      "techno drums",
    ]);
    for (const v of [calmPiano, calmPianoGuitar, technoDrums]) {
      expect(v.length).toBe(8);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(dot(calmPiano, calmPianoGuitar)).toBeCloseTo(Math.sqrt(2 / 3), 4);
    expect(dot(calmPiano, technoDrums)).toBeCloseTo(0, 6);
    expect(await encoder.embedTexts([])).toEqual([]);
  });

  it("refuses work after close()", async () => {
    const other = await loadEncoder(dir);
    await other.close();
    await expect(other.embedTexts(["piano"])).rejects.toThrow(/closed/);
    await other.close(); // idempotent
  });
});

describe("loadEncoder errors name the model folder", () => {
  it("missing folder or manifest", async () => {
    const missing = path.join(tempDir(), "no-such-model");
    await expect(loadEncoder(missing)).rejects.toThrow(missing);
  });

  it("unreadable ONNX file", async () => {
    const dir = tempDir("tunelens-model-");
    writeTinyModel(dir);
    writeFileSync(path.join(dir, "text.onnx"), "not a model");
    await expect(loadEncoder(dir)).rejects.toThrow(new RegExp(`${dir}.*text\\.onnx`));
  });

  it("input names or shapes that do not match the manifest", async () => {
    const dir = tempDir("tunelens-model-");
    const manifest = writeTinyModel(dir);
    const renamed = { ...manifest, audio: { ...manifest.audio, input: "spectrogram" } };
    writeFileSync(path.join(dir, "model.json"), JSON.stringify(renamed));
    await expect(loadEncoder(dir)).rejects.toThrow(/audio tower has no input 'spectrogram'/);

    const other = path.join(dir, "wider");
    mkdirSync(other);
    writeTinyModel(other);
    for (const f of ["audio.onnx", "text.onnx", "model.json"]) copyFileSync(path.join(other, f), path.join(dir, f));
    writeFileSync(path.join(dir, "vocabulary.json"), JSON.stringify(["piano", "techno"])); // 2 features, tower wants 6
    await expect(loadEncoder(dir)).rejects.toThrow(/text tower input 'features' is \[batch, 6\]/);
  });
});
