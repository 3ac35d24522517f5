import { timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import type { ApiKeyService } from "../services/api-key.service.ts";
import { UnauthenticatedError } from "../services/errors.ts";
import { ALL_SCOPES, type Scope } from "../services/scopes.ts";

export interface Caller {
  /** rate-limit and log identity: key id, "admin", or the client address */
  id: string;
  scopes: ReadonlySet<Scope>;
  /** catalogs a catalog-scoped key may see (issue #19); absent = every catalog */
  catalogs?: readonly string[] | null;
  /** the key's own requests-per-minute limit (absent = the server's) */
  rateLimitPerMinute?: number | null;
  /** set when the key may name its end user (x-tunelens-end-user): that user's limit */
  endUserRateLimitPerMinute?: number | null;
}

export interface AuthSettings {
  adminToken: string | null;
  /** may callers without a key search? */
  anonymousSearch: boolean;
  keys: ApiKeyService;
}

/**
 * The bearer token, null when no Authorization header was sent. Any other form (`Basic …`,
 * `Bearer a b`, an empty header) is refused: a client that meant to authenticate and got it
 * wrong must hear so, never be served as anonymous.
 */
function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const m = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
  if (!m) throw new UnauthenticatedError("malformed Authorization header: expected `Bearer <API key>`");
  return m[1];
}

/** Did the request carry credentials (well-formed or not)? */
export function hasCredentials(req: Request): boolean {
  return req.headers.authorization !== undefined;
}

/** Is `req` the operator (admin token), checked without any database lookup? */
export function isAdminRequest(req: Request, adminToken: string | null): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? "");
  return !!(m && adminToken && sameSecret(m[1], adminToken));
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Who is calling: the operator (admin token), a key with its scopes, or an anonymous client. */
export async function identifyCaller(req: Request, auth: AuthSettings): Promise<Caller> {
  const token = bearer(req);
  if (token === null) {
    return { id: `ip:${req.ip ?? "unknown"}`, scopes: new Set<Scope>(auth.anonymousSearch ? ["search"] : []) };
  }
  if (auth.adminToken && sameSecret(token, auth.adminToken)) return { id: "admin", scopes: new Set(ALL_SCOPES) };
  const key = await auth.keys.authenticate(token);
  // A wrong key is an error, never a silent downgrade to anonymous access.
  if (!key) throw new UnauthenticatedError("invalid or revoked API key");
  return {
    id: `key:${key.id}`,
    scopes: key.scopes,
    catalogs: key.catalogs ?? null,
    rateLimitPerMinute: key.rateLimitPerMinute ?? null,
    endUserRateLimitPerMinute: key.endUserRateLimitPerMinute ?? null,
  };
}
