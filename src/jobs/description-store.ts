import type { Database } from "../db/database.ts";
import { DescriptionRepository, type DescriptionSource, type NewDescription } from "../db/repositories/description.repository.ts";
import { TrackLifecycleRepository } from "../db/repositories/track-lifecycle.repository.ts";
import { EmbeddingRepository } from "../db/repositories/embedding.repository.ts";
import { EnrichmentRepository } from "../db/repositories/enrichment.repository.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { meanEmbedding } from "../ingest/mean-embedding.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";

/**
 * Adds descriptions to a stored track and recomputes its fused description embedding (the mean
 * of every description's text embedding) in the same transaction: a reader never sees new
 * descriptions with the old fused vector, and a crash leaves neither.
 */
export async function addDescriptions(
  db: Database,
  runtime: ModelRuntime,
  trackId: string,
  descriptions: readonly NewDescription[],
  metadataPatch?: Record<string, unknown>,
  opts: { replace?: DescriptionSource } = {},
): Promise<{ inserted: number }> {
  return db.transaction(async (tx) => {
    const enrichment = new EnrichmentRepository(tx);
    if (!(await enrichment.lockTrack(trackId))) throw new Error(`track ${trackId} no longer exists`);
    // A source that answers again from new facts (the LLM) replaces what it said before.
    const removed = opts.replace ? await new TrackLifecycleRepository(tx).deleteDescriptions(trackId, opts.replace) : 0;
    const inserted = await new DescriptionRepository(tx).insertMany(trackId, descriptions);
    if (metadataPatch) await enrichment.mergeMetadata(trackId, metadataPatch);
    if (inserted > 0 || removed > 0) await refreshFusedEmbedding(tx, runtime, trackId);
    return { inserted };
  });
}

/** Recomputes the fused description embedding of one track under the served model. */
export async function refreshFusedEmbedding(
  tx: Parameters<Parameters<Database["transaction"]>[0]>[0],
  runtime: ModelRuntime,
  trackId: string,
): Promise<boolean> {
  const texts = await new EnrichmentRepository(tx).descriptionTexts(trackId);
  // Texts the model maps to nothing (no known words) would make cosine scores undefined.
  const vectors = texts.length ? (await runtime.encoder.embedTexts(texts)).filter(hasDirection) : [];
  if (!vectors.length) {
    // No text left to describe it: a stale vector would keep matching what was removed.
    await new TrackLifecycleRepository(tx).deleteDescriptionEmbedding(trackId, runtime.model.id);
    return false;
  }
  await new EmbeddingRepository(tx).upsert(trackId, runtime.model.id, "description", meanEmbedding(vectors));
  return true;
}
