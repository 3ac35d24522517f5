import { realpath } from "node:fs/promises";
import path from "node:path";
import { ForbiddenError, InvalidInputError } from "./errors.ts";

/**
 * Where API keys may ask the server to read audio from. The path is resolved with realpath, so
 * `..` segments and symlinks are followed first and then checked: a link inside a root that
 * points outside it is refused like the outside path itself.
 */
export async function resolveUnderRoots(requested: string, roots: readonly string[]): Promise<string> {
  if (!requested.trim() || requested.length > 4096 || requested.includes("\0")) {
    throw new InvalidInputError("invalid path");
  }
  if (roots.length === 0) {
    throw new ForbiddenError("ingest from server paths is disabled for API keys: set TUNELENS_LIBRARY_ROOTS");
  }
  const real = await realpath(path.resolve(requested)).catch(() => null);
  if (real === null) throw new InvalidInputError(`path not found: ${requested}`);
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => null);
    if (realRoot && (real === realRoot || real.startsWith(realRoot + path.sep))) return real;
  }
  throw new ForbiddenError(`path is outside the library roots: ${requested}`);
}
