import DataLoader from "dataloader";
import type { Database } from "../db/database.ts";
import { DescriptionRepository } from "../db/repositories/description.repository.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import type { Loaders } from "../resolvers/context.ts";
import type { CatalogScope } from "../services/catalog-scope.ts";

/**
 * Per-request loaders: N tracks or N description lists in one SQL query each. Built here, with the
 * rest of the request context, so that resolvers only ever see the loaders and never a repository.
 */
export function createLoaders(db: Database, scope: CatalogScope = null): Loaders {
  const tracks = new TrackRepository(db);
  const descriptions = new DescriptionRepository(db);
  return {
    // Scoped: a track of another tenant loads as null, wherever its id came from.
    track: new DataLoader((ids) => tracks.findByIds(ids, scope), { maxBatchSize: 500 }),
    descriptions: new DataLoader((ids) => descriptions.findByTrackIds(ids), { maxBatchSize: 500 }),
  };
}
