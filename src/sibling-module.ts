import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Node arguments that run the module `name` (without extension) beside the calling module the way
 * this process runs: from dist/ the compiled `.js`, from src/ (tsx: tests, development) the `.ts`
 * through tsx's loader. Child processes (the USE-lite worker, the load generator) need this
 * because a hard-coded `.ts` path does not exist in dist/.
 */
export function siblingModuleArgs(importMetaUrl: string, name: string): string[] {
  const ext = path.extname(fileURLToPath(importMetaUrl));
  const file = fileURLToPath(new URL(`./${name}${ext}`, importMetaUrl));
  if (ext !== ".ts") return [file];
  const require = createRequire(importMetaUrl);
  const tsxLoader = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "loader.mjs");
  return ["--import", tsxLoader, file];
}
