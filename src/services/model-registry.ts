import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../db/database.ts";
import { ModelRepository } from "../db/repositories/model.repository.ts";
import { loadAnyEncoder } from "../embedding/composed-encoder.ts";
import type { Encoder } from "../embedding/encoder.ts";
import { readModelManifest, type ModelManifest } from "../embedding/model-manifest.ts";
import type { OpenAiEndpoint } from "../embedding/openai-text-tower.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";
import type { ModelRuntime } from "./model-runtime.ts";

/** Every folder of `modelsDir` holding a model.json, with its manifest or why it cannot be used. */
export async function discoverModelFolders(modelsDir: string): Promise<DiscoveredModel[]> {
  let entries: string[];
  try {
    entries = (await readdir(modelsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
  const found = await Promise.all(
    entries.map(async (folder): Promise<DiscoveredModel | null> => {
      const dir = path.join(modelsDir, folder);
      try {
        return { ok: true, folder, dir, manifest: (await readModelManifest(dir)).manifest };
      } catch (err) {
        const message = (err as Error).message;
        return message.startsWith("model manifest not found") ? null : { ok: false, folder, dir, error: message };
      }
    }),
  );
  return found.filter((d): d is DiscoveredModel => d !== null);
}

/** pgvector's limit for an HNSW index over `vector(N)` (model.repository.ts indexes every model). */
const MAX_INDEXED_DIMENSIONS = 2000;

/** A folder under the models directory, with its manifest or why it could not be read. */
export type DiscoveredModel =
  | { ok: true; folder: string; dir: string; manifest: ModelManifest }
  | { ok: false; folder: string; dir: string; error: string };

export interface ModelRegistryOptions {
  /** `models/` (TUNELENS_MODELS_DIR): every `<folder>/model.json` is a model */
  modelsDir: string;
  /** the model this process was started with (TUNELENS_MODEL_DIR); never loaded twice */
  served: ModelRuntime & { dir?: string };
  openai?: OpenAiEndpoint | null;
  threads?: number;
  /** wraps every encoder the registry opens (the server times them for /metrics) */
  wrapEncoder?: (encoder: Encoder) => Encoder;
  /** how long the active model's row is trusted before it is read again */
  activeTtlMs?: number;
}

/**
 * The embedding spaces this process can serve: discovers `models/*∕model.json`, opens encoders
 * lazily (one per version, kept until close), and answers "which model does this request use" —
 * a named one, or the active row of the `models` table, re-read at most every `activeTtlMs` so an
 * activation elsewhere (CLI, another server) reaches this process without a restart.
 */
export class ModelRegistry {
  private readonly models: ModelRepository;
  private readonly runtimes = new Map<string, Promise<ModelRuntime>>();
  private activeCache: { at: number; runtime: Promise<ModelRuntime> } | null = null;
  private discovered: { at: number; list: Promise<DiscoveredModel[]> } | null = null;

  constructor(
    private readonly db: Database,
    private readonly opts: ModelRegistryOptions,
  ) {
    this.models = new ModelRepository(db);
    this.runtimes.set(opts.served.model.version, Promise.resolve(opts.served));
  }

  get served(): ModelRuntime {
    return this.opts.served;
  }

  /**
   * Every folder with a model.json under the models directory (invalid ones with their error).
   * Read again after a second at most: searches naming a model call this, and a folder dropped
   * into models/ should appear without a restart.
   */
  discover(): Promise<DiscoveredModel[]> {
    if (this.discovered && Date.now() - this.discovered.at < 1000) return this.discovered.list;
    const list = this.scan();
    this.discovered = { at: Date.now(), list };
    return list;
  }

  private scan(): Promise<DiscoveredModel[]> {
    return discoverModelFolders(this.opts.modelsDir);
  }

  /** The model a name refers to: manifest name, version or folder name. Unknown → NOT_FOUND. */
  async find(name: string): Promise<{ dir: string; manifest: ModelManifest }> {
    const all = await this.discover();
    const hit = all.find((d) => d.folder === name || (d.ok && (d.manifest.name === name || d.manifest.version === name)));
    if (hit && !hit.ok) throw new InvalidInputError(`model ${name}: ${hit.error}`);
    if (hit?.ok) return hit;
    const served = this.opts.served;
    if ((served.model.name === name || served.model.version === name) && served.dir) {
      return { dir: served.dir, manifest: (await readModelManifest(served.dir)).manifest };
    }
    const known = all.filter((d) => d.ok).map((d) => (d.ok ? d.manifest.name : ""));
    // The folder is not named: the message reaches anonymous callers (issue #16).
    throw new NotFoundError(`unknown model ${JSON.stringify(name)}; available: ${known.join(", ") || "none"}`);
  }

  /**
   * Opens a model for embedding: registers its row (never activating it), creates its partial
   * HNSW indexes and loads its encoder. Idempotent.
   */
  async prepare(name: string): Promise<ModelRuntime> {
    if (this.isServed(name)) return this.opts.served;
    const { dir, manifest } = await this.find(name);
    if (manifest.dimensions > MAX_INDEXED_DIMENSIONS) {
      throw new InvalidInputError(`model ${name}: ${manifest.dimensions} dimensions; pgvector's HNSW index over vector(N) takes at most ${MAX_INDEXED_DIMENSIONS}`);
    }
    const record = await this.models.register({ version: manifest.version, name: manifest.name, dimensions: manifest.dimensions, metrics: manifest.metrics });
    await this.models.ensureVectorIndexes(record);
    return this.open(dir, manifest, record.id);
  }

  /**
   * The model a search runs on: `name` when given (it must have been embedded: registered by
   * `models embed`), else the active one. Loads the encoder on first use.
   */
  async resolve(name?: string | null): Promise<ModelRuntime> {
    if (!name) return this.active();
    if (this.isServed(name)) return this.opts.served;
    const { dir, manifest } = await this.find(name);
    const record = await this.models.findByVersion(manifest.version);
    if (!record) throw new NotFoundError(`model ${name} has no embeddings yet; run \`tunelens models embed ${name}\``);
    return this.open(dir, manifest, record.id);
  }

  /** The active model (the served one when the active row names a model not found on disk). */
  active(): Promise<ModelRuntime> {
    const ttl = this.opts.activeTtlMs ?? 1000;
    if (this.activeCache && Date.now() - this.activeCache.at < ttl) return this.activeCache.runtime;
    const runtime = (async () => {
      const row = await this.models.findActive();
      if (!row || row.version === this.opts.served.model.version) return this.opts.served;
      const cached = this.runtimes.get(row.version);
      if (cached) return cached;
      const hit = (await this.discover()).find((d) => d.ok && d.manifest.version === row.version);
      return hit?.ok ? this.open(hit.dir, hit.manifest, row.id) : this.opts.served;
    })();
    // a failed lookup is not cached: the next request tries again
    runtime.catch(() => (this.activeCache = null));
    this.activeCache = { at: Date.now(), runtime };
    return runtime;
  }

  /** Forget the cached active model (after this process activated another). */
  invalidateActive(): void {
    this.activeCache = null;
  }

  /** Closes every encoder the registry opened (not the served one: its owner closes it). */
  async close(): Promise<void> {
    const opened = [...this.runtimes.entries()].filter(([version]) => version !== this.opts.served.model.version);
    this.runtimes.clear();
    await Promise.all(opened.map(async ([, r]) => (await r.catch(() => null))?.encoder.close()));
  }

  private isServed(name: string): boolean {
    const m = this.opts.served.model;
    return m.name === name || m.version === name;
  }

  private open(dir: string, manifest: ModelManifest, modelId: number): Promise<ModelRuntime> {
    let runtime = this.runtimes.get(manifest.version);
    if (!runtime) {
      runtime = (async () => {
        const encoder = await loadAnyEncoder(dir, { threads: this.opts.threads, openai: this.opts.openai ?? null });
        const wrapped = this.opts.wrapEncoder ? this.opts.wrapEncoder(encoder) : encoder;
        return {
          encoder: wrapped,
          model: { id: modelId, version: manifest.version, name: manifest.name, dimensions: manifest.dimensions, active: false, metrics: manifest.metrics },
        };
      })();
      // a model that failed to load (bad ONNX file) is retried on the next request, not cached
      runtime.catch(() => this.runtimes.delete(manifest.version));
      this.runtimes.set(manifest.version, runtime);
    }
    return runtime;
  }
}
