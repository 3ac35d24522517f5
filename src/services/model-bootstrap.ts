import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../db/database.ts";
import { JobRepository } from "../db/repositories/job.repository.ts";
import { ModelProgressRepository } from "../db/repositories/model-progress.repository.ts";
import { ModelRepository, type ModelRecord } from "../db/repositories/model.repository.ts";
import { readModelManifest } from "../embedding/model-manifest.ts";
import type { Encoder } from "../embedding/encoder.ts";
import type { ModelRuntime } from "./model-runtime.ts";

/**
 * Registers the model this process serves, builds its vector indexes and makes it the active
 * one. Tracks embedded by an earlier model are re-embedded by re-embedding jobs afterwards
 * (`tunelens worker --reembed`, or `tunelens models embed|activate`).
 */
export async function bootstrapModel(db: Database, encoder: Encoder, manifest: { name: string; metrics: Record<string, unknown> }): Promise<ModelRuntime> {
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

/**
 * Queues a re-embedding job for every track the served model has no audio vector for, as
 * `tunelens models embed` does (deduplicated per track and version, so calling it on every start
 * is idempotent). This is the upgrade path: when the default model's files are replaced by a new
 * version (v0.3 → v0.4), the new version becomes active with no vectors, and without these jobs
 * every search would answer nothing until someone ran `models embed`. Returns how many were queued.
 */
export async function queueMissingEmbeddings(db: Database, model: Pick<ModelRecord, "id" | "version">): Promise<number> {
  const missing = await new ModelProgressRepository(db).missingTrackIds(model.id);
  if (!missing.length) return 0;
  return new JobRepository(db).enqueue(
    missing.map((trackId) => ({ kind: "re-embedding" as const, dedupeKey: `${trackId}:${model.version}`, payload: { trackId, model: model.version } })),
  );
}

/**
 * Which model folder `serve` (and every command) loads: the active model of the database when
 * its folder is under `modelsDir` (it was activated with `tunelens models activate`, so a
 * restart keeps serving it), else the configured TUNELENS_MODEL_DIR, which then becomes active —
 * as before several models existed, so replacing the files of the default model still upgrades it.
 */
export async function servedModelDir(db: Database, configuredDir: string, modelsDir: string): Promise<string> {
  const active = await new ModelRepository(db).findActive();
  if (!active) return configuredDir;
  const configured = await readModelManifest(configuredDir);
  if (configured.manifest.version === active.version) return configuredDir;
  const folders = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  for (const f of folders) {
    if (!f.isDirectory()) continue;
    const dir = path.join(modelsDir, f.name);
    const found = await readModelManifest(dir).catch(() => null);
    if (found?.manifest.version === active.version) return dir;
  }
  return configuredDir;
}
