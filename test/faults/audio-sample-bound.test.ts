import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AudioDecodeError, decodeAudioBytes } from "../../src/embedding/audio-decoder.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";

/** Silence (compresses to almost nothing) as FLAC, with ffmpeg (a CI requirement). */
function silentFlac(dir: string, name: string, rate: number, channels: number, seconds: number): string {
  const out = path.join(dir, name);
  execFileSync("ffmpeg", ["-loglevel", "error", "-y", "-f", "lavfi", "-i", `anullsrc=r=${rate}:cl=${channels === 1 ? "mono" : "stereo"}`, "-t", String(seconds), "-c:a", "flac", out], { stdio: "pipe" });
  return out;
}

/**
 * Issue #16: a 643 kB FLAC declaring 2 channels × 192 kHz × 850 s took 3.2 GB to decode, under
 * the 900 s limit. The same shape at a tenth of the scale (limit 30 s, file 20 s at 192 kHz
 * stereo: 7.7 M samples against the 2.9 M that 30 s at 48 kHz stereo allows), with real FLAC.
 */
describe("sample rate × channels × duration is bounded from the header, before decoding", () => {
  const dir = tempDir("tunelens-flac-");

  it("refuses a small FLAC that declares far more samples than the limit allows, without decoding it", async () => {
    const file = silentFlac(dir, "wide.flac", 192_000, 2, 20);
    expect(statSync(file).size).toBeLessThan(200_000);
    const bytes = new Uint8Array(readFileSync(file));
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const err = await decodeAudioBytes(bytes, file, { maxSeconds: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioDecodeError);
    expect((err as AudioDecodeError).reason).toBe("too-large");
    expect((err as Error).message).toMatch(/2 channels × 192000 Hz × 20\.0 s/);
    // refused from the header: no 61 MB of float32 channels were made
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 2 ** 20);
  });

  it("still decodes ordinary audio of the same length (44.1 kHz stereo)", async () => {
    const file = silentFlac(dir, "cd.flac", 44_100, 2, 20);
    const audio = await decodeAudioBytes(new Uint8Array(readFileSync(file)), file, { maxSeconds: 30 });
    expect(audio.sampleRate).toBe(44_100);
    expect(audio.samples.length).toBe(20 * 44_100);
  });

  it("refuses sample rates beyond 192 kHz even for a short file", async () => {
    const file = silentFlac(dir, "ultra.flac", 384_000, 1, 1);
    const err = await decodeAudioBytes(new Uint8Array(readFileSync(file)), file).catch((e: unknown) => e);
    expect((err as AudioDecodeError).reason).toBe("too-large");
  });
});
