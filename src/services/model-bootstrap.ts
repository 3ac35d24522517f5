import type { Database } from "../db/database.ts";
import { ModelRepository } from "../db/repositories/model.repository.ts";
import type { ModelManifest } from "../embedding/model-manifest.ts";
import type { Encoder } from "../embedding/encoder.ts";
import type { ModelRuntime } from "./model-runtime.ts";

/**
 * Registers the model this process serves, builds its vector indexes and makes it the active
 * one. Tracks embedded by an earlier model are re-embedded by `ReembedService` afterwards.
 */
export async function bootstrapModel(db: Database, encoder: Encoder, manifest: ModelManifest): Promise<ModelRuntime> {
  const models = new ModelRepository(db);
  const model = await db.transaction(async (tx) => {
    const repo = new ModelRepository(tx);
    const record = await repo.register({
      version: encoder.modelVersion,
      name: manifest.name,
      dimensions: encoder.dimensions,
      metrics: manifest.metrics,
    });
    await repo.activate(record.id);
    return { ...record, active: true };
  });
  await models.ensureVectorIndexes(model);
  return { encoder, model };
}
