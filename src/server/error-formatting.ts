import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { PACKAGE_ROOT } from "../config.ts";
import { unwrapResolverError } from "@apollo/server/errors";
import { isConnectionLoss } from "../db/connection-loss.ts";

const DOMAIN_CODES = new Set(["BAD_USER_INPUT", "NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN", "SERVICE_UNAVAILABLE", "RATE_LIMITED", "QUERY_TOO_COMPLEX"]);

/**
 * Maps domain errors (src/services/errors.ts) to `extensions.code`; anything unexpected becomes
 * INTERNAL_SERVER_ERROR with a generic message, so no internals or stack traces reach clients
 * outside development.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, opts: { development: boolean }): GraphQLFormattedError {
  const result = formatKnown(formatted, error, opts);
  // Where the server is installed (models, data) is nobody's business outside development.
  return opts.development || !result.message.includes(PACKAGE_ROOT) ? result : { ...result, message: result.message.split(PACKAGE_ROOT).join("…") };
}

function formatKnown(formatted: GraphQLFormattedError, error: unknown, opts: { development: boolean }): GraphQLFormattedError {
  const original = unwrapResolverError(error) as { code?: unknown; message?: string; reason?: unknown } | undefined;
  // Apollo's own request errors with a 4xx status but no code (e.g. a persisted query whose hash
  // does not match it) are the client's fault: BAD_REQUEST, not INTERNAL_SERVER_ERROR.
  const status = (original as GraphQLError | undefined)?.extensions?.http as { status?: number } | undefined;
  if (original instanceof GraphQLError && !original.originalError && original.extensions?.code === undefined && status?.status && status.status >= 400 && status.status < 500) {
    return { message: original.message, locations: formatted.locations, extensions: { code: "BAD_REQUEST" } };
  }
  // A lost database connection is an outage to retry, not a bug: no internals in the message.
  if (isConnectionLoss(original)) {
    return { message: "the database is unavailable; retry shortly", path: formatted.path, locations: formatted.locations, extensions: { code: "DATABASE_UNAVAILABLE" } };
  }
  const domainCode = typeof original?.code === "string" && DOMAIN_CODES.has(original.code) ? original.code : null;
  const existing = formatted.extensions?.code;
  if (domainCode) {
    // `reason` refines a code where clients act on it (a refused audio clip: "corrupt", "too-long", …)
    const reason = typeof original?.reason === "string" ? { reason: original.reason } : {};
    return { message: original?.message ?? formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code: domainCode, ...reason } };
  }
  if (typeof existing === "string" && existing !== "INTERNAL_SERVER_ERROR") {
    // GraphQL validation / parse errors and Apollo's own codes are safe to pass through.
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return opts.development ? formatted : { ...formatted, extensions };
  }
  if (opts.development) return formatted;
  return { message: "internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
