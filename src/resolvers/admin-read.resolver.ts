import { Ctx, Query, Resolver } from "type-graphql";
import { CatalogIndexInfo, LabelClusters } from "../schema/admin-read.type.ts";
import { inScope } from "../services/catalog-scope.ts";
import { UnavailableError } from "../services/errors.ts";
import { requireScope } from "./auth.ts";
import { catalogScope, type RequestContext } from "./context.ts";

/**
 * Read-only admin views through the running server (issue #19 item 4), so `tunelens labels show`
 * and `index list` need not open the embedded database the server holds. Scope catalog:admin.
 */
@Resolver()
export class AdminReadResolver {
  @Query(() => LabelClusters, {
    description: "The served model's label clusters with their members (scope catalog:admin; clusters serve every catalog, so a catalog-scoped key reads them too)",
  })
  async labelClusters(@Ctx() ctx: RequestContext): Promise<LabelClusters> {
    requireScope(ctx, "catalog:admin");
    const svc = ctx.services.labelClusters;
    if (!svc) throw new UnavailableError("label clusters are not available on this server");
    const clusters = await svc.clusters();
    return { model: svc.modelVersion, clusters: clusters.map(({ clusterId, name, threshold, members }) => ({ clusterId, name, threshold, members })) };
  }

  @Query(() => [CatalogIndexInfo], { description: "Per-catalog HNSW indexes, one per catalog, model and kind (scope catalog:admin; a catalog-scoped key sees its catalogs' only)" })
  async catalogIndexes(@Ctx() ctx: RequestContext): Promise<CatalogIndexInfo[]> {
    requireScope(ctx, "catalog:admin");
    const svc = ctx.services.catalogIndexes;
    if (!svc) throw new UnavailableError("catalog indexes are not available on this server");
    const scope = catalogScope(ctx);
    return (await svc.list()).filter((r) => inScope(scope, r.catalog));
  }
}
