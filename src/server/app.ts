import { randomUUID, timingSafeEqual } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express, type Request } from "express";
import type { Logger } from "pino";
import type { Database } from "../db/database.ts";
import { createLoaders, type RequestContext, type Scope, type Services } from "../resolvers/context.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { formatError } from "./error-formatting.ts";
import { buildGraphqlSchema } from "./graphql-schema.ts";

export interface AppOptions {
  db: Database;
  runtime: ModelRuntime;
  services: Services;
  logger: Logger;
  /** a bearer token granting every scope (the local operator's; API keys come with their own scopes) */
  adminToken: string | null;
  development: boolean;
}

export interface App {
  express: Express;
  apollo: ApolloServer<RequestContext>;
}

const ALL_SCOPES: ReadonlySet<Scope> = new Set<Scope>(["search", "ingest", "experiments:admin"]);
const ANONYMOUS_SCOPES: ReadonlySet<Scope> = new Set<Scope>(["search"]);

function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m ? m[1] : null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HTTP surface: /graphql, /healthz (process up), /readyz (database answers and a model is loaded). */
export async function createApp(opts: AppOptions): Promise<App> {
  const schema = await buildGraphqlSchema();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: opts.development,
    includeStacktraceInErrorResponses: opts.development,
    formatError: (formatted, error) => formatError(formatted, error, { development: opts.development }),
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await opts.db.query("SELECT 1");
      res.json({ status: "ready", database: opts.db.kind, model: opts.runtime.model.version });
    } catch (err) {
      opts.logger.warn({ err }, "readiness check failed");
      res.status(503).json({ status: "unavailable", reason: "database not reachable" });
    }
  });
  app.use(
    "/graphql",
    express.json({ limit: "256kb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const token = bearer(req);
        let scopes = ANONYMOUS_SCOPES;
        if (token !== null) {
          if (opts.adminToken && sameSecret(token, opts.adminToken)) scopes = ALL_SCOPES;
          else scopes = new Set<Scope>();
        }
        return {
          requestId: (req.headers["x-request-id"] as string | undefined)?.slice(0, 100) ?? randomUUID(),
          services: opts.services,
          loaders: createLoaders(opts.db),
          scopes,
        };
      },
    }),
  );
  return { express: app, apollo };
}
