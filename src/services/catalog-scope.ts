import { InvalidInputError, NotFoundError } from "./errors.ts";

/**
 * The catalogs a caller may see: a list for a catalog-scoped key, null for every catalog (the
 * operator's admin token, unscoped keys, anonymous search where enabled). Every read of tracks
 * takes one: the search filter (search-filter.ts scopeFilter), the track loaders, `track`,
 * `tracks` and its count, lifecycle mutations and ingest. See docs/security.md § Tenants.
 */
export type CatalogScope = readonly string[] | null;

/** Every catalog. */
export const ALL_CATALOGS: CatalogScope = null;

/** The shape ingest accepts for a catalog name (ingest.resolver.ts): letters, digits, _ . - */
export const CATALOG_NAME_RE = /^[\w.-]{1,100}$/;

export function checkCatalogNames(names: readonly string[], what = "catalog"): string[] {
  const out = [...new Set(names.map((n) => n.trim()))];
  const bad = out.filter((n) => !CATALOG_NAME_RE.test(n));
  if (bad.length) throw new InvalidInputError(`invalid ${what} name(s): ${bad.map((b) => JSON.stringify(b.slice(0, 100))).join(", ")} (letters, digits, _ . - only)`);
  if (out.length > 100) throw new InvalidInputError(`at most 100 ${what}s`);
  return out;
}

export function inScope(scope: CatalogScope, catalog: string): boolean {
  return scope === null || scope.includes(catalog);
}

/**
 * The catalog a scoped caller writes into: the one named (which must be in scope), or the
 * key's only catalog. A name outside the scope is reported like an unknown one (NOT_FOUND), so a
 * key cannot probe which catalogs exist.
 */
export function writableCatalog(scope: CatalogScope, requested: string | null | undefined): string | undefined {
  if (scope === null) return requested ?? undefined;
  if (requested == null) {
    if (scope.length === 1) return scope[0];
    throw new InvalidInputError(`this key covers several catalogs (${scope.join(", ")}): name one`);
  }
  if (!scope.includes(requested)) throw new NotFoundError(`no catalog ${JSON.stringify(requested)}`);
  return requested;
}
