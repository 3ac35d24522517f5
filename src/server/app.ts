import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import { isConnectionLoss } from "../db/connection-loss.ts";
import type { Database } from "../db/database.ts";
import type { RequestContext, Services } from "../resolvers/context.ts";
import { ApiKeyService } from "../services/api-key.service.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailablePlugin } from "./database-unavailable.ts";
import { requestBodyErrors } from "./body-errors.ts";
import { createLoaders } from "./request-loaders.ts";
import { formatError } from "./error-formatting.ts";
import { buildGraphqlSchema } from "./graphql-schema.ts";
import { audioRouter } from "./audio-route.ts";
import { AudioUrlSigner } from "./audio-url-signer.ts";
import { ServerMetrics } from "./metrics.ts";
import { MAX_QUERY_TOKENS, queryLimitsPlugin, type QueryLimits } from "./query-limits.ts";
import { END_USER_HEADER, endUserOf, RateLimiter, RateLimiters } from "./rate-limit.ts";
import { hasCredentials, identifyCaller, isAdminRequest, type Caller } from "./request-auth.ts";
import { inputGuardPlugin } from "./input-guard.ts";
import { TrackSourceRepository } from "../db/repositories/track-source.repository.ts";
import { webRouter } from "./web-static.ts";
import graphqlUploadExpress from "graphql-upload/graphqlUploadExpress.mjs";
import { loggablePath, processSecrets } from "../util/secret-redaction.ts";

export interface AppOptions {
  db: Database;
  /**
   * where the reads of a search answer go (DATABASE_READ_URL): the per-request track and
   * description loaders; absent → `db`. Services get their own pools in start-server.ts.
   */
  readDb?: Database;
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
  /** serve the GraphQL explorer at /explorer (default: only in development) */
  explorer?: boolean;
  /** may /metrics be read without the admin token? (default: only in development) */
  publicMetrics?: boolean;
  /** failed authentications per client address and minute before it gets 429 (default 30) */
  authFailuresPerMinute?: number;
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
  // Wrong keys are counted per client address *before* the next lookup: guessing keys costs a
  // database query each, and used to meet no limit at all (700 wrong keys, 0 × 429: issue #16).
  const authFailures = new RateLimiter({ perMinute: opts.authFailuresPerMinute ?? 30 });
  const audioLimiter = new RateLimiter({ perMinute: opts.rateLimitPerMinute ?? 600 });
  const audioUrls = new AudioUrlSigner(opts.adminToken);
  processSecrets.add(opts.adminToken);
  const auth = { adminToken: opts.adminToken, anonymousSearch: opts.anonymousSearch ?? opts.development, keys };

  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: opts.development,
    includeStacktraceInErrorResponses: opts.development,
    // No "Did you mean …?" schema hints in production errors (introspection is off there too).
    hideSchemaDetailsFromClientErrors: !opts.development,
    // Shutdown is ours (start-server.ts stop(): HTTP, Apollo, exposure flush, worker, server.json,
    // database, in that order). Apollo's own SIGTERM/SIGINT handler stopped Apollo and re-raised
    // the signal, killing the process with 143/130 before the rest ran (issue #16).
    stopOnTerminationSignals: false,
    // A document longer than this is refused while parsing, before validation (whose overlapping-
    // fields rule is quadratic: 5,000 repeats of one field blocked the event loop 3.6 s).
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    // csrfPrevention (on by default) refuses simple cross-site requests; persisted queries (APQ)
    // are on by default with an in-memory cache.
    plugins: [inputGuardPlugin(), queryLimitsPlugin(schema, opts.limits ?? DEFAULT_LIMITS), metrics.plugin(), databaseUnavailablePlugin()],
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
  const publicMetrics = opts.publicMetrics ?? opts.development;
  app.get("/metrics", async (req, res) => {
    // Operational data (traffic per operation, memory, errors) is for the operator: behind the
    // admin token unless made public (TUNELENS_METRICS_PUBLIC, or development).
    if (!publicMetrics && !isAdminRequest(req, opts.adminToken)) {
      res.setHeader("www-authenticate", "Bearer");
      return refuse(res, 401, "UNAUTHENTICATED", "/metrics needs the admin token (Authorization: Bearer …) or TUNELENS_METRICS_PUBLIC=true");
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const identify = async (req: Request, res: Response, next: NextFunction) => {
    const locals = res.locals as Locals;
    const address = `ip:${req.ip ?? "unknown"}`;
    const checked = hasCredentials(req) && !isAdminRequest(req, opts.adminToken);
    if (checked) {
      const wait = await authFailures.blocked(address);
      if (wait !== null) {
        metrics.rejected.inc({ reason: "rate_limited" });
        res.setHeader("retry-after", String(wait));
        return refuse(res, 429, "RATE_LIMITED", `too many failed authentications; retry in ${wait} s`);
      }
    }
    try {
      locals.caller = await identifyCaller(req, auth);
    } catch (err) {
      // Looking the key up needs the database: an outage is not a wrong key.
      if (isConnectionLoss(err)) {
        res.setHeader("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
        return refuse(res, 503, "DATABASE_UNAVAILABLE", "the database is unavailable; retry shortly");
      }
      metrics.rejected.inc({ reason: "unauthenticated" });
      if (checked) await authFailures.consume(address);
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
    // GraphQL multipart requests (searchByAudio's `file`): one file, held to the clip size limit
    // (the service refuses a larger one with reason "too-large"). Apollo's CSRF prevention makes
    // such requests send `apollo-require-preflight` (or `x-apollo-operation-name`): a browser cannot
    // send that header cross-site without a CORS preflight, which this server does not grant.
    graphqlUploadExpress({ maxFiles: 1, maxFieldSize: 256 * 1024, maxFileSize: (opts.services.audioQueries?.settings.maxBytes ?? 20 * 1024 * 1024) + 1 }),
    express.json({ limit: "256kb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = (res.locals as Locals).caller!;
        return {
          requestId: String(req.id),
          services: opts.services,
          loaders: createLoaders(opts.readDb ?? opts.db, caller.catalogs ?? null),
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
  app.use(audioRouter({ sources: new TrackSourceRepository(opts.db), signer: audioUrls, logger: opts.logger, limiter: audioLimiter }));
  app.use(webRouter(opts.webDist, { explorer: opts.explorer ?? opts.development }));
  return { express: app, apollo, metrics, keys };
}
