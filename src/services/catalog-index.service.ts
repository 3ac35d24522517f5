import type { Database } from "../db/database.ts";
import {
  CatalogIndexRepository,
  InvalidCatalogNameError,
  catalogLiteral,
  type CatalogIndexRow,
} from "../db/repositories/catalog-index.repository.ts";
import { ModelRepository } from "../db/repositories/model.repository.ts";
import { InvalidInputError, NotFoundError } from "./errors.ts";

/** Memory for an HNSW build, so a large catalog's graph is built in memory rather than spilled. */
const BUILD_MEMORY = "1GB";

/**
 * Per-catalog partial HNSW indexes (issue #8): which catalogs have them, building them for every
 * registered model, dropping them. Searches filtered on one catalog use them by themselves
 * (search.repository.ts adds the matching condition); this service only manages them.
 */
export class CatalogIndexService {
  constructor(private readonly db: Database) {}

  /** Registers the catalog and builds its indexes for every model; returns the index names. */
  async create(catalog: string): Promise<string[]> {
    validate(catalog);
    const models = await new ModelRepository(this.db).list();
    await new CatalogIndexRepository(this.db).register(catalog);
    const names: string[] = [];
    for (const model of models) {
      // one transaction per model: a build interrupted half-way leaves the finished ones, and the
      // next `create` (or any model's ensureVectorIndexes) builds the rest (IF NOT EXISTS)
      names.push(
        ...(await this.db.transaction(async (tx) => {
          await tx.query(`SELECT set_config('maintenance_work_mem', $1, true)`, [BUILD_MEMORY]);
          return new CatalogIndexRepository(tx).ensureForModel(model, [catalog]);
        })),
      );
    }
    return names;
  }

  /** Drops the catalog's indexes (every model, both storages) and forgets it. */
  async drop(catalog: string): Promise<string[]> {
    validate(catalog);
    const repo = new CatalogIndexRepository(this.db);
    if (!(await repo.isRegistered(catalog))) throw new NotFoundError(`catalog ${JSON.stringify(catalog)} has no per-catalog indexes`);
    const models = await new ModelRepository(this.db).list();
    return this.db.transaction((tx) => new CatalogIndexRepository(tx).unregister(catalog, models));
  }

  async list(): Promise<CatalogIndexRow[]> {
    const models = await new ModelRepository(this.db).list();
    return new CatalogIndexRepository(this.db).list(models);
  }

  /**
   * Creates the indexes of every catalog that has reached `minTracks` tracks and has none yet
   * (Config.catalogIndexMinTracks — off by default, since building an HNSW graph is minutes of
   * CPU on a large catalog; null: nothing). Catalogs whose names cannot be indexed are skipped.
   * Returns the catalogs it indexed.
   */
  async autoCreate(minTracks: number | null): Promise<string[]> {
    if (minTracks === null) return [];
    const repo = new CatalogIndexRepository(this.db);
    const registered = new Set(await repo.catalogs());
    const created: string[] = [];
    for (const [catalog, n] of await repo.trackCounts()) {
      if (n < minTracks || registered.has(catalog) || !indexable(catalog)) continue;
      await this.create(catalog);
      created.push(catalog);
    }
    return created;
  }
}

function indexable(catalog: string): boolean {
  try {
    catalogLiteral(catalog);
    return true;
  } catch {
    return false;
  }
}

function validate(catalog: string): void {
  try {
    catalogLiteral(catalog);
  } catch (err) {
    if (err instanceof InvalidCatalogNameError) throw new InvalidInputError(err.message);
    throw err;
  }
}
