/** What a caller may do. Keys carry a subset; the operator's admin token carries all of them. */
export type Scope = "search" | "ingest" | "experiments:admin" | "catalog:admin";

/**
 * `catalog:admin` runs catalog maintenance as jobs (imputation, soft genres, label alignment,
 * per-catalog indexes; src/services/admin-tasks.service.ts).
 */
export const ALL_SCOPES: readonly Scope[] = ["search", "ingest", "experiments:admin", "catalog:admin"];

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}
