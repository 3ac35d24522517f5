import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { ApiKeyRecord } from "../db/repositories/api-key.repository.ts";
import { ApiKey, CreatedApiKey } from "../schema/api-key.type.ts";
import type { ApiKeyService } from "../services/api-key.service.ts";
import { ForbiddenError, UnauthenticatedError } from "../services/errors.ts";
import type { RequestContext } from "./context.ts";

/** Key management belongs to the operator (the admin token), never to a key. */
function keyAdmin(ctx: RequestContext): ApiKeyService {
  if (ctx.callerId !== "admin") {
    if (!ctx.callerId || ctx.callerId.startsWith("ip:")) throw new UnauthenticatedError("managing keys needs the admin token");
    throw new ForbiddenError("keys cannot manage keys; use the admin token");
  }
  if (!ctx.apiKeys) throw new Error("API keys are not configured in this context");
  return ctx.apiKeys;
}

const toApiKey = (r: ApiKeyRecord): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  catalogs: r.catalogs,
  rateLimitPerMinute: r.rateLimitPerMinute,
  endUserRateLimitPerMinute: r.endUserRateLimitPerMinute,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

@Resolver()
export class ApiKeyResolver {
  @Mutation(() => CreatedApiKey, { description: "Create an API key with scopes among search, ingest, experiments:admin, catalog:admin (admin token only)" })
  async createApiKey(
    @Arg("name", () => String) name: string,
    @Arg("scopes", () => [String]) scopes: string[],
    @Arg("catalogs", () => [String], {
      nullable: true,
      description: "limit the key to these catalogs: it sees, searches, plays, counts, ingests and edits only their tracks (not with experiments:admin); omitted = every catalog",
    })
    catalogs: string[] | null,
    @Arg("rateLimitPerMinute", () => Int, { nullable: true, description: "requests per minute for this key (default: the server's)" }) rateLimitPerMinute: number | null,
    @Arg("endUserRateLimitPerMinute", () => Int, {
      nullable: true,
      description: "let the key name its end user in x-tunelens-end-user; each end user gets this many requests per minute",
    })
    endUserRateLimitPerMinute: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatedApiKey> {
    const { key, record } = await keyAdmin(ctx).create(name, scopes, { catalogs, rateLimitPerMinute, endUserRateLimitPerMinute });
    return { key, apiKey: toApiKey(record) };
  }

  @Mutation(() => [ApiKey], {
    description: "Change a live key's rate limits, keeping its secret (e.g. raise a frontend's limit); omitted limits stay as they are. Returns the changed keys (admin token only)",
  })
  async setApiKeyLimits(
    @Arg("idOrPrefix", () => String) idOrPrefix: string,
    @Arg("rateLimitPerMinute", () => Int, { nullable: true, description: "requests per minute for the key (all its end users together)" }) rateLimitPerMinute: number | null,
    @Arg("endUserRateLimitPerMinute", () => Int, { nullable: true, description: "requests per minute for each end user the key names in x-tunelens-end-user" })
    endUserRateLimitPerMinute: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiKey[]> {
    return (await keyAdmin(ctx).setLimits(idOrPrefix, { rateLimitPerMinute, endUserRateLimitPerMinute })).map(toApiKey);
  }

  @Mutation(() => Int, { description: "Revoke keys by id or prefix; returns how many were revoked (admin token only)" })
  revokeApiKey(@Arg("idOrPrefix", () => String) idOrPrefix: string, @Ctx() ctx: RequestContext): Promise<number> {
    return keyAdmin(ctx).revoke(idOrPrefix);
  }

  @Query(() => [ApiKey], { description: "All keys, revoked ones included (admin token only)" })
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return (await keyAdmin(ctx).list()).map(toApiKey);
  }
}
