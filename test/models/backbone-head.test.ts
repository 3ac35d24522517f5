import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeStandInClap } from "../../src/embedding/clap-stand-in.ts";
import { loadAnyEncoder } from "../../src/embedding/composed-encoder.ts";
import { readModelManifest } from "../../src/embedding/model-manifest.ts";
import { fitAudioHead, ridgeSolve } from "../../src/train/backbone-head.ts";
import { clickTrack, sine, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { runCli } from "../helpers/cli.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);

/** A tone whose loudness rises (or falls) over `seconds`: the stand-in audio tower hears envelopes. */
function swell(freq: number, seconds: number, rate: number, rising: boolean): Float32Array {
  const s = sine(freq, seconds, rate, 0.8);
  for (let i = 0; i < s.length; i++) s[i] *= rising ? i / s.length : 1 - i / s.length;
  return s;
}

describe("projection head on a frozen backbone (ridge fit, written as a new model folder)", () => {
  it("ridgeSolve recovers a linear map", () => {
    const n = 40, d = 3;
    const W = [0.5, -1, 2, 1, 0, 0.3, -0.2, 0.7, 1];
    const A = Float64Array.from({ length: n * d }, (_, i) => Math.sin(i * 1.7) + Math.cos(i * 0.3));
    const T = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) for (let p = 0; p < d; p++) T[i * d + q] += A[i * d + p] * W[p * d + q];
    Array.from(ridgeSolve(A, T, n, d, 1e-9)).forEach((w, i) => expect(w).toBeCloseTo(W[i], 4));
  });

  it("aligns a backbone's unrelated audio and text spaces on a captioned set; the new folder serves like any model", async () => {
    const root = tempDir("tunelens-head-");
    const backbone = path.join(root, "models", "clap");
    writeStandInClap(backbone, "clap-a", { seed: 9, sampleRate: 16000, clipSeconds: 4, frameSamples: 400, dimensions: 64 });
    const data = path.join(root, "set");
    mkdirSync(path.join(data, "audio"), { recursive: true });
    const kinds = [
      { caption: "slow strings", make: (i: number) => swell(200 + 40 * i, 4, 16000, true) },
      { caption: "calm piano", make: (i: number) => swell(300 + 40 * i, 4, 16000, false) },
      { caption: "fast drum click", make: (i: number) => clickTrack(100 + 15 * i, 4, 16000, i + 1) },
    ];
    const lines: string[] = [];
    for (const [k, kind] of kinds.entries()) {
      for (let i = 0; i < 8; i++) {
        writeWav(path.join(data, "audio"), `${k}-${i}.wav`, [kind.make(i)], 16000);
        lines.push(JSON.stringify({ id: `${k}-${i}`, file: `audio/${k}-${i}.wav`, description: kind.caption }));
      }
    }
    writeFileSync(path.join(data, "tracks.jsonl"), lines.join("\n"));

    const out = path.join(root, "models", "clap-head");
    const r = await fitAudioHead({ backboneDir: backbone, datasets: [data], outDir: out, ridge: 0.05 });
    expect(r.pairs).toBe(24);
    expect(r.cosineAfter).toBeGreaterThan(r.cosineBefore + 0.3);
    const { manifest } = await readModelManifest(out);
    expect(manifest).toMatchObject({ name: "clap-a-head", audio: { onnx: "../clap/audio.onnx", outputDimensions: 64, projection: { onnx: "audio-head.onnx" } } });

    // held-out sounds of each kind: with the head, the caption finds its kind's audio first
    const encoder = await loadAnyEncoder(out);
    try {
      const held = [swell(250, 4, 16000, true), swell(350, 4, 16000, false), clickTrack(130, 4, 16000, 42)];
      const audio = await Promise.all(held.map((s) => encoder.embedAudio({ samples: s, sampleRate: 16000 })));
      const texts = await encoder.embedTexts(kinds.map((k) => k.caption));
      texts.forEach((t, k) => {
        const scores = audio.map((a) => dot(t, a));
        expect(scores.indexOf(Math.max(...scores))).toBe(k);
      });
    } finally {
      await encoder.close();
    }

    // the same fit through the CLI: `tunelens train --backbone NAME` on the same corpus
    const viaCli = path.join(root, "models", "clap-head-cli");
    const run = await runCli(["train", "--backbone", "clap-a", "--data", data, "--out", viaCli, "--ridge", "0.05", "--no-progress"], {
      TUNELENS_MODELS_DIR: path.join(root, "models"),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("from 24 captioned tracks");
    expect((await readModelManifest(viaCli)).manifest.audio.projection?.onnx).toBe("audio-head.onnx");
  }, 180_000);
});
