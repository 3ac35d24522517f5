import type { Database } from "../db/database.ts";
import { DescriptionRepository, type DescriptionSource, type NewDescription } from "../db/repositories/description.repository.ts";
import { TrackLifecycleRepository } from "../db/repositories/track-lifecycle.repository.ts";
import { EnrichmentRepository } from "../db/repositories/enrichment.repository.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { refreshFusedEmbedding } from "../services/fused-description-embedding.ts";

export { refreshFusedEmbedding };

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
