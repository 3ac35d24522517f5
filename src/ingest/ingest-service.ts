import { createHash } from "node:crypto";
import { AudioDecodeError, decodeAudioBytes } from "../embedding/audio-decoder.ts";
import { describeAudio } from "../embedding/audio-descriptors.ts";
import type { Encoder } from "../embedding/encoder.ts";
import type { Database } from "../db/database.ts";
import { DescriptionRepository, type NewDescription } from "../db/repositories/description.repository.ts";
import { EmbeddingRepository } from "../db/repositories/embedding.repository.ts";
import type { ModelRecord } from "../db/repositories/model.repository.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import type { CatalogItem } from "./catalog-source.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { meanEmbedding } from "./mean-embedding.ts";
import { meaningfulTexts } from "./boilerplate.ts";
import { readFileTags, tagDescriptions } from "./file-tags.ts";
import { openRegularFile, readOpened, UnsafeFileError } from "./safe-open.ts";
import { TrackSourceRepository } from "../db/repositories/track-source.repository.ts";

export type IngestStatus = "ingested" | "skipped" | "failed";

export interface IngestItemResult {
  file: string;
  externalId: string;
  status: IngestStatus;
  trackId: string | null;
  error: string | null;
  /** a failure retrying cannot fix (bad or refused file), as opposed to e.g. a lost database connection */
  permanent?: boolean;
}

/** The file was read but is refused (too large, no usable embedding): retrying will not help. */
export class IngestRefusedError extends Error {}

export interface IngestProgress {
  total: number;
  processed: number;
  ingested: number;
  skipped: number;
  failed: number;
}

export interface IngestOptions {
  /** files larger than this are refused before reading (default 512 MiB) */
  maxFileBytes?: number;
  /** audio longer than this is refused (default 900 s) */
  maxSeconds?: number;
}

export interface IngestDependencies {
  db: Database;
  encoder: Encoder;
  model: ModelRecord;
}

const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Turns catalog items into stored tracks: decode → audio embedding → descriptions → fused
 * description embedding, then one transaction writes the track with everything it owns, so a
 * failure leaves nothing half-written. Re-ingesting the same audio (same content hash) is a no-op.
 */
export class IngestService {
  constructor(
    private readonly deps: IngestDependencies,
    private readonly opts: IngestOptions = {},
  ) {}

  async ingestAll(
    items: readonly CatalogItem[],
    onProgress?: (progress: IngestProgress, last: IngestItemResult) => void,
    signal?: AbortSignal,
  ): Promise<{ progress: IngestProgress; results: IngestItemResult[] }> {
    const progress: IngestProgress = { total: items.length, processed: 0, ingested: 0, skipped: 0, failed: 0 };
    const results: IngestItemResult[] = [];
    for (const item of items) {
      if (signal?.aborted) break;
      const result = await this.ingestOne(item);
      results.push(result);
      progress.processed++;
      progress[result.status]++;
      onProgress?.({ ...progress }, result);
    }
    return { progress, results };
  }

