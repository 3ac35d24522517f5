import path from "node:path";
import express, { type Router } from "express";
import type { Logger } from "pino";
import { NotFoundError } from "../services/errors.ts";
import type { TrackService } from "../services/track.service.ts";
import type { AudioUrlSigner } from "./audio-url-signer.ts";

/** Content types for the formats ingest accepts (send's own table lacks some, e.g. opus). */
const AUDIO_TYPES: Record<string, string> = {
  ".wav": "audio/wav",
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

function plain(res: express.Response, status: number, message: string): void {
  res.status(status).type("text/plain").send(message);
}

/**
 * `GET /audio/:trackId?exp=…&sig=…`: streams an ingested track's source file, with HTTP range
 * requests (send answers `Range` with 206 and `Content-Range`, unsatisfiable ranges with 416).
 * The path always comes from the track record, never from the request; the signed URL is
 * the authorisation (see AudioUrlSigner), handed out by `Track.audioUrl` to callers allowed to search.
 */
export function audioRouter(deps: { tracks: TrackService; signer: AudioUrlSigner; logger: Logger }): Router {
  const router = express.Router();
  router.get("/audio/:trackId", async (req, res, next) => {
    const trackId = req.params.trackId;
    const verdict = deps.signer.check(trackId, req.query.exp, req.query.sig);
    if (verdict === "bad-signature") return plain(res, 403, "invalid audio URL signature");
    if (verdict === "expired") return plain(res, 403, "audio URL expired; search again for a fresh one");
    let file: string | null;
    try {
      file = (await deps.tracks.get(trackId)).sourceFile;
    } catch (err) {
      if (err instanceof NotFoundError) return plain(res, 404, "no such track");
      return next(err);
    }
    if (!file) return plain(res, 404, "this track has no audio file");
    const type = AUDIO_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    res.sendFile(
      path.resolve(file),
      {
        // The path is trusted (it was ingested), and may legitimately sit under a dot-folder.
        dotfiles: "allow",
        acceptRanges: true,
        lastModified: true,
        // Private: the URL is a capability for one caller; an hour matches its lifetime.
        cacheControl: false,
        headers: { "content-type": type, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" },
      },
      (err?: Error & { status?: number; code?: string }) => {
        if (!err) return;
        if (res.headersSent) return; // the client went away mid-stream: nothing to answer
        // The file was moved or deleted after ingest: the track exists, its audio does not.
        if (err.status === 404 || err.code === "ENOENT" || err.code === "ENOTDIR") {
          deps.logger.warn({ trackId, file }, "audio file of an ingested track is missing");
          return plain(res, 404, "the audio file of this track is no longer available");
        }
        if (err.status && err.status < 500) return plain(res, err.status, err.message);
        next(err);
      },
    );
  });
  return router;
}
