import type { Database } from "../db/database.ts";
import { TrackLifecycleRepository } from "../db/repositories/track-lifecycle.repository.ts";
import { EmbeddingRepository } from "../db/repositories/embedding.repository.ts";
import { EnrichmentRepository } from "../db/repositories/enrichment.repository.ts";
import { hasDirection } from "../embedding/vector-norm.ts";
import { meanEmbedding } from "../ingest/mean-embedding.ts";
import type { ModelRuntime } from "./model-runtime.ts";

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