  async ingestOne(item: CatalogItem): Promise<IngestItemResult> {
    const base = { file: item.file, externalId: item.externalId };
    try {
      const maxBytes = this.opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
      // Regular files only, by real path under the folder the request named, checked now (when
      // read) rather than when the request was made: see safe-open.ts.
      const opened = await openRegularFile(item.file, { within: item.within, maxBytes });
      let buffer: Buffer;
      try {
        buffer = await readOpened(opened, maxBytes);
      } finally {
        await opened.handle.close();
      }
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      const contentHash = createHash("sha256").update(bytes).digest("hex");

      const tracks = new TrackRepository(this.deps.db);
      const existing = await tracks.findByContentHash(contentHash, item.catalog);
      const embeddings = new EmbeddingRepository(this.deps.db);
      if (existing && (await embeddings.find(existing.id, this.deps.model.id, "audio"))) {
        return { ...base, status: "skipped", trackId: existing.id, error: null };
      }

      const audio = await decodeAudioBytes(bytes, item.file, { maxSeconds: this.opts.maxSeconds });
      const descriptors = describeAudio(audio);
      const audioVector = await this.deps.encoder.embedAudio(audio);
      if (!hasDirection(audioVector)) throw new IngestRefusedError(`${item.file}: the model produced no usable audio embedding (silent audio?)`);
      const tags = await readFileTags(bytes, item.file);
      const descriptions: NewDescription[] = [
        // Catalog lines and file tags are sources of their own (`web` is a fetched page); encoder
        // and tagger boilerplate ("Processed by SoX", AllMusic ids) is not a description.
        ...meaningfulTexts(item.descriptions).map((text) => ({ source: "catalog" as const, text, provenance: { origin: "catalog", catalog: item.catalog } })),
        ...meaningfulTexts(tagDescriptions(tags)).map((text) => ({ source: "file_tags" as const, text, provenance: { origin: "file-tags" } })),
      ];
      const uniqueTexts = [...new Set(descriptions.map((d) => d.text))];
      // Texts the model maps to nothing (no known words) would make cosine scores undefined.
      const textVectors = uniqueTexts.length ? (await this.deps.encoder.embedTexts(uniqueTexts)).filter(hasDirection) : [];
      const descriptionVector = textVectors.length ? meanEmbedding(textVectors) : null;

      const trackId = await this.deps.db.transaction(async (tx) => {
        const { record, created } = await new TrackRepository(tx).insert({
          catalog: item.catalog,
          externalId: item.externalId,
          title: item.title ?? tags.title,
          artist: item.artist ?? tags.artist,
          album: item.album ?? tags.album,
          durationSeconds: descriptors.durationSeconds,
          sourceFile: opened.realPath,
          contentHash,
          metadata: {
            ...item.metadata,
            audio: { bpm: descriptors.bpm, key: descriptors.key, loudnessDb: descriptors.loudnessDb },
            ...(tags.genre.length || tags.bpm || tags.year ? { fileTags: { genre: tags.genre, bpm: tags.bpm, year: tags.year } } : {}),
          },
        });
        if (created) await new TrackSourceRepository(tx).setIdentity(record.id, opened.identity);
        await new DescriptionRepository(tx).insertMany(record.id, uniqueDescriptions(descriptions));
        const txEmbeddings = new EmbeddingRepository(tx);
        await txEmbeddings.upsert(record.id, this.deps.model.id, "audio", audioVector);
        if (descriptionVector) await txEmbeddings.upsert(record.id, this.deps.model.id, "description", descriptionVector);
        return record.id;
      }).catch((err: unknown) => {
        // Two files with the same relative name (two folders ingested into one catalog): say so
        // instead of dead-lettering the second with a raw constraint name.
        if ((err as { constraint?: string })?.constraint === "tracks_catalog_external_id" || /tracks_catalog_external_id/.test(String((err as Error)?.message))) {
          throw new IngestRefusedError(
            `catalog "${item.catalog}" already has a track with id "${item.externalId}" from another file; ingest this folder into another catalog (ingestTracks(catalog: …)) or rename the file`,
          );
        }
        throw err;
      });
      return { ...base, status: "ingested", trackId, error: null };
    } catch (err) {
      return { ...base, status: "failed", trackId: null, error: errorMessage(err, item.file), permanent: isPermanent(err) };
    }
  }
}

function uniqueDescriptions(list: NewDescription[]): NewDescription[] {
  const seen = new Set<string>();
  return list.filter((d) => (seen.has(d.text) ? false : (seen.add(d.text), true)));
}

const PERMANENT_FS_CODES = new Set(["ENOENT", "EISDIR", "EACCES", "ENOTDIR", "ELOOP", "ENXIO"]);

function isPermanent(err: unknown): boolean {
  if (err instanceof AudioDecodeError || err instanceof IngestRefusedError || err instanceof UnsafeFileError) return true;
  return PERMANENT_FS_CODES.has((err as NodeJS.ErrnoException)?.code ?? "");
}

function errorMessage(err: unknown, file: string): string {
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes(file)) return message;
  if ((err as NodeJS.ErrnoException)?.code === "ENOENT") return `file not found: ${file}`;
  return `${file}: ${message}`;
}
