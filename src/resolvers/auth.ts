import type { RequestContext, Scope } from "./context.ts";
import { ForbiddenError, UnauthenticatedError } from "../services/errors.ts";

/** Throws UNAUTHENTICATED without any credentials, FORBIDDEN when the scope is missing. */
export function requireScope(ctx: RequestContext, scope: Scope): void {
  if (ctx.scopes.has(scope)) return;
  if (ctx.scopes.size === 0 || (ctx.scopes.size === 1 && ctx.scopes.has("search"))) {
    throw new UnauthenticatedError(`this operation needs a key with the '${scope}' scope (Authorization: Bearer …)`);
  }
  throw new ForbiddenError(`the key lacks the '${scope}' scope`);
}
