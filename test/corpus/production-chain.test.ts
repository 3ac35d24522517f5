import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planChain, produceClip } from "../../src/corpus/production-chain.ts";
import { monoSamples } from "../../src/corpus/wav.ts";
import { chord, tempDir, writeWav } from "../helpers/audio-fixtures.ts";

describe("production chain", () => {
  it("is a pure function of seed and clip id, and varies across clips", () => {
    expect(planChain(1, "syn1-00001")).toEqual(planChain(1, "syn1-00001"));
    const chains = Array.from({ length: 40 }, (_, i) => planChain(1, `syn1-${i}`));
    expect(new Set(chains.map((c) => JSON.stringify(c))).size).toBe(40);
    // every stage is used somewhere, and none everywhere but the tone shelves
    expect(chains.some((c) => c.codecQuality !== null) && chains.some((c) => c.codecQuality === null)).toBe(true);
    expect(chains.some((c) => c.noiseDb !== null) && chains.some((c) => c.effects.some((e) => e[0] === "reverb"))).toBe(true);
  });

  it("writes a clip of the same length and rate that differs from the dry render", async () => {
    const dir = tempDir();
    const dry = writeWav(dir, "dry.wav", [chord([220, 277, 330], 10, 16000)], 16000);
    const out = path.join(dir, "wet.wav");
    const chain = { ...planChain(3, "x"), noiseDb: -30, codecQuality: 1 };
    await produceClip(dry, out, chain, 3);
    const a = monoSamples(readFileSync(dry));
    const b = monoSamples(readFileSync(out));
    expect(b.length).toBe(a.length);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
    expect(diff / a.length).toBeGreaterThan(0.005);
    expect(b.every((x) => Number.isFinite(x))).toBe(true);
  });
});
