/**
 * Builds the web page (web/ → web/dist) with Vite when it is missing or older than its sources.
 *   npx tsx scripts/build-web.ts            build only if stale (`npm start` runs this first)
 *   npx tsx scripts/build-web.ts --force    always build (`npm run build:web`)
 * A fresh clone has no web/dist (it is gitignored), so `npm ci && npm start` builds it once; later
 * starts skip the build in milliseconds. The browser test calls ensureWebBuild() too, since CI runs
 * `npm test` without `npm start`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEB = path.join(ROOT, "web");
const DIST_INDEX = path.join(WEB, "dist", "index.html");
const VITE = path.join(ROOT, "node_modules", "vite", "bin", "vite.js");

/** Newest modification time under the page's sources (dist excluded), in ms. */
function newestSource(dir = WEB): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" && dir === WEB) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  let built: number;
  try {
    built = statSync(DIST_INDEX).mtimeMs;
  } catch {
    return true;
  }
  return newestSource() > built;
}

export function buildWeb(): void {
  execFileSync(process.execPath, [VITE, "build", "--config", path.join(WEB, "vite.config.ts")], { cwd: ROOT, stdio: "inherit" });
}

/** Builds when stale; returns whether it built. */
export function ensureWebBuild(): boolean {
  if (!webBuildIsStale()) return false;
  process.stderr.write("building the web page (web/ → web/dist) with vite…\n");
  buildWeb();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--force")) buildWeb();
  else ensureWebBuild();
}
