import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeStandInClap } from "../../src/embedding/clap-stand-in.ts";
import { loadAnyEncoder, type LoadedEncoder } from "../../src/embedding/composed-encoder.ts";
import { OnnxGraphBuilder } from "../../src/embedding/onnx-graph-builder.ts";
import { DEFAULT_MODEL_DIR } from "../../src/config.ts";
import { chord, clickTrack, sine, tempDir, whiteNoise } from "../helpers/audio-fixtures.ts";
import { startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((acc, v, i) => acc + v * b[i], 0);

describe("pretrained encoders from a manifest (stand-in CLAP graphs, no downloaded weights)", () => {
  let dir: string;
  let clap: LoadedEncoder;

  beforeAll(async () => {
    dir = path.join(tempDir("tunelens-clap-"), "clap-a");
    writeStandInClap(dir, "clap-a", { seed: 1 });
    clap = await loadAnyEncoder(dir);
  });
  afterAll(async () => clap?.close());

  it("embeds 48 kHz waveform windows into 512-d unit vectors; different audio, different vectors", async () => {
    const piano = await clap.embedAudio({ samples: chord([262, 330, 392], 12, 22050), sampleRate: 22050 });
    const clicks = await clap.embedAudio({ samples: clickTrack(120, 25, 44100), sampleRate: 44100 });
    const short = await clap.embedAudio({ samples: sine(440, 2, 48000), sampleRate: 48000 });
    for (const v of [piano, clicks, short]) {
      expect(v.length).toBe(512);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
    expect(dot(piano, clicks)).toBeLessThan(0.95);
    // deterministic: the same audio gives the same vector
    const again = await clap.embedAudio({ samples: clickTrack(120, 25, 44100), sampleRate: 44100 });
    expect(dot(clicks, again)).toBeCloseTo(1, 5);
  });

  it("tokenizes with tokenizer.json into input_ids + attention_mask; padding does not change a sentence's vector", async () => {
    const [alone] = await clap.embedTexts(["calm piano"]);
    const [padded, other] = await clap.embedTexts(["calm piano", "fast techno with a dark bass drum and strings"]);
    expect(alone.length).toBe(512);
    expect(dot(alone, padded)).toBeCloseTo(1, 5); // masked mean ignores the [PAD] positions
    expect(dot(alone, other)).toBeLessThan(0.9);
  });

  it("still serves the shipped tunelens model through the same loader", async () => {
    const shipped = await loadAnyEncoder(DEFAULT_MODEL_DIR);
    try {
      expect(shipped.dimensions).toBe(256);
      const v = await shipped.embedAudio({ samples: whiteNoise(2, 16000), sampleRate: 16000 });
      expect(v.length).toBe(256);
    } finally {
      await shipped.close();
    }
  });

  it("refuses an invalid manifest and a tower whose names do not match, naming the file", async () => {
    const bad = tempDir("tunelens-bad-model-");
    writeFileSync(path.join(bad, "model.json"), JSON.stringify({ name: "x", version: "1", dimensions: 512, audio: {}, text: {} }));
    await expect(loadAnyEncoder(bad)).rejects.toThrow(/invalid model manifest .*model\.json.*audio/);

    const misnamed = path.join(tempDir("tunelens-misnamed-"), "m");
    const manifest = writeStandInClap(misnamed, "m", { seed: 2 });
    writeFileSync(path.join(misnamed, "model.json"), JSON.stringify({ ...manifest, audio: { ...manifest.audio, input: "input_features" } }));
    await expect(loadAnyEncoder(misnamed)).rejects.toThrow(/audio tower has no input 'input_features' \(has waveform\)/);
  });
});

describe("OpenAI text tower and a projection head", () => {
  let server: OpenAiFixtureServer;
  let encoder: LoadedEncoder;

  beforeAll(async () => {
    server = await startOpenAiFixtureServer(() => ({ kind: "status", status: 500 }));
    const dir = path.join(tempDir("tunelens-openai-"), "clap-openai");
    const manifest = writeStandInClap(dir, "clap-openai", { seed: 3, sampleRate: 32000, clipSeconds: 5, frameSamples: 800, dimensions: 64 });
    // a projection head 96 → 64 after the embeddings API (as `train --backbone` would write)
    const head = new OnnxGraphBuilder("head");
    head.input("features", ["batch", 96]);
    const w = new Float32Array(96 * 64);
    for (let i = 0; i < 64; i++) w[i * 64 + i] = 1; // keeps the first 64 of 96 components
    head.initializer("w", w, [96, 64]);
    head.node("MatMul", ["features", "w"], ["embedding"]);
    head.output("embedding", ["batch", 64]);
    writeFileSync(path.join(dir, "head.onnx"), head.toBytes());
    const text = { frontend: { kind: "openai", model: "text-embedding-3-small", dimensions: 96 }, projection: { onnx: "head.onnx" } };
    writeFileSync(path.join(dir, "model.json"), JSON.stringify({ ...manifest, text }));
    encoder = await loadAnyEncoder(dir, { openai: { baseUrl: server.baseUrl, apiKey: "test-key" } });
  });
  afterAll(async () => {
    await encoder?.close();
    await server?.close();
  });

  it("asks /v1/embeddings for the manifest's model and dimensions, places vectors by index, projects them", async () => {
    const [a, b, c] = await encoder.embedTexts(["calm piano", "dark techno", "calm piano"]);
    expect(server.embeddingRequests.at(-1)).toMatchObject({ model: "text-embedding-3-small", dimensions: 96 });
    expect(a.length).toBe(64);
    expect(dot(a, c)).toBeCloseTo(1, 5);
    expect(dot(a, b)).toBeLessThan(0.9);
  });

  it("fails to load without OPENAI_BASE_URL/KEY, saying which variables", async () => {
    await expect(loadAnyEncoder(encoder.dir, { openai: null })).rejects.toThrow(/OPENAI_BASE_URL and OPENAI_API_KEY/);
  });
});
