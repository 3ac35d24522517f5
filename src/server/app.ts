import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import { isConnectionLoss } from "../db/connection-loss.ts";
import type { Database } from "../db/database.ts";
import { createLoaders, type RequestContext, type Services } from "../resolvers/context.ts";
import { ApiKeyService } from "../services/api-key.service.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailablePlugin } from "./database-unavailable.ts";
import { requestBodyErrors } from "./body-errors.ts";
import { formatError } from "./error-formatting.ts";
import { buildGraphqlSchema } from "./graphql-schema.ts";
import { audioRouter } from "./audio-route.ts";
import { AudioUrlSigner } from "./audio-url-signer.ts";
import { ServerMetrics } from "./metrics.ts";
import { queryLimitsPlugin, type QueryLimits } from "./query-limits.ts";
import { END_USER_HEADER, endUserOf, RateLimiters } from "./rate-limit.ts";
import { identifyCaller, type Caller } from "./request-auth.ts";
import { webRouter } from "./web-static.ts";
import { loggablePath, processSecrets } from "./secret-redaction.ts";

export interface AppOptions {
  db: Database;
  runtime: ModelRuntime;
  services: Services;
  logger: Logger;
  /** a bearer token granting every scope (the local operator's; API keys carry their own scopes) */
  adminToken: string | null;
  development: boolean;
  /** may callers without a key search? (default: only in development) */
  anonymousSearch?: boolean;
  limits?: QueryLimits;
  rateLimitPerMinute?: number;
  /** folders API keys may ingest from; the admin token is not restricted */
  libraryRoots?: readonly string[];
  metrics?: ServerMetrics;
  /** where the built web page lives (default web/dist) */
  webDist?: string;
}

export interface App {
  express: Express;
  apollo: ApolloServer<RequestContext>;
  metrics: ServerMetrics;
  keys: ApiKeyService;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 8, maxCost: 5000 };

interface Locals {
  caller?: Caller;
  authError?: Error;
}

/** A GraphQL-shaped error response for requests refused before Apollo sees them. */
function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * HTTP surface: /graphql, /healthz (process up), /readyz (database answers, model loaded), /metrics,
 * /audio/:id (signed URLs from Track.audioUrl), the search page at / and the explorer at /explorer.
 */
export async function createApp(opts: AppOptions): Promise<App> {
  const schema = await buildGraphqlSchema();
  const metrics = opts.metrics ?? new ServerMetrics();
  const keys = new ApiKeyService(opts.db);
  const limiter = new RateLimiters(opts.rateLimitPerMinute ?? 600);
  const audioUrls = new AudioUrlSigner(opts.adminToken);
  processSecrets.add(opts.adminToken);
  const auth = { adminToken: opts.adminToken, anonymousSearch: opts.anonymousSearch ?? opts.development, keys };

  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: opts.development,
    includeStacktraceInErrorResponses: opts.development,
    // csrfPrevention (on by default) refuses simple cross-site requests; persisted queries (APQ)
    // are on by default with an in-memory cache.
    plugins: [queryLimitsPlugin(schema, opts.limits ?? DEFAULT_LIMITS), metrics.plugin(), databaseUnavailablePlugin()],
    formatError: (formatted, error) => formatError(formatted, error, { development: opts.development }),
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.use(
    pinoHttp({
      logger: opts.logger,
      genReqId: (req, res) => {
        const given = req.headers["x-request-id"];
        const id = typeof given === "string" && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/metrics" },
      // At info one short line per request; headers (credentials removed by the logger) only at debug.
      serializers: {
        req: (req: { method: string; url: string; originalUrl?: string; headers: Record<string, unknown> }) =>
          opts.logger.isLevelEnabled("debug")
            ? { method: req.method, url: loggablePath(req.originalUrl ?? req.url), headers: req.headers }
            : { method: req.method, url: loggablePath(req.originalUrl ?? req.url) },
        res: (res: { statusCode: number; headers?: Record<string, unknown> }) =>
          opts.logger.isLevelEnabled("debug") ? { statusCode: res.statusCode, headers: res.headers } : { statusCode: res.statusCode },
      },
      customProps: (req) => {
        const op = (req as Request).body?.operationName;
        return typeof op === "string" && op.length <= 100 ? { operation: op } : {};
      },
      customSuccessMessage: (req, res, ms) => `${req.method} ${loggablePath((req as Request).originalUrl ?? req.url)} ${res.statusCode} ${Math.round(ms)} ms`,
      customErrorMessage: (req, res) => `${req.method} ${loggablePath((req as Request).originalUrl ?? req.url)} ${res.statusCode} failed`,
    }),
  );
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (req, res) => {
    try {
      await opts.db.query("SELECT 1");
      res.json({ status: "ready", database: opts.db.kind, model: opts.runtime.model.version });
    } catch (err) {
      req.log.warn({ err }, "readiness check failed");
      res.status(503).json({ status: "unavailable", reason: "database not reachable" });
    }
  });
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const identify = async (req: Request, res: Response, next: NextFunction) => {
    const locals = res.locals as Locals;
    try {
      locals.caller = await identifyCaller(req, auth);
    } catch (err) {
      // Looking the key up needs the database: an outage is not a wrong key.
      if (isConnectionLoss(err)) {
        res.setHeader("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
        return refuse(res, 503, "DATABASE_UNAVAILABLE", "the database is unavailable; retry shortly");
      }
      metrics.rejected.inc({ reason: "unauthenticated" });
      return refuse(res, 401, "UNAUTHENTICATED", (err as Error).message);
    }
    const caller = locals.caller;
    let retryAfter = await limiter.consume(caller.id, caller.rateLimitPerMinute);
    // A frontend key allowed to name its end users: each one has a bucket of its own (under the
    // key's own limit, consumed above); keys not allowed to have the header ignored.
    if (retryAfter === null && caller.endUserRateLimitPerMinute) {
      const endUser = endUserOf(req.headers[END_USER_HEADER]);
      if (endUser === undefined) return refuse(res, 400, "BAD_USER_INPUT", `${END_USER_HEADER} must be 1-200 visible ASCII characters`);
      if (endUser !== null) retryAfter = await limiter.consume(`${caller.id}|user:${endUser}`, caller.endUserRateLimitPerMinute);
    }
    if (retryAfter !== null) {
      metrics.rejected.inc({ reason: "rate_limited" });
      res.setHeader("retry-after", String(retryAfter));
      return refuse(res, 429, "RATE_LIMITED", `rate limit exceeded; retry in ${retryAfter} s`);
    }
    next();
  };

  app.use(
    "/graphql",
    identify,
    express.json({ limit: "256kb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = (res.locals as Locals).caller!;
        return {
          requestId: String(req.id),
          services: opts.services,
          loaders: createLoaders(opts.db, caller.catalogs ?? null),
          scopes: caller.scopes,
          catalogs: caller.catalogs ?? null,
          callerId: caller.id,
          apiKeys: keys,
          libraryRoots: opts.libraryRoots ?? [],
          audioUrls,
        };
      },
    }),
    requestBodyErrors(metrics),
  );
  app.use(audioRouter({ tracks: opts.services.tracks, signer: audioUrls, logger: opts.logger }));
  app.use(webRouter(opts.webDist));
  return { express: app, apollo, metrics, keys };
}
