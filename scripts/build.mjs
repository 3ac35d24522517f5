#!/usr/bin/env node
/**
 * The build: TypeScript sources (src/) → JavaScript (dist/) with tsc, and the web page (web/) →
 * web/dist with Vite. Plain JavaScript so that it runs with Node alone, before anything is built.
 *   node scripts/build.mjs            build whatever is stale (`npm ci` runs it as `prepare`,
 *                                     `npm start` as `prestart`: milliseconds when nothing changed)
 *   node scripts/build.mjs --force    rebuild both (`npm run build`)
 *   node scripts/build.mjs --check    exit 1 when either is stale, build nothing
 * tsc type-checks while it compiles: a type error fails the build (and `npm ci`).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = path.join(ROOT, "src");
const DIST = path.join(ROOT, "dist");
/** Written last by a successful compile; its time is the build's time. */
export const DIST_STAMP = path.join(DIST, ".build-stamp");
const WEB = path.join(ROOT, "web");
const WEB_INDEX = path.join(WEB, "dist", "index.html");
/** Files outside src/ whose change changes the compiled output. */
const DIST_INPUTS = ["tsconfig.json", "tsconfig.build.json"].map((f) => path.join(ROOT, f));

/** Newest modification time (ms) of the files under `dir`, skipping folders named in `skip`. */
export function newestMtime(dir, skip = new Set()) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full, skip) : statSync(full).mtimeMs);
  }
  return newest;
}

function mtimeOrZero(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function distIsStale() {
  const built = mtimeOrZero(DIST_STAMP);
  if (built === 0) return true;
  return Math.max(newestMtime(SRC), ...DIST_INPUTS.map(mtimeOrZero)) > built;
}

export function webIsStale() {
  const built = mtimeOrZero(WEB_INDEX);
  return built === 0 || newestMtime(WEB, new Set(["dist"])) > built;
}

/** Resolves a tool's entry point from this project's node_modules, with a clear error when absent. */
function tool(pkg, file) {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
  } catch {
    throw new Error(`${pkg} is not installed: the build needs the project's devDependencies (run \`npm ci\`)`);
  }
}

/** Files tsc does not emit but the code reads next to itself (label vocabularies, READMEs). */
function copyAssets() {
  cpSync(SRC, DIST, {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || !/\.(c|m)?ts$/.test(src),
  });
}

/** Whether packages/train's packages are installed (not in a `npm ci --workspaces=false` install). */
export function trainingPackagesInstalled() {
  try {
    createRequire(import.meta.url).resolve("@tensorflow/tfjs/package.json");
    return true;
  } catch {
    return false;
  }
}

export function buildDist({ clean = false } = {}) {
  if (clean) rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  rmSync(DIST_STAMP, { force: true });
  // A serving-only install lacks the training packages, so the training code cannot type-check
  // there; it is compiled unchecked (it never runs: `train` says its packages are missing). The
  // full install, which CI and development use, type-checks everything.
  const check = trainingPackagesInstalled();
  if (!check) process.stderr.write("tunelens build: serving-only install (no packages/train): compiling without type-checking\n");
  const tsc = [tool("typescript", "bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json"), ...(check ? [] : ["--noCheck"])];
  execFileSync(process.execPath, tsc, { cwd: ROOT, stdio: "inherit" });
  copyAssets();
  writeFileSync(DIST_STAMP, `${new Date().toISOString()}\n`);
}

export function buildWeb() {
  execFileSync(process.execPath, [tool("vite", "bin/vite.js"), "build", "--logLevel", "warn", "--config", path.join(WEB, "vite.config.ts")], { cwd: ROOT, stdio: "inherit" });
}

/** Builds what is stale (or everything with `force`); returns the steps' names and seconds. */
export function build({ force = false } = {}) {
  const done = [];
  const step = (name, fn) => {
    process.stderr.write(`tunelens build: ${name}…\n`);
    const t0 = performance.now();
    fn();
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(`tunelens build: ${name} done in ${s.toFixed(1)} s\n`);
    done.push({ name, seconds: s });
  };
  if (force || distIsStale()) step("compiling src/ → dist/ (tsc)", () => buildDist({ clean: force }));
  if (force || webIsStale()) step("building the web page web/ → web/dist (vite)", buildWeb);
  return done;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  try {
    if (args.has("--check")) {
      const stale = [distIsStale() && "dist/", webIsStale() && "web/dist"].filter(Boolean);
      if (stale.length) process.stderr.write(`stale: ${stale.join(", ")}\n`);
      process.exit(stale.length ? 1 : 0);
    }
    build({ force: args.has("--force") });
  } catch (err) {
    // tsc and vite already printed their errors; say which step failed and stop.
    process.stderr.write(`tunelens build failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
    process.exit(1);
  }
}
