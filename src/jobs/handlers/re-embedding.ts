import type { Database } from "../../db/database.ts";
import { EmbeddingRepository } from "../../db/repositories/embedding.repository.ts";
import type { JobRecord } from "../../db/repositories/job.repository.ts";
import { TrackRepository } from "../../db/repositories/track.repository.ts";
import { AudioDecodeError, decodeAudioBytes } from "../../embedding/audio-decoder.ts";
import { hasDirection } from "../../embedding/vector-norm.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { refreshFusedEmbedding } from "../description-store.ts";
import { PermanentJobError, type JobOutcome } from "../job-handler.ts";
import { openRegularFile, readOpened, UnsafeFileError } from "../../ingest/safe-open.ts";
import { TrackSourceRepository } from "../../db/repositories/track-source.repository.ts";

/**
 * `re-embedding`: computes a stored track's audio embedding and fused description embedding under
 * the served model (after a model change), from its source file and stored descriptions, in one
 * transaction. Queued by `tunelens worker --reembed` for tracks the model has no vector for, and by
 * `tunelens models embed|activate NAME` with `payload.model` naming another model's version,
 * which `models` (the registry) opens.
 */
export function reEmbeddingHandler(served: ModelRuntime, opts: { maxSeconds?: number; maxFileBytes?: number; models?: { resolve(name: string): Promise<ModelRuntime> } | null }) {
  return async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    const trackId = String(job.payload.trackId);
    const named = typeof job.payload.model === "string" ? job.payload.model : null;
    if (named && named !== served.model.version && !opts.models) throw new PermanentJobError(`this worker cannot open model ${named}`);
    const runtime = named && named !== served.model.version ? await opts.models!.resolve(named) : served;
    const [track] = await new TrackRepository(db).findByIds([trackId]);
    if (!track) throw new PermanentJobError(`track ${trackId} no longer exists`);
    if (!track.sourceFile) throw new PermanentJobError(`track ${trackId} has no source file to re-embed`);
    let vector: Float32Array;
    try {
      // The file may have changed since it was ingested: the size limit holds here too, and it
      // must still be the regular file that was ingested (not a link, device or FIFO put there).
      const source = await new TrackSourceRepository(db).find(trackId);
      const opened = await openRegularFile(track.sourceFile, { maxBytes: opts.maxFileBytes, identity: source?.identity ?? null });
      let buffer: Buffer;
      try {
        buffer = await readOpened(opened, opts.maxFileBytes);
      } finally {
        await opened.handle.close();
      }
      const audio = await decodeAudioBytes(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), track.sourceFile, { maxSeconds: opts.maxSeconds });
      vector = await runtime.encoder.embedAudio(audio);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException)?.code;
      if (err instanceof PermanentJobError) throw err;
      if (err instanceof UnsafeFileError) throw new PermanentJobError(`${track.sourceFile}: ${err.message}`, { cause: err });
      if (err instanceof AudioDecodeError || code === "ENOENT" || code === "EACCES") throw new PermanentJobError(`${track.sourceFile}: ${(err as Error).message}`, { cause: err });
      throw err;
    }
    if (!hasDirection(vector)) throw new PermanentJobError(`${track.sourceFile}: the model produced no usable audio embedding`);
    await db.transaction(async (tx) => {
      await new EmbeddingRepository(tx).upsert(trackId, runtime.model.id, "audio", vector);
      await refreshFusedEmbedding(tx, runtime, trackId);
    });
    return { result: { trackId, model: runtime.model.version } };
  };
}
