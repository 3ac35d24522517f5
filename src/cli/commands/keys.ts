import type { Command } from "commander";
import { loadConfig, type Config } from "../../config.ts";
import type { ApiKeyService } from "../../services/api-key.service.ts";
import { graphqlRequest } from "../graphql-client.ts";
import { readServerHandle } from "../../runtime/server-handle.ts";

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  catalogs: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Runs `local` against the database, or `remote` through a running server when the server owns
 * the embedded database (only one process may open it).
 */
async function withKeys<T>(cfg: Config, local: (keys: ApiKeyService) => Promise<T>, remote: (url: string, token: string) => Promise<T>): Promise<T> {
  const handle = cfg.databaseUrl ? null : await readServerHandle(cfg.dataDir);
  if (handle) return remote(handle.url, handle.token);
  // Loaded only when this process opens the database itself: through a running server, `keys`
  // needs none of it and answers in well under a second (issue #17).
  const [{ openDatabase }, { ApiKeyService }, { lockDataDir, pgliteDir }] = await Promise.all([
    import("../../db/connect.ts"),
    import("../../services/api-key.service.ts"),
    import("../../runtime/data-dir-lock.ts"),
  ]);
  const release = cfg.databaseUrl ? null : await lockDataDir(cfg.dataDir);
  try {
    const db = await openDatabase({ url: cfg.databaseUrl, dataDir: pgliteDir(cfg.dataDir), vectorIndex: cfg.vectorIndex });
    try {
      return await local(new ApiKeyService(db));
    } finally {
      await db.close();
    }
  } finally {
    await release?.();
  }
}

const KEY_FIELDS = "id name prefix scopes catalogs rateLimitPerMinute endUserRateLimitPerMinute createdAt lastUsedAt revokedAt";

const collect = (value: string, previous: string[]) => [...previous, value];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number above 0, got ${value}`);
  return n;
};

export function registerKeysCommand(program: Command): void {
  const keys = program.command("keys").description("manage API keys (scopes: search, ingest, experiments:admin, catalog:admin)");

  keys
    .command("create")
    .description("create a key and print it once")
    .requiredOption("--scope <scope...>", "one or more of search, ingest, experiments:admin, catalog:admin")
    .option("--name <name>", "what the key is for", "cli")
    .option("--catalog <name>", "limit the key to this catalog (repeat for several); default: every catalog", collect, [])
    .option("--rate-limit <perMinute>", "requests per minute for this key (default: the server's)", positiveInt)
    .option("--end-user-rate-limit <perMinute>", "let the key name its end user in x-tunelens-end-user, each limited to this many requests per minute", positiveInt)
    .action(async (opts: { scope: string[]; name: string; catalog: string[]; rateLimit?: number; endUserRateLimit?: number }) => {
      const cfg = loadConfig();
      const limits = { catalogs: opts.catalog.length ? opts.catalog : null, rateLimitPerMinute: opts.rateLimit ?? null, endUserRateLimitPerMinute: opts.endUserRateLimit ?? null };
      const created = await withKeys(
        cfg,
        async (svc) => {
          const { key, record } = await svc.create(opts.name, opts.scope, limits);
          return { key, prefix: record.prefix, scopes: record.scopes, catalogs: record.catalogs };
        },
        async (url, token) => {
          const data = await graphqlRequest<{ createApiKey: { key: string; apiKey: KeyRow } }>(
            url, token,
            `mutation($n: String!, $s: [String!]!, $c: [String!], $r: Int, $e: Int) {
               createApiKey(name: $n, scopes: $s, catalogs: $c, rateLimitPerMinute: $r, endUserRateLimitPerMinute: $e) { key apiKey { ${KEY_FIELDS} } } }`,
            { n: opts.name, s: opts.scope, c: limits.catalogs, r: limits.rateLimitPerMinute, e: limits.endUserRateLimitPerMinute },
          );
          const k = data.createApiKey.apiKey;
          return { key: data.createApiKey.key, prefix: k.prefix, scopes: k.scopes, catalogs: k.catalogs };
        },
      );
      const where = created.catalogs ? ` on catalog(s) ${created.catalogs.join(", ")}` : "";
      process.stderr.write(`created key ${created.prefix} with scopes ${created.scopes.join(", ")}${where}; it is shown only this once:\n`);
      process.stdout.write(`${created.key}\n`);
    });

  keys
    .command("list")
    .description("list keys (never their secrets)")
    .action(async () => {
      const cfg = loadConfig();
      const rows = await withKeys(
        cfg,
        async (svc) => (await svc.list()).map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null, revokedAt: r.revokedAt?.toISOString() ?? null })),
        async (url, token) => (await graphqlRequest<{ apiKeys: KeyRow[] }>(url, token, `{ apiKeys { ${KEY_FIELDS} } }`, {})).apiKeys,
      );
      for (const r of rows) {
        process.stdout.write(`${r.prefix}  ${r.revokedAt ? "revoked" : "active "}  ${r.scopes.join(",").padEnd(32)}  ${(r.catalogs?.join(",") ?? "*").padEnd(20)}  ${r.name}  (created ${r.createdAt})\n`);
      }
    });

  keys
    .command("limit")
    .description("change a key's rate limits, keeping its secret (applies at once; in other server processes within 30 s)")
    .argument("<prefix-or-id>")
    .option("--rate-limit <perMinute>", "requests per minute for the key", positiveInt)
    .option("--end-user-rate-limit <perMinute>", "requests per minute for each end user the key names", positiveInt)
    .action(async (idOrPrefix: string, opts: { rateLimit?: number; endUserRateLimit?: number }) => {
      const cfg = loadConfig();
      const limits = { rateLimitPerMinute: opts.rateLimit ?? null, endUserRateLimitPerMinute: opts.endUserRateLimit ?? null };
      const changed = await withKeys(
        cfg,
        async (svc) => (await svc.setLimits(idOrPrefix, limits)).length,
        async (url, token) =>
          (
            await graphqlRequest<{ setApiKeyLimits: unknown[] }>(url, token, `mutation($k: String!, $r: Int, $e: Int) { setApiKeyLimits(idOrPrefix: $k, rateLimitPerMinute: $r, endUserRateLimitPerMinute: $e) { id } }`, {
              k: idOrPrefix,
              r: limits.rateLimitPerMinute,
              e: limits.endUserRateLimitPerMinute,
            })
          ).setApiKeyLimits.length,
      );
      process.stdout.write(`changed the limits of ${changed} key(s)\n`);
      if (changed === 0) process.exitCode = 1;
    });

  keys
    .command("revoke")
    .description("revoke a key by its prefix or id")
    .argument("<prefix-or-id>")
    .action(async (idOrPrefix: string) => {
      const cfg = loadConfig();
      const n = await withKeys(
        cfg,
        (svc) => svc.revoke(idOrPrefix),
        async (url, token) => (await graphqlRequest<{ revokeApiKey: number }>(url, token, `mutation($k: String!) { revokeApiKey(idOrPrefix: $k) }`, { k: idOrPrefix })).revokeApiKey,
      );
      process.stdout.write(`revoked ${n} key(s)\n`);
      if (n === 0) process.exitCode = 1;
    });
}
