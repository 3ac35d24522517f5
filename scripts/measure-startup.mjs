#!/usr/bin/env node
/**
 * Install and start-up figures, measured the way a new user meets them (issue #17):
 *   node scripts/measure-startup.mjs [--commit REV] [--serving-only] [--label NAME] [--json FILE]
 * Clones REV (default HEAD) of this repository into a scratch folder and, there:
 *   1. `npm ci` (or `npm ci --workspaces=false`): wall time, npm warnings, packages, node_modules size
 *   2. `npm start` on a fresh data folder: seconds until /readyz answers 200, then the first search
 *      (`searchTracks`) answered after readiness; stop it (SIGINT)
 *   3. `npm start` again (warm restart: built, data folder exists): seconds to ready, first search
 *   4. with that server running: `tunelens --help`, `tunelens keys list` (through the server) and
 *      `tunelens ingest FILE` of an already-stored file (pure hand-off: the job skips it at once)
 * and prints a JSON record (and writes it to --json). Plain JavaScript: it runs in any checkout.
 * `node scripts/measure-startup.mjs --report FILE.json [FILE.json…] [--notes NOTES.md]` writes the
 * "Install and start-up" section of docs/performance.md from such records (notes go under the table).
 * `node scripts/measure-startup.mjs --warm N [--checkout DIR…]` measures only warm restarts of
 * already built checkouts (default: this one), N each, interleaved run by run so that the machine's
 * load falls on every checkout alike: ready seconds and first-search seconds, medians, load average.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PERF_DOC = path.join(ROOT, "docs", "performance.md");
const BEGIN = "<!-- install-startup:begin (scripts/measure-startup.mjs --report) -->";
const END = "<!-- install-startup:end -->";
const SAMPLE = path.resolve(ROOT, "..", "shared", "data", "librosa-music");

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const loadAverage = () => os.loadavg().map((x) => Number(x.toFixed(2)));
const seconds = (t0) => Number(((performance.now() - t0) / 1000).toFixed(2));

/** Runs a command to completion; returns wall seconds, exit code and output. */
function timed(cmd, argv, opts) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ seconds: seconds(t0), code, stdout, stderr }));
  });
}

async function freePort() {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function search(url) {
  const t0 = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `{ searchTracks(text: "calm piano with strings", first: 10) { edges { rank } } }` }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`search failed: ${JSON.stringify(body.errors)}`);
  return seconds(t0);
}

