import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { AudioDecodeError, decodeAudioBytes, type AudioDecodeReason } from "../embedding/audio-decoder.ts";
import type { DecodedAudio } from "../embedding/encoder.ts";
import { FetchRefusedError, FetchTimeoutError, safeFetch } from "../ingest/safe-fetch.ts";
import { InvalidInputError } from "./errors.ts";

/** Why a clip given to search by audio was refused (GraphQL `extensions.reason`). */
export type AudioInputReason = AudioDecodeReason | "too-large" | "unreachable" | "refused" | "missing";

/** A refused query clip: BAD_USER_INPUT, with the reason a client can act on. */
export class AudioInputError extends InvalidInputError {
  constructor(
    readonly reason: AudioInputReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface AudioQuerySettings {
  /** largest clip accepted, uploaded or fetched (TUNELENS_AUDIO_QUERY_MAX_MB, default 20 MB) */
  maxBytes: number;
  /** longest clip accepted (TUNELENS_AUDIO_QUERY_MAX_SECONDS, default 300 s) */
  maxSeconds: number;
  /** fetching a URL: hosts ("any" = every public host), private addresses (tests), timeout */
  fetch: { allowedHosts: readonly string[] | "any"; allowPrivateAddresses: boolean; timeoutMs: number };
}

export const DEFAULT_AUDIO_QUERY_SETTINGS: AudioQuerySettings = {
  maxBytes: 20 * 1024 * 1024,
  maxSeconds: 300,
  fetch: { allowedHosts: "any", allowPrivateAddresses: false, timeoutMs: 10_000 },
};

/** An uploaded file as graphql-upload hands it over (the GraphQL multipart request spec). */
export interface UploadedFile {
  filename: string;
  createReadStream(): Readable;
}

/** A decoded query clip and a digest of its bytes (identifies the question for interleaving). */
export interface AudioClip {
  audio: DecodedAudio;
  id: string;
}

/**
 * Turns what a client gives searchByAudio — an uploaded file or an http(s) URL — into samples,
 * in memory only: searchByAudio never writes the clip to disk or the database (`ingestUpload`,
 * a mutation, is how a client asks for it to be stored: audio-upload-store.ts). The URL is fetched through
 * the SSRF-guarded fetcher (public addresses only, each redirect checked, size and time capped);
 * the bytes are decoded with the ingest decoder (format sniffed from the bytes, truncation and
 * length checked). Every refusal is an AudioInputError saying why.
 */
export class AudioQueryService {
  constructor(readonly settings: AudioQuerySettings = DEFAULT_AUDIO_QUERY_SETTINGS) {}

  async fromUpload(upload: Promise<UploadedFile> | UploadedFile): Promise<AudioClip> {
    const { bytes, name } = await this.readUpload(upload);
    return this.decode(bytes, name);
  }

  /**
   * An upload's bytes and file name, held to the size limit, plus the decoded clip (so a corrupt,
   * empty or too long file is refused before anyone stores it): what ingestUpload keeps.
   */
  async readAndCheckUpload(upload: Promise<UploadedFile> | UploadedFile): Promise<{ bytes: Uint8Array; name: string; clip: AudioClip }> {
    const { bytes, name } = await this.readUpload(upload);
    return { bytes, name, clip: await this.decode(bytes, name) };
  }

  private async readUpload(upload: Promise<UploadedFile> | UploadedFile): Promise<{ bytes: Uint8Array; name: string }> {
    let file: UploadedFile;
    try {
      file = await upload;
    } catch (err) {
      throw new AudioInputError("missing", `the upload could not be read (${messageOf(err)})`, { cause: err });
    }
    const name = file.filename || "upload";
    return { bytes: await this.readStream(file.createReadStream(), name), name };
  }

  async fromUrl(url: string): Promise<AudioClip> {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      throw new AudioInputError("refused", `url is not a valid URL`);
    }
    const { fetch } = this.settings;
    let res;
    try {
      res = await safeFetch(parsed.toString(), {
        ...fetch,
        maxBytes: this.settings.maxBytes,
        accept: "audio/*, application/ogg;q=0.9, */*;q=0.5",
        allowlistName: "audio URL host",
      });
    } catch (err) {
      if (err instanceof FetchRefusedError) {
        const tooLarge = /byte limit/.test(err.message);
        throw new AudioInputError(tooLarge ? "too-large" : "refused", tooLarge ? `the audio at the URL is larger than the ${mb(this.settings.maxBytes)} MB limit` : err.message);
      }
      if (err instanceof FetchTimeoutError) throw new AudioInputError("unreachable", `the audio URL did not answer within ${fetch.timeoutMs} ms`);
      throw new AudioInputError("unreachable", `the audio URL could not be fetched (${messageOf(err)})`, { cause: err });
    }
    if (res.status < 200 || res.status >= 300) throw new AudioInputError("unreachable", `the audio URL answered HTTP ${res.status}`);
    const name = decodeURIComponent(new URL(res.url).pathname.split("/").pop() || "clip");
    return this.decode(new Uint8Array(res.bytes.buffer, res.bytes.byteOffset, res.bytes.byteLength), name);
  }

  /** Reads an upload into memory, refusing it as soon as it passes maxBytes. */
  private async readStream(stream: Readable, name: string): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        if (size > this.settings.maxBytes) {
          stream.destroy();
          throw new AudioInputError("too-large", `${name} is larger than the ${mb(this.settings.maxBytes)} MB limit`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof AudioInputError) throw err;
      // graphql-upload ends the stream with a 413 error past its own maxFileSize
      if ((err as { status?: number }).status === 413) throw new AudioInputError("too-large", `${name} is larger than the ${mb(this.settings.maxBytes)} MB limit`);
      throw new AudioInputError("missing", `the upload of ${name} was interrupted (${messageOf(err)})`, { cause: err });
    }
    const bytes = Buffer.concat(chunks);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private async decode(bytes: Uint8Array, name: string): Promise<AudioClip> {
    try {
      const audio = await decodeAudioBytes(bytes, name, { maxSeconds: this.settings.maxSeconds });
      return { audio, id: createHash("sha256").update(bytes).digest("hex") };
    } catch (err) {
      if (err instanceof AudioDecodeError) throw new AudioInputError(err.reason, err.message, { cause: err });
      throw err;
    }
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
