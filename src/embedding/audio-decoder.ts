import { readFile } from "node:fs/promises";
import path from "node:path";
import decode from "audio-decode";
import audioType, { skipId3 } from "audio-type";
import type { DecodedAudio } from "./encoder.ts";

/** File extensions (lower case, with the dot, as `path.extname` returns them) we ingest as audio. */
export const SUPPORTED_AUDIO_EXTENSIONS: readonly string[] = Object.freeze([
  ".wav",
  ".mp3",
  ".ogg",
  ".oga",
  ".flac",
  ".opus",
  ".m4a",
]);

/** True when the path's extension is one of SUPPORTED_AUDIO_EXTENSIONS (case-insensitive). */
export function isSupportedAudioPath(file: string): boolean {
  return SUPPORTED_AUDIO_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/**
 * Containers (as `audio-type` names them from magic bytes) that we decode and test. audio-decode
 * knows more, but only these are exercised by our tests; the rest are refused as unsupported.
 */
const DECODABLE_TYPES = new Set(["wav", "mp3", "oga", "opus", "flac", "m4a"]);

/** Why a file could not be turned into samples. */
export type AudioDecodeReason =
  | "unreadable"
  | "empty"
  | "unsupported"
  | "corrupt"
  | "truncated"
  | "no-samples"
  | "too-long"
  | "too-large";

export class AudioDecodeError extends Error {
  readonly file: string;
  readonly reason: AudioDecodeReason;
  constructor(file: string, reason: AudioDecodeReason, detail: string, options?: { cause?: unknown }) {
    super(`cannot decode audio ${file}: ${detail}`, options);
    this.name = "AudioDecodeError";
    this.file = file;
    this.reason = reason;
  }
}

export interface DecodeOptions {
  /** refuse audio longer than this (declared or decoded); default 900 s */
  maxSeconds?: number;
  /**
   * refuse audio whose header promises more than this many samples (rate × channels × seconds,
   * what decoding holds in memory as float32); default: maxSeconds at 48 kHz stereo
   */
  maxSamples?: number;
}

export const DEFAULT_MAX_SECONDS = 900;
/** what no music file needs; beyond it a header is an attack on memory, not audio */
const MAX_SAMPLE_RATE = 192_000;
const MAX_CHANNELS = 8;

const MAX_MP3_KBPS = 1000;

/** Lossy codecs pad or trim a few frames; a decode this much shorter than declared is truncated. */
const TRUNCATION_TOLERANCE = { ratio: 0.9, seconds: 0.25 };

/**
 * Decodes a whole file held in memory to mono float PCM at its native sample rate.
 * The format is sniffed from the bytes (magic numbers), never trusted from the file name, so a
 * mislabelled file still decodes. Every failure is an AudioDecodeError naming `file`.
 */
export async function decodeAudioBytes(
  bytes: Uint8Array,
  file: string,
  opts: DecodeOptions = {},
): Promise<DecodedAudio> {
  const maxSeconds = opts.maxSeconds ?? DEFAULT_MAX_SECONDS;
  if (bytes.byteLength === 0) throw new AudioDecodeError(file, "empty", "file is empty (0 bytes)");

  const type = audioType(bytes);
  if (!type || !DECODABLE_TYPES.has(type)) {
    const what = type ? `'${type}' is not a supported audio format` : "not a recognised audio format";
    throw new AudioDecodeError(
      file,
      "unsupported",
      `${what} (supported: wav, mp3, ogg/vorbis, opus, flac, m4a/aac)`,
    );
  }

  const declared = await declaredFormat(bytes, type, file);
  const declaredSeconds = declared.seconds;
  if (declaredSeconds !== null && declaredSeconds > maxSeconds) {
    throw new AudioDecodeError(
      file,
      "too-long",
      `${declaredSeconds.toFixed(1)} s of audio exceeds the ${maxSeconds} s limit`,
    );
  }
  // Decoding holds every channel as float32 at the native rate: bound rate × channels × duration
  // from the header before decoding (a 643 kB FLAC of 850 s at 192 kHz stereo took 3.2 GB).
  checkDeclaredSize(declared, file, opts.maxSamples ?? maxSeconds * 48_000 * 2);

  let channels: Float32Array[];
  let sampleRate: number;
  try {
    ({ channelData: channels, sampleRate } = await decode(bytes));
  } catch (err) {
    throw new AudioDecodeError(file, "corrupt", `corrupt ${type} data (${errorText(err)})`, { cause: err });
  }
  const frames = channels[0]?.length ?? 0;
  if (frames === 0 || !(sampleRate > 0)) {
    throw new AudioDecodeError(file, "no-samples", `no audio samples in ${type} data (corrupt or truncated)`);
  }
  const seconds = frames / sampleRate;
  if (sampleRate > MAX_SAMPLE_RATE || channels.length > MAX_CHANNELS) {
    throw new AudioDecodeError(file, "too-large", `${channels.length} channels at ${sampleRate} Hz is beyond what is accepted (${MAX_CHANNELS} channels, ${MAX_SAMPLE_RATE} Hz)`);
  }
  if (seconds > maxSeconds) {
    throw new AudioDecodeError(file, "too-long", `${seconds.toFixed(1)} s of audio exceeds the ${maxSeconds} s limit`);
  }
  if (
    declaredSeconds !== null &&
    seconds < declaredSeconds * TRUNCATION_TOLERANCE.ratio - TRUNCATION_TOLERANCE.seconds
  ) {
    throw new AudioDecodeError(
      file,
      "truncated",
      `truncated ${type}: header declares ${declaredSeconds.toFixed(2)} s but only ${seconds.toFixed(2)} s decode`,
    );
  }
  if (type === "mp3") checkMp3Bitrate(bytes, seconds, file);
  return { samples: downmix(channels), sampleRate };
}

/**
 * mpg123 resynchronises past damaged data and returns whatever frames it found (often a single
 * frame of silence for a file that is garbage after its header). MPEG audio never exceeds
 * 320 kbit/s (640 in the rare free format), so far more bytes than the decoded audio can account
 * for means most of the file did not decode. The ID3v2 tag (cover art) is excluded from the count.
 */
function checkMp3Bitrate(bytes: Uint8Array, seconds: number, file: string): void {
  const audioBytes = bytes.length - Math.min(bytes.length, skipId3(bytes));
  const kbps = (audioBytes * 8) / seconds / 1000;
  if (kbps > MAX_MP3_KBPS) {
    throw new AudioDecodeError(
      file,
      "corrupt",
      `corrupt mp3: only ${seconds.toFixed(2)} s decoded from ${audioBytes} bytes of MPEG data`,
    );
  }
}

/** Reads and decodes a file; see decodeAudioBytes. */
export async function decodeAudioFile(file: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new AudioDecodeError(file, "unreadable", `cannot read file (${errorText(err)})`, { cause: err });
  }
  return decodeAudioBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file, opts);
}

