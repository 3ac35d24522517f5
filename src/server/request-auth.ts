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

function bearer(req: Request): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  return m ? m[1] : null;
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
