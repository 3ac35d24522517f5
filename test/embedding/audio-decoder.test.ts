import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AudioDecodeError,
  SUPPORTED_AUDIO_EXTENSIONS,
  decodeAudioBytes,
  decodeAudioFile,
  isSupportedAudioPath,
} from "../../src/embedding/audio-decoder.ts";
import { encodeWav, ffmpegTranscode, sine, tempDir, writeWav } from "../helpers/audio-fixtures.ts";

const SHARED = path.resolve(import.meta.dirname, "../../../shared/data");

/** Frequency estimated from positive-going zero crossings: robust to codec noise for a pure tone. */
function zeroCrossingHz(samples: Float32Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1] < 0 && samples[i] >= 0) crossings++;
  return crossings / (samples.length / sampleRate);
}

async function expectDecodeError(promise: Promise<unknown>, file: string, reasons: string[]): Promise<AudioDecodeError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AudioDecodeError);
  const de = err as AudioDecodeError;
  expect(de.file).toBe(file);
  expect(de.message).toContain(file);
  expect(reasons).toContain(de.reason);
  return de;
}

describe("decodeAudioBytes / decodeAudioFile", () => {
  let dir: string;
  let wav: string;
  const files: Record<string, string> = {};

  beforeAll(() => {
    dir = tempDir();
    // 2 s stereo, 440 Hz on both channels (one slightly quieter) at 44.1 kHz
    wav = writeWav(dir, "tone.wav", [sine(440, 2, 44100, 0.5), sine(440, 2, 44100, 0.3)], 44100);
    files.wav = wav;
    files.mp3 = ffmpegTranscode(wav, "tone.mp3");
    files.ogg = ffmpegTranscode(wav, "tone.ogg", ["-c:a", "libvorbis"]);
    files.flac = ffmpegTranscode(wav, "tone.flac");
    files.opus = ffmpegTranscode(wav, "tone.opus");
    files.m4a = ffmpegTranscode(wav, "tone.m4a", ["-c:a", "aac"]);
  });

  it.each(["wav", "mp3", "ogg", "flac", "opus", "m4a"])("decodes %s to mono at the native rate", async (fmt) => {
    const audio = await decodeAudioFile(files[fmt]);
    expect(audio.sampleRate).toBe(fmt === "opus" ? 48000 : 44100);
    expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(1.9);
    expect(audio.samples.length / audio.sampleRate).toBeLessThan(2.15);
    expect(zeroCrossingHz(audio.samples, audio.sampleRate)).toBeCloseTo(440, -1);
    // mono downmix = mean of the channels: amplitude (0.5 + 0.3) / 2, so RMS 0.4 / √2 ≈ 0.283
    // (measured away from the edges, where AAC/Opus priming leaves transients)
    const middle = audio.samples.subarray(audio.sampleRate * 0.5, audio.sampleRate * 1.5);
    const rms = Math.sqrt(middle.reduce((acc, v) => acc + v * v, 0) / middle.length);
    expect(rms).toBeGreaterThan(0.26);
    expect(rms).toBeLessThan(0.31);
  });

  it("lists the extensions it handles", () => {
    expect(SUPPORTED_AUDIO_EXTENSIONS).toEqual(expect.arrayContaining([".wav", ".mp3", ".ogg", ".flac", ".opus", ".m4a"]));
    expect(isSupportedAudioPath("a/B.OGG")).toBe(true);
    expect(isSupportedAudioPath("notes.txt")).toBe(false);
  });

  it("averages channels exactly for PCM", async () => {
    const left = sine(100, 0.5, 8000, 0.5);
    const right = left.map((v) => -v);
    const audio = await decodeAudioBytes(encodeWav([left, right], 8000), "cancel.wav");
    expect(Math.max(...audio.samples.map(Math.abs))).toBeLessThan(1e-4);
  });

  it("sniffs the format from the bytes, not the name", async () => {
    const bytes = readFileSync(files.ogg);
    const audio = await decodeAudioBytes(bytes, "mislabelled.mp3");
    expect(audio.samples.length / audio.sampleRate).toBeCloseTo(2, 1);
  });

  it("decodes the real shared audio files", async () => {
    const oggDir = path.join(SHARED, "librosa-music/audio");
    const wavDir = path.join(SHARED, "mustango-captions/audio");
    const all = [
      ...readdirSync(oggDir).map((f) => path.join(oggDir, f)),
      ...readdirSync(wavDir).map((f) => path.join(wavDir, f)),
    ];
    expect(all.length).toBeGreaterThan(40);
    let seconds = 0;
    const t0 = performance.now();
    for (const file of all) {
      const audio = await decodeAudioFile(file);
      expect(audio.samples.length).toBeGreaterThan(audio.sampleRate); // > 1 s each
      expect(audio.samples.every(Number.isFinite)).toBe(true);
      seconds += audio.samples.length / audio.sampleRate;
    }
    const elapsed = (performance.now() - t0) / 1000;
    console.log(`decoded ${all.length} shared files, ${seconds.toFixed(0)} s of audio, ${(seconds / elapsed).toFixed(0)}× realtime`);
  }, 120_000);

  it("rejects an empty file", async () => {
    await expectDecodeError(decodeAudioBytes(new Uint8Array(0), "empty.wav"), "empty.wav", ["empty"]);
  });

  it("rejects bytes that are not audio", async () => {
    const text = new TextEncoder().encode("title,artist\nfoo,bar\n".repeat(50));
    const err = await expectDecodeError(decodeAudioBytes(text, "notes.mp3"), "notes.mp3", ["unsupported"]);
    expect(err.message).toMatch(/not a recognised audio format/);
    const midi = new Uint8Array([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96]);
    await expectDecodeError(decodeAudioBytes(midi, "song.mid"), "song.mid", ["unsupported"]);
  });

  it.each(["wav", "mp3", "ogg", "flac", "opus"])("rejects a truncated %s", async (fmt) => {
    const bytes = readFileSync(files[fmt]);
    const cut = bytes.subarray(0, Math.floor(bytes.length / 3));
    await expectDecodeError(decodeAudioBytes(cut, `cut.${fmt}`), `cut.${fmt}`, ["truncated", "no-samples", "corrupt"]);
  });

  it("rejects a truncated m4a (index atom lost)", async () => {
    const bytes = readFileSync(files.m4a);
    await expectDecodeError(decodeAudioBytes(bytes.subarray(0, 2000), "cut.m4a"), "cut.m4a", ["corrupt", "truncated"]);
  });

  it.each(["mp3", "ogg", "flac", "m4a"])("rejects a %s whose payload is garbage", async (fmt) => {
    const bytes = Buffer.from(readFileSync(files[fmt]));
    for (let i = 64; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    await expectDecodeError(decodeAudioBytes(bytes, `bad.${fmt}`), `bad.${fmt}`, ["corrupt", "truncated", "no-samples"]);
  });

  it("rejects a wav header-only file and one without a data chunk", async () => {
    const header = encodeWav([new Float32Array(0)], 8000);
    await expectDecodeError(decodeAudioBytes(header, "hdr.wav"), "hdr.wav", ["no-samples"]);
    const noData = encodeWav([sine(100, 0.1, 8000)], 8000);
    noData.set([0x6a, 0x75, 0x6e, 0x6b], 36); // rename "data" to "junk"
    await expectDecodeError(decodeAudioBytes(noData, "junk.wav"), "junk.wav", ["corrupt"]);
  });

  it("refuses audio longer than maxSeconds", async () => {
    await expectDecodeError(decodeAudioFile(files.mp3, { maxSeconds: 1 }), files.mp3, ["too-long"]);
    await expectDecodeError(decodeAudioFile(files.wav, { maxSeconds: 1 }), files.wav, ["too-long"]);
    await expect(decodeAudioFile(files.wav, { maxSeconds: 3 })).resolves.toBeTruthy();
  });

  it("names a missing file", async () => {
    const missing = path.join(dir, "nope.wav");
    await expectDecodeError(decodeAudioFile(missing), missing, ["unreadable"]);
  });
});