/** Mean of the channels; non-finite samples (from damaged frames) become silence. */
function downmix(channels: Float32Array[]): Float32Array {
  const n = channels[0].length;
  const out = new Float32Array(n);
  const scale = 1 / channels.length;
  for (const ch of channels) {
    const len = Math.min(n, ch.length);
    for (let i = 0; i < len; i++) out[i] += ch[i] * scale;
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) out[i] = 0;
  return out;
}

interface DeclaredFormat {
  seconds: number | null;
  sampleRate: number | null;
  channels: number | null;
}

function checkDeclaredSize(declared: DeclaredFormat, file: string, maxSamples: number): void {
  const { sampleRate, channels, seconds } = declared;
  if ((sampleRate !== null && sampleRate > MAX_SAMPLE_RATE) || (channels !== null && channels > MAX_CHANNELS)) {
    throw new AudioDecodeError(file, "too-large", `header declares ${channels ?? "?"} channels at ${sampleRate ?? "?"} Hz (at most ${MAX_CHANNELS} channels, ${MAX_SAMPLE_RATE} Hz)`);
  }
  if (sampleRate !== null && seconds !== null) {
    const samples = sampleRate * (channels ?? 1) * seconds;
    if (samples > maxSamples) {
      throw new AudioDecodeError(
        file,
        "too-large",
        `header declares ${Math.round(samples / 1e6)} M samples (${channels ?? 1} channels × ${sampleRate} Hz × ${seconds.toFixed(1)} s), over the limit of ${Math.round(maxSamples / 1e6)} M`,
      );
    }
  }
}

