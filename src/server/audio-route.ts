import path from "node:path";
import express, { type Router } from "express";
import rangeParser from "range-parser";
import type { Logger } from "pino";
import type { TrackSourceRepository } from "../db/repositories/track-source.repository.ts";
import { openRegularFile, UnsafeFileError, type OpenedFile } from "../ingest/safe-open.ts";
import type { AudioUrlSigner } from "./audio-url-signer.ts";
import type { RateLimiter } from "./rate-limit.ts";

/** Content types for the formats ingest accepts (send's own table lacks some, e.g. opus). */
const AUDIO_TYPES: Record<string, string> = {
  ".wav": "audio/wav",
  ".wave": "audio/wav",
  ".mp3": "audio/mpeg",
  ".ogg": "audio/ogg",
  ".oga": "audio/ogg",
  ".opus": "audio/ogg",
  ".flac": "audio/flac",
  ".m4a": "audio/mp4",
  ".mp4": "audio/mp4",
  ".aac": "audio/aac",
  ".webm": "audio/webm",
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function plain(res: express.Response, status: number, message: string): void {
  res.status(status).type("text/plain").send(message);
}

export interface AudioRouteDeps {
  sources: TrackSourceRepository;
  signer: AudioUrlSigner;
  logger: Logger;
  /** per client address (a signed URL is not an identity); absent: unlimited */
  limiter?: RateLimiter;
}

/**
 * `GET /audio/:trackId?exp=…&sig=…`: streams an ingested track's source file, with HTTP range
 * requests (206 with `Content-Range`, 416 for unsatisfiable ranges). The signed URL is the
 * authorisation (see AudioUrlSigner), handed out by `Track.audioUrl` to callers allowed to search.
 *
 * The file is opened by its identity, not by whatever its path names now (issue #16: a symlink
 * swapped in after ingest served data/server.json): the stored real path is opened with
 * O_NOFOLLOW, must be a regular file, and must have the device and inode recorded at ingest.
 * Bytes are then streamed from that descriptor, so a swap after the check changes nothing.
 */
export function audioRouter(deps: AudioRouteDeps): Router {
  const router = express.Router();
  router.get("/audio/:trackId", async (req, res, next) => {
    if (deps.limiter) {
      const retryAfter = await deps.limiter.consume(`audio:${req.ip ?? "unknown"}`);
      if (retryAfter !== null) {
        res.setHeader("retry-after", String(retryAfter));
        return plain(res, 429, `rate limit exceeded; retry in ${retryAfter} s`);
      }
    }
    const trackId = req.params.trackId;
    const verdict = deps.signer.check(trackId, req.query.exp, req.query.sig);
    if (verdict === "bad-signature") return plain(res, 403, "invalid audio URL signature");
    if (verdict === "expired") return plain(res, 403, "audio URL expired; search again for a fresh one");
    if (!UUID_RE.test(trackId)) return plain(res, 404, "no such track");
    let source;
    try {
      source = await deps.sources.find(trackId);
    } catch (err) {
      return next(err);
    }
    if (!source) return plain(res, 404, "no such track");
    if (!source.sourceFile) return plain(res, 404, "this track has no audio file");
    const file = source.sourceFile;
    let opened: OpenedFile;
    try {
      opened = await openRegularFile(file, { identity: source.identity });
      // Tracks from before identities were recorded: at least the path must be real (no link anywhere in it).
      if (!source.identity && opened.realPath !== path.resolve(file)) {
        await opened.handle.close();
        throw new UnsafeFileError(`${file} is reached through a symbolic link`);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (err instanceof UnsafeFileError || code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "EACCES") {
        // Logged for the operator (who may want to re-ingest); the client learns only that it is gone.
        deps.logger.warn({ trackId, reason: err instanceof UnsafeFileError ? err.message : code }, "audio file of an ingested track is missing or was replaced");
        return plain(res, 404, "the audio file of this track is no longer available");
      }
      return next(err);
    }
    send(req, res, opened, AUDIO_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream");
  });
  return router;
}

function send(req: express.Request, res: express.Response, opened: OpenedFile, type: string): void {
  const { size } = opened;
  const close = () => void opened.handle.close().catch(() => {});
  res.setHeader("accept-ranges", "bytes");
  res.setHeader("content-type", type);
  // Private: the URL is a capability for one caller; an hour matches its lifetime.
  res.setHeader("cache-control", "private, max-age=3600");
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("last-modified", opened.mtime.toUTCString());
  let start = 0;
  let end = size - 1;
  const header = req.headers.range;
  if (header) {
    const ranges = rangeParser(size, header, { combine: true });
    if (ranges === -1) {
      close();
      res.setHeader("content-range", `bytes */${size}`);
      return plain(res, 416, "range not satisfiable");
    }
    // -2 (malformed) and multiple ranges: answer the whole file, as send does.
    if (ranges !== -2 && ranges.type === "bytes" && ranges.length === 1) {
      start = ranges[0].start;
      end = ranges[0].end;
      res.status(206).setHeader("content-range", `bytes ${start}-${end}/${size}`);
    }
  }
  res.setHeader("content-length", String(size === 0 ? 0 : end - start + 1));
  if (req.method === "HEAD" || size === 0) {
    close();
    return void res.end();
  }
  const stream = opened.handle.createReadStream({ start, end, autoClose: true });
  stream.on("error", (err) => {
    // the headers are out: all that is left is to cut the response short
    res.destroy(err);
  });
  res.on("close", () => stream.destroy());
  stream.pipe(res);
}
