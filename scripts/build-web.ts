/**
 * The web page's part of the build (scripts/build.mjs does the work; `npm ci` and `npm start` run
 * it for both dist/ and web/dist). Kept for the browser test, which calls ensureWebBuild() because
 * it may run on sources changed since the last build.
 *   npx tsx scripts/build-web.ts            build only if stale
 *   npx tsx scripts/build-web.ts --force    always build (`npm run build:web`)
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildWeb, webIsStale } from "./build.mjs";

export { buildWeb };

export function webBuildIsStale(): boolean {
  return webIsStale();
}

/** Builds when stale; returns whether it built. */
export function ensureWebBuild(): boolean {
  if (!webIsStale()) return false;
  process.stderr.write("building the web page (web/ → web/dist) with vite…\n");
  buildWeb();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--force")) buildWeb();
  else ensureWebBuild();
}