/**
 * Duration, sample rate and channel count the container header promises (null where it promises
 * none). Used to refuse overlong or oversized files before spending time and memory decoding
 * them, and to detect truncation afterwards (decoders happily return the part of a cut-off file
 * they could read).
 */
async function declaredFormat(bytes: Uint8Array, type: string, file: string): Promise<DeclaredFormat> {
  if (type === "wav") return wavDeclaredFormat(bytes, file);
  if ((type === "oga" || type === "opus") && !oggHasEndOfStream(bytes)) {
    throw new AudioDecodeError(file, "truncated", `truncated ${type}: the Ogg stream has no end-of-stream page`);
  }
  // music-metadata (≈45 modules) loads with the first file read, not with the server
  const { parseBuffer } = await import("music-metadata");
  try {
    const meta = await parseBuffer(bytes, undefined, { duration: false, skipCovers: true });
    const positive = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : null);
    return { seconds: positive(meta.format.duration), sampleRate: positive(meta.format.sampleRate), channels: positive(meta.format.numberOfChannels) };
  } catch (err) {
    throw new AudioDecodeError(file, "corrupt", `corrupt or truncated ${type} container (${errorText(err)})`, {
      cause: err,
    });
  }
}

/**
 * RIFF/WAVE: walks the chunks to the `data` chunk and compares its declared size with the bytes
 * present. music-metadata silently clamps the duration to what is there, so we read the header
 * ourselves (a dozen lines). Streamed WAVs write size 0 or 0xFFFFFFFF: unknown, not truncated.
 */
function wavDeclaredFormat(bytes: Uint8Array, file: string): DeclaredFormat {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  let channels: number | null = null;
  let sampleRate: number | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt " && body + 12 <= bytes.length) {
      channels = view.getUint16(body + 2, true) || null;
      sampleRate = view.getUint32(body + 4, true) || null;
      byteRate = view.getUint32(body + 8, true);
    }
    if (id === "data") {
      if (size === 0 || size === 0xffffffff || byteRate === 0) return { seconds: null, sampleRate, channels };
      const present = bytes.length - body;
      if (present < size) {
        throw new AudioDecodeError(
          file,
          "truncated",
          `truncated wav: data chunk declares ${size} bytes but ${present} are present`,
        );
      }
      return { seconds: size / byteRate, sampleRate, channels };
    }
    offset = body + size + (size & 1); // chunks are word-aligned
  }
  throw new AudioDecodeError(file, "corrupt", "corrupt wav: no data chunk");
}

/** An Ogg stream that ends properly has the EOS flag (bit 2 of header_type) on its last page. */
function oggHasEndOfStream(bytes: Uint8Array): boolean {
  // A page is at most 27 + 255 + 255*255 bytes, so the last page header lies in the tail.
  const from = Math.max(0, bytes.length - 65_307);
  for (let i = bytes.length - 27; i >= from; i--) {
    if (bytes[i] === 0x4f && bytes[i + 1] === 0x67 && bytes[i + 2] === 0x67 && bytes[i + 3] === 0x53) {
      const segments = bytes[i + 26];
      if (i + 27 + segments > bytes.length) return false;
      let bodySize = 0;
      for (let s = 0; s < segments; s++) bodySize += bytes[i + 27 + s];
      const complete = i + 27 + segments + bodySize === bytes.length;
      return complete && (bytes[i + 5] & 0x04) !== 0;
    }
  }
  return false;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
