import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

export const ADMIN = "tenants-admin-token-0123456789abcdef";

export interface Reply {
  status: number;
  body: { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** Back ends for a real HTTP server: embedded PGlite always, PostgreSQL when TUNELENS_TEST_DATABASE_URL is set. */
export function serverBackends(): Array<"pglite" | "postgres"> {
  return process.env.TUNELENS_TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** A production-mode server (no anonymous access) on the back end, plus a GraphQL helper. */
export async function startTestServer(backend: "pglite" | "postgres", env: Record<string, string> = {}) {
  let databaseUrl = "";
  let drop: (() => Promise<void>) | null = null;
  if (backend === "postgres") {
    const base = process.env.TUNELENS_TEST_DATABASE_URL!;
    const name = `tunelens_t_${randomBytes(5).toString("hex")}`;
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = async () => {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    };
  }
  const cfg = loadConfig({
    TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: databaseUrl, PORT: "0", NODE_ENV: "production",
    TUNELENS_ADMIN_TOKEN: ADMIN, TUNELENS_ANONYMOUS_SEARCH: "false", TUNELENS_RATE_LIMIT_PER_MINUTE: "100000",
    TUNELENS_IN_PROCESS_WORKER: "off",
    ...env,
  });
  const server: RunningServer = await startServer(cfg, createLogger("silent"), { inMemory: true });
  const post = async (query: string, opts: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {}): Promise<Reply> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: JSON.stringify({ query, variables: opts.variables ?? {} }),
    });
    return { status: res.status, body: (await res.json()) as Reply["body"] };
  };
  const createKey = async (scopes: string[], extra: { catalogs?: string[]; rateLimitPerMinute?: number; endUserRateLimitPerMinute?: number } = {}) => {
    const r = await post(
      `mutation($s: [String!]!, $c: [String!], $r: Int, $e: Int) { createApiKey(name: "t", scopes: $s, catalogs: $c, rateLimitPerMinute: $r, endUserRateLimitPerMinute: $e) { key } }`,
      { token: ADMIN, variables: { s: scopes, c: extra.catalogs ?? null, r: extra.rateLimitPerMinute ?? null, e: extra.endUserRateLimitPerMinute ?? null } },
    );
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data!.createApiKey.key as string;
  };
  return {
    server,
    post,
    createKey,
    async stop() {
      await server.stop();
      await drop?.();
    },
  };
}

export const code = (r: Reply) => r.body.errors?.[0]?.extensions?.code;
