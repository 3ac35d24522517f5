import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AudioQueryService, UploadedFile } from "./audio-query.service.ts";

/** Where stored uploads live: beside the embedded database, in the data folder. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, "uploads");
}

/** Extensions kept on stored uploads (the decoder sniffs the format; the name helps people and tags). */
const KNOWN_EXTENSIONS = new Set([".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".webm"]);

/**
 * Stores an uploaded clip that a client asked to keep (`ingestUpload`), under the data folder's
 * `uploads/`, named by the SHA-256 of its bytes: the same file uploaded twice is one file (and one
 * track, since ingest skips content it has). It is refused, and nothing written, when it is too
 * large, empty, corrupt or too long — the same checks as searchByAudio. Deleting the track deletes
 * the stored file (`removeIfStored`), since nothing else refers to it.
 */
export class AudioUploadStore {
  constructor(
    private readonly queries: AudioQueryService,
    readonly dir: string,
  ) {}

  async store(upload: Promise<UploadedFile> | UploadedFile): Promise<{ path: string; seconds: number }> {
    const { bytes, name, clip } = await this.queries.readAndCheckUpload(upload);
    const ext = path.extname(name).toLowerCase();
    const file = path.join(this.dir, `${clip.id}${KNOWN_EXTENSIONS.has(ext) ? ext : ""}`);
    await mkdir(this.dir, { recursive: true });
    await writeFile(file, bytes, { flag: "w" });
    return { path: file, seconds: clip.audio.samples.length / clip.audio.sampleRate };
  }

  /** Deletes `sourceFile` when it is one of ours (under `dir`); a library file is never touched. */
  async removeIfStored(sourceFile: string | null): Promise<boolean> {
    if (!sourceFile) return false;
    const rel = path.relative(this.dir, path.resolve(sourceFile));
    if (!rel || rel.startsWith("..") || path.isAbsolute(rel) || rel.includes(path.sep)) return false;
    await rm(path.join(this.dir, rel), { force: true });
    return true;
  }
}
