import type { Database } from "../../db/database.ts";
import { ImputationRepository } from "../../db/repositories/imputation.repository.ts";
import type { JobRecord } from "../../db/repositories/job.repository.ts";
import { TrackRepository } from "../../db/repositories/track.repository.ts";
import { IMPUTED_FIELDS, imputeField, knownValue, type Imputation } from "../../ingest/imputation.ts";
import type { ModelRuntime } from "../../services/model-runtime.ts";
import { addDescriptions } from "../description-store.ts";
import { PermanentJobError, type JobOutcome } from "../job-handler.ts";

export interface ImputationSettings {
  k: number;
  audioWeight: number;
}

/**
 * `imputation`: fills the genre, mood and bpm a track lacks from its k nearest neighbours
 * (weighted audio + description similarity). Values go to `metadata.imputed.<field>` with their
 * confidence and neighbour ids, and as `imputed` descriptions (kept out of the fused embedding).
 */
export function imputationHandler(runtime: ModelRuntime, settings: ImputationSettings) {
  return async (job: JobRecord, db: Database): Promise<JobOutcome> => {
    const trackId = String(job.payload.trackId);
    const [track] = await new TrackRepository(db).findByIds([trackId]);
    if (!track) throw new PermanentJobError(`track ${trackId} no longer exists`);
    const missing = IMPUTED_FIELDS.filter((f) => knownValue(track.metadata, f) === null);
    if (!missing.length) return { result: { trackId, imputed: [] } };
    // Neighbours that do not know the field are skipped, so look further than k.
    const neighbours = await new ImputationRepository(db).neighbours(trackId, runtime.model.id, settings.audioWeight, settings.k * 5);
    const imputed = missing.map((f) => imputeField(f, neighbours, settings.k)).filter((x): x is Imputation => x !== null);
    if (!imputed.length) return { result: { trackId, imputed: [] } };
    const method = { method: "knn-weighted-vote", k: settings.k, audioWeight: settings.audioWeight, model: runtime.model.version };
    await addDescriptions(
      db,
      runtime,
      trackId,
      imputed.map((i) => ({
        source: "imputed" as const,
        text: `${i.field}: ${i.value}`,
        provenance: { origin: "imputation", field: i.field, confidence: i.confidence, neighbours: i.neighbours, ...method },
      })),
      { imputed: Object.fromEntries(imputed.map((i) => [i.field, { value: i.value, confidence: i.confidence, neighbours: i.neighbours, ...method }])) },
    );
    return { result: { trackId, imputed: imputed.map((i) => i.field) } };
  };
}
