import type { NextFunction, Request, Response } from "express";
import type { ServerMetrics } from "./metrics.ts";

/** What body-parser attaches to the errors it raises. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Errors raised before Apollo sees a request — a body over the size limit, malformed JSON, an
 * unsupported charset — answered as GraphQL-shaped JSON with a code. Without this, Express's
 * default handler answers HTML that carries the stack trace unless the process's NODE_ENV is
 * "production" (our own development flag does not reach it).
 */
export function requestBodyErrors(metrics: ServerMetrics) {
  return (err: BodyParserError, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const send = (status: number, code: string, message: string) => {
      metrics.rejected.inc({ reason: code.toLowerCase() });
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    };
    switch (err.type) {
      case "entity.too.large":
        return send(413, "PAYLOAD_TOO_LARGE", `request body over the ${Math.round((err.limit ?? 0) / 1024)} kB limit`);
      case "entity.parse.failed":
        return send(400, "BAD_REQUEST", "request body is not valid JSON");
      case "encoding.unsupported":
      case "charset.unsupported":
        return send(415, "BAD_REQUEST", "unsupported request body encoding");
      case "request.aborted":
      case "request.size.invalid":
      case "stream.encoding.set":
        return send(400, "BAD_REQUEST", "request body could not be read");
    }
    req.log?.error({ err }, "unhandled error before GraphQL execution");
    send(500, "INTERNAL_SERVER_ERROR", "internal server error");
  };
}
