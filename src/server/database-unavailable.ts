import type { ApolloServerPlugin } from "@apollo/server";
import { isConnectionLoss } from "../db/connection-loss.ts";

/** Seconds a client is told to wait before retrying after the database connection was lost. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

/** Walks GraphQLError → resolver error → cause, looking for a lost database connection. */
function lostConnection(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    if (isConnectionLoss(e)) return true;
    const next = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
    e = next;
  }
  return false;
}

/**
 * A response that failed because the database connection was lost is HTTP 503 with Retry-After
 * (the error itself is DATABASE_UNAVAILABLE, see error-formatting.ts): the client should retry,
 * and load balancers and monitors see an outage instead of a server bug (500).
 */
export function databaseUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          if (!errors?.some(lostConnection)) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
