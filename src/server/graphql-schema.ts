import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { scopeAuthChecker } from "../resolvers/auth.ts";
import { ApiKeyResolver } from "../resolvers/api-key.resolver.ts";
import { ExperimentResolver } from "../resolvers/experiment.resolver.ts";
import { IngestResolver } from "../resolvers/ingest.resolver.ts";
import { ModelResolver } from "../resolvers/model.resolver.ts";
import { SearchResolver } from "../resolvers/search.resolver.ts";
import { SearchByExampleResolver } from "../resolvers/search-by-example.resolver.ts";
import { TrackResolver } from "../resolvers/track.resolver.ts";
import { TrackLabelsResolver } from "../resolvers/track-labels.resolver.ts";
import { TrackLifecycleResolver } from "../resolvers/track-lifecycle.resolver.ts";
import { AdminTaskResolver } from "../resolvers/admin-task.resolver.ts";
import { AdminReadResolver } from "../resolvers/admin-read.resolver.ts";

let cached: Promise<GraphQLSchema> | null = null;

/** The executable schema (built once per process: type-graphql metadata is global). */
export function buildGraphqlSchema(): Promise<GraphQLSchema> {
  // Validation happens in the services (limits.ts), not through class-validator decorators.
  cached ??= buildSchema({ resolvers: [TrackResolver, TrackLabelsResolver, SearchResolver, SearchByExampleResolver, IngestResolver, ApiKeyResolver, ExperimentResolver, ModelResolver, TrackLifecycleResolver, AdminTaskResolver, AdminReadResolver], validate: false, authChecker: scopeAuthChecker });
  return cached;
}
