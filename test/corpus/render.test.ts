import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compose } from "../../src/corpus/composer.ts";
import { availableSoundfonts, renderMidi } from "../../src/corpus/render.ts";
import { encodeWav, isValidClip, monoSamples, normaliseLoudness, parseWav } from "../../src/corpus/wav.ts";

describe("wav", () => {
  it("round-trips samples and reaches the loudness target", () => {
    const tone = new Float32Array(16000).map((_, i) => 0.01 * Math.sin(i / 5));
    const loud = normaliseLoudness(tone, -14);
    const info = parseWav(encodeWav(loud, 16000))!;
    expect(info).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16, frames: 16000 });
    expect(20 * Math.log10(info.rms)).toBeCloseTo(-14, 0);
    expect(info.peak).toBeLessThanOrEqual(1);
    expect(parseWav(Buffer.from("not a wav file at all"))).toBeNull();
  });
});

// Needs fluidsynth, ffmpeg (or sox) and a GM soundfont from Debian; CI installs them.
describe("renderMidi", () => {
  const dir = mkdtemp(join(tmpdir(), "tunelens-render-"));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it("renders one clip to a non-silent 16 kHz mono WAV", async () => {
    const soundfont = availableSoundfonts().at(-1);
    expect(soundfont, "install fluid-soundfont-gm").toBeDefined();
    const { midi, params } = compose(3, "rock");
    const out = join(await dir, "clip.wav");
    await renderMidi(new Uint8Array(midi.toArray()), out, { soundfont: soundfont!, settings: params.render, seconds: 3 });
    const info = parseWav(await readFile(out))!;
    expect(info.sampleRate).toBe(16000);
    expect(info.channels).toBe(1);
    expect(info.seconds).toBeCloseTo(3, 2);
    expect(info.rms).toBeGreaterThan(0.01);
    expect(isValidClip(info, 16000, 3)).toBe(true);
  });

  it("mixes the overlay into the fitted render before the loudness stage", async () => {
    const soundfont = availableSoundfonts().at(-1)!;
    const { midi, params } = compose(3, "rock");
    const out = join(await dir, "overlay.wav");
    const seen: number[] = [];
    // The overlay replaces the render with a tone; the written clip must be that tone at the clip's loudness.
    await renderMidi(new Uint8Array(midi.toArray()), out, {
      soundfont, settings: params.render, seconds: 2,
      overlay: (samples, sampleRate) => {
        seen.push(samples.length, sampleRate);
        return samples.map((_, i) => 0.001 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
      },
    });
    expect(seen).toEqual([32000, 16000]);
    const info = parseWav(await readFile(out))!;
    expect(20 * Math.log10(info.rms)).toBeCloseTo(params.render.loudnessDb, 0);
    const written = monoSamples(await readFile(out));
    // The overlay reaches the end of the clip, so the cut is faded after it (the last 0.15 s).
    expect(Math.abs(written[written.length - 1]!)).toBeLessThan(0.01);
    const samples = written.subarray(0, written.length - 2400);
    const tone = samples.map((_, i) => Math.sin((2 * Math.PI * 440 * i) / 16000));
    const dot = samples.reduce((sum, x, i) => sum + x * tone[i]!, 0);
    expect(dot / Math.sqrt(samples.reduce((s2, x) => s2 + x * x, 0) * tone.reduce((s2, x) => s2 + x * x, 0))).toBeGreaterThan(0.99);
  });
});
