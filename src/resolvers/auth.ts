import type { RequestContext, Scope } from "./context.ts";
import { ForbiddenError, UnauthenticatedError } from "../services/errors.ts";

/** Anonymous callers get UNAUTHENTICATED; a key or token without the scope gets FORBIDDEN. */
export function requireScope(ctx: RequestContext, scope: Scope): void {
  if (ctx.scopes.has(scope)) return;
  const anonymous = ctx.callerId === undefined || ctx.callerId.startsWith("ip:");
  if (anonymous) {
    throw new UnauthenticatedError(`this operation needs a key with the '${scope}' scope (Authorization: Bearer …)`);
  }
  throw new ForbiddenError(`the key lacks the '${scope}' scope`);
}

/**
 * type-graphql's authChecker: `@Authorized("search")` on a field requires that scope. An arrow
 * function on purpose: type-graphql instantiates anything with a prototype as a class.
 */
export const scopeAuthChecker = ({ context }: { context: RequestContext }, roles: string[]): boolean => {
  for (const role of roles) requireScope(context, role as Scope);
  return true;
};
