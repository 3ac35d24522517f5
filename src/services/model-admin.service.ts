import type { Database } from "../db/database.ts";
import { ModelProgressRepository, type EmbeddingProgress } from "../db/repositories/model-progress.repository.ts";
import { ModelRepository, type ModelRecord } from "../db/repositories/model.repository.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import { queueMissingEmbeddings } from "./model-bootstrap.ts";
import { ALL_CATALOGS, type CatalogScope } from "./catalog-scope.ts";
import type { ModelRegistry } from "./model-registry.ts";

export interface ModelStatus extends EmbeddingProgress {
  name: string;
  version: string;
  dimensions: number;
  active: boolean;
  /** has a row in `models` (embedding started at least once) */
  registered: boolean;
  /** folder holding model.json, when found on disk */
  dir: string | null;
  /** why the folder's manifest cannot be used */
  error: string | null;
}

export interface ActivationResult {
  status: ModelStatus;
  /** true when the model is active after the call */
  activated: boolean;
  /** re-embedding jobs queued by this call */
  queued: number;
}

const NO_PROGRESS: EmbeddingProgress = { totalTracks: 0, embeddedTracks: 0, pendingJobs: 0, failedJobs: 0 };

/**
 * Several embedding spaces side by side: lists models (on disk and in the database) with their
 * coverage, embeds the catalogue under a model through re-embedding jobs, and activates a model
 * once every track has its vectors. Until then searches keep using the previously active model,
 * so switching models never leaves queries without answers.
 */
export class ModelAdminService {
  private readonly models: ModelRepository;
  private readonly progress: ModelProgressRepository;

  constructor(
    private readonly db: Database,
    private readonly registry: ModelRegistry,
  ) {
    this.models = new ModelRepository(db);
    this.progress = new ModelProgressRepository(db);
  }

  /** Every model with its coverage, counted within `scope` (a catalog-scoped key's catalogs). */
  async list(scope: CatalogScope = ALL_CATALOGS): Promise<ModelStatus[]> {
    const [rows, discovered] = await Promise.all([this.models.list(), this.registry.discover()]);
    const byVersion = new Map(rows.map((r) => [r.version, r]));
    const out: ModelStatus[] = [];
    for (const d of discovered) {
      if (!d.ok) {
        out.push({ name: d.folder, version: "", dimensions: 0, active: false, registered: false, dir: d.dir, error: d.error, ...NO_PROGRESS });
        continue;
      }
      const row = byVersion.get(d.manifest.version);
      byVersion.delete(d.manifest.version);
      out.push(await this.statusOf(row ?? null, { name: d.manifest.name, version: d.manifest.version, dimensions: d.manifest.dimensions }, d.dir, scope));
    }
    // versions in the database whose files are elsewhere (TUNELENS_MODEL_DIR) or gone
    for (const row of byVersion.values()) out.push(await this.statusOf(row, row, null, scope));
    return out;
  }

  async status(name: string): Promise<ModelStatus> {
    const runtime = await this.registry.prepare(name);
    const row = await this.models.findByVersion(runtime.model.version);
    return this.statusOf(row, runtime.model, null);
  }

  /**
   * Registers the model, creates its indexes and queues a re-embedding job for every track it has
   * no vector for. Idempotent: jobs already queued are not queued twice, jobs that gave up are
   * queued again, so calling it again resumes an interrupted embedding.
   */
  async embed(name: string): Promise<{ status: ModelStatus; queued: number }> {
    const runtime = await this.registry.prepare(name);
    const queued = await queueMissingEmbeddings(this.db, runtime.model);
    return { status: await this.status(name), queued };
  }

  /**
   * Activates the model when every track has its embeddings; otherwise queues what is missing
   * and leaves the current model active (call again when the jobs are done — `tunelens models
   * activate` waits and does). Already active: nothing happens.
   */
  async activate(name: string): Promise<ActivationResult> {
    const runtime = await this.registry.prepare(name);
    const activated = await this.db.transaction((tx) => new ModelProgressRepository(tx).activateIfComplete(runtime.model.id));
    if (activated) {
      this.registry.invalidateActive();
      return { status: await this.status(name), activated, queued: 0 };
    }
    const { status, queued } = await this.embed(name);
    return { status, activated: false, queued };
  }

  private async statusOf(row: ModelRecord | null, m: { name: string; version: string; dimensions: number }, dir: string | null, scope: CatalogScope = ALL_CATALOGS): Promise<ModelStatus> {
    const progress = row ? await this.progress.progress(row.id, row.version, scope) : { ...NO_PROGRESS, totalTracks: await this.totalTracks(scope) };
    return { name: m.name, version: m.version, dimensions: m.dimensions, active: row?.active ?? false, registered: row !== null, dir, error: null, ...progress };
  }

  private totalTracks(scope: CatalogScope): Promise<number> {
    return new TrackRepository(this.db).count(scope);
  }
}