/** `npm start` (or `argv`) until /readyz says ready; returns the timings and the running child. */
async function start(dir, env, argv = ["npm", "start"]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(argv[0], argv.slice(1), { cwd: dir, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  let exited = null;
  child.on("close", (code) => (exited = code));
  for (;;) {
    if (exited !== null) throw new Error(`npm start exited with ${exited}:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
    if (performance.now() - t0 > 600_000) throw new Error(`not ready after 600 s:\n${out}`);
  }
  const ready = seconds(t0);
  const firstSearch = await search(url);
  return { url, ready, firstSearch, child, output: () => out };
}

async function stop(child) {
  const closed = new Promise((r) => child.on("close", r));
  process.kill(-child.pid, "SIGINT"); // npm and the server it started
  await closed;
}

function countWarnings(text) {
  const lines = text.split("\n").filter((l) => /^npm warn /i.test(l));
  // EBADENGINE prints five lines per package; count a warning per opening line
  return lines.filter((l) => !/^npm warn EBADENGINE {3}|^npm warn EBADENGINE }$/.test(l) && l.trim() !== "npm warn").length;
}

async function measure() {
  const commit = opt("--commit") ?? "HEAD";
  const servingOnly = args.includes("--serving-only");
  const rev = execFileSync("git", ["rev-parse", "--short", commit], { cwd: ROOT, encoding: "utf8" }).trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), "tunelens-startup-"));
  const record = { label: opt("--label") ?? rev, commit: rev, servingOnly, node: process.version, cores: os.cpus().length, loadBefore: loadAverage() };
  try {
    execFileSync("git", ["clone", "--quiet", "--no-checkout", ROOT, dir]);
    execFileSync("git", ["checkout", "--quiet", rev], { cwd: dir });
    // the clone resolves ../shared like the repository does
    const ci = await timed("npm", ["ci", "--no-audit", "--no-fund", ...(servingOnly ? ["--workspaces=false"] : [])], { cwd: dir, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip" } });
    if (ci.code !== 0) throw new Error(`npm ci failed:\n${ci.stderr.slice(-3000)}`);
    record.install = {
      seconds: ci.seconds,
      warnings: countWarnings(ci.stderr + ci.stdout),
      packages: Number(/added (\d+) packages/.exec(ci.stdout)?.[1] ?? NaN),
      nodeModulesMB: Math.round(Number(execFileSync("du", ["-sm", path.join(dir, "node_modules")], { encoding: "utf8" }).split("\t")[0])),
      tensorflowInstalled: existsSync(path.join(dir, "node_modules", "@tensorflow", "tfjs")),
    };
    const env = { LOG_LEVEL: "warn", DATABASE_URL: "", TUNELENS_DATA_DIR: path.join(dir, "data") };
    const cold = await start(dir, env);
    record.coldStart = { readySeconds: cold.ready, firstSearchSeconds: cold.firstSearch, banner: cold.output().split("\n").filter((l) => /tunelens|http:\/\//.test(l)).slice(0, 8) };
    await stop(cold.child);
    const warm = await start(dir, env);
    record.warmStart = { readySeconds: warm.ready, firstSearchSeconds: warm.firstSearch };
    const cli = (argv) => timed(process.execPath, [path.join(dir, "bin", "tunelens.js"), ...argv], { cwd: dir, env: { ...process.env, ...env } });
    const help = [await cli(["--help"]), await cli(["--help"])];
    const keys = await cli(["keys", "list"]);
    const sample = path.join(SAMPLE, "audio");
    const file = existsSync(sample) ? path.join(sample, execFileSync("ls", [sample], { encoding: "utf8" }).split("\n")[0]) : null;
    let ingest = null;
    if (file) {
      const first = await cli(["ingest", file]);
      const again = await cli(["ingest", file]);
      ingest = { firstSeconds: first.seconds, code: first.code, handOffSeconds: again.seconds, handOffOutput: again.stdout.trim() };
    }
    record.cli = { helpSeconds: help.map((h) => h.seconds), keysListThroughServerSeconds: keys.seconds, keysListCode: keys.code, ingest };
    await stop(warm.child);
    record.cli.keysListLocalSeconds = (await cli(["keys", "list"])).seconds;
  } finally {
    record.loadAfter = loadAverage();
    rmSync(dir, { recursive: true, force: true });
  }
  const json = JSON.stringify(record, null, 2);
  process.stdout.write(`${json}\n`);
  const out = opt("--json");
  if (out) writeFileSync(out, `${json}\n`);
}

const fmt = (x) =>
  x === undefined || x === null || Number.isNaN(x) ? "–" : typeof x === "number" ? (Number.isInteger(x) ? String(x) : x.toFixed(1)) : String(x);

/** The docs/performance.md section from measured records, replacing the previous one. */
function report(files, notesFile) {
  const recs = files.map((f) => JSON.parse(readFileSync(f, "utf8")));
  const notes = notesFile ? readFileSync(notesFile, "utf8").trimEnd().split("\n") : [];
  const col = (f) => recs.map((r) => fmt(f(r))).join(" | ");
  const rows = [
    ["`npm ci` wall time (s)", (r) => r.install?.seconds],
    ["npm warnings printed by `npm ci`", (r) => r.install?.warnings],
    ["packages installed", (r) => r.install?.packages],
    ["`node_modules` (MB)", (r) => r.install?.nodeModulesMB],
    ["tfjs installed", (r) => (r.install?.tensorflowInstalled ? "yes" : "no")],
    ["`npm start` after `npm ci`: ready (s, target < 30)", (r) => r.coldStart?.readySeconds],
    ["`npm ci && npm start` until ready (s)", (r) => (r.install && r.coldStart ? r.install.seconds + r.coldStart.readySeconds : undefined)],
    ["first search after ready (s, target < 1)", (r) => r.coldStart?.firstSearchSeconds],
    ["warm restart: ready (s, target < 5)", (r) => r.warmStart?.readySeconds],
    ["warm restart: first search (s)", (r) => r.warmStart?.firstSearchSeconds],
    ["`tunelens --help` (s, target < 1)", (r) => (r.cli ? Math.min(...r.cli.helpSeconds) : undefined)],
    ["`tunelens keys list` through the server (s, target < 1)", (r) => r.cli?.keysListThroughServerSeconds],
    ["`tunelens keys list` on the embedded database (s)", (r) => r.cli?.keysListLocalSeconds],
    ["`tunelens ingest FILE` hand-off, file already stored (s, target < 2)", (r) => r.cli?.ingest?.handOffSeconds],
    ["1-min load average before → after", (r) => `${r.loadBefore[0]} → ${r.loadAfter[0]}`],
  ];
  const section = [
    BEGIN,
    "## Install and start-up",
    "",
    "Measured by `node scripts/measure-startup.mjs` on a fresh clone of each commit (2 cores shared with other",
    "work: the load average is in the table, the targets are for an idle machine). Ready = `/readyz` answers 200;",
    "the server listens only after the database is migrated and the model is loaded. See [install.md](install.md).",
    "",
    `| | ${recs.map((r) => `${r.label} (${r.commit}${r.servingOnly ? ", serving-only install" : ""})`).join(" | ")} |`,
    `|---|${recs.map(() => "---").join("|")}|`,
    ...rows.map(([name, f]) => `| ${name} | ${col(f)} |`),
    "",
    ...(notes.length ? [...notes, ""] : []),
    END,
  ].join("\n");
  const doc = readFileSync(PERF_DOC, "utf8");
  const re = new RegExp(`${BEGIN.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[\\s\\S]*?${END}`);
  writeFileSync(PERF_DOC, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
  process.stdout.write(`${section}\n`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The checkout's commit; an exported tree (`git archive`) names it in a COMMIT file instead. */
function commitOf(dir) {
  if (existsSync(path.join(dir, "COMMIT"))) return readFileSync(path.join(dir, "COMMIT"), "utf8").trim();
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return path.basename(dir);
  }
}

/** Warm restarts only, of built checkouts, interleaved; each gets its own data folder made by a first start. */
async function warmRestarts(n, checkouts) {
  const runs = checkouts.map((dir) => ({ dir, data: mkdtempSync(path.join(os.tmpdir(), "tunelens-warm-")), ready: [], firstSearch: [], load: [] }));
  // the server itself, as `npm start` runs it after its (no-op) prestart build
  const argv = ["node", "bin/tunelens.js", "serve"];
  try {
    for (const r of runs) {
      const first = await start(r.dir, { LOG_LEVEL: "warn", DATABASE_URL: "", TUNELENS_DATA_DIR: r.data }, argv);
      await stop(first.child);
    }
    for (let i = 0; i < n; i++) {
      for (const r of runs) {
        r.load.push(loadAverage()[0]);
        const s = await start(r.dir, { LOG_LEVEL: "warn", DATABASE_URL: "", TUNELENS_DATA_DIR: r.data }, argv);
        r.ready.push(s.ready);
        r.firstSearch.push(s.firstSearch);
        await stop(s.child);
      }
    }
  } finally {
    for (const r of runs) rmSync(r.data, { recursive: true, force: true });
  }
  const out = runs.map((r) => ({
    checkout: r.dir,
    commit: commitOf(r.dir),
    readySeconds: r.ready,
    firstSearchSeconds: r.firstSearch,
    medianReady: median(r.ready),
    medianFirstSearch: median(r.firstSearch),
    loadAverage1m: r.load,
    medianLoad: median(r.load),
  }));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  const file = opt("--json");
  if (file) writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}

if (args[0] === "--warm") {
  const dirs = args.filter((a, i) => args[i - 1] === "--checkout");
  await warmRestarts(Number(args[1] ?? 5), dirs.length ? dirs.map((d) => path.resolve(d)) : [ROOT]);
} else if (args[0] === "--report") report(args.slice(1).filter((a, i, all) => a !== "--notes" && all[i - 1] !== "--notes"), opt("--notes"));
else await measure();
