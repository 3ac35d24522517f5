import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { distIsStale } from "../../scripts/build.mjs";
import { COMMANDS } from "../../src/cli/command-registry.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { TUNELENS_BIN } from "../helpers/cli.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

/**
 * Guards issue #17: a command's modules load only when it runs, and serving never loads training
 * code. Each run records every module the CLI process resolves (a resolve hook, see
 * test/helpers/module-trace.mjs), from the TypeScript sources (tsx) and, when built and fresh,
 * from dist/ as `npm start` runs it.
 */
const TRACE_HOOK = fileURLToPath(new URL("../helpers/module-trace.mjs", import.meta.url));

/** The project's own modules and packages, as resolved URLs (file:///…/tunelens/src/…). */
const PROJECT = pathToFileURL(fileURLToPath(new URL("../../", import.meta.url))).href.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const own = (folders: string) => new RegExp(`^${PROJECT}(src|dist)/(${folders})/`);
// any node_modules: a worktree's node_modules may be a symlink, and URLs are resolved real paths
const pkg = (names: string) => new RegExp(`/node_modules/(${names})/`);

/** Modules no command but the one that needs them may load. */
const SERVER = own("server");
const TRAINING = new RegExp(`${own("train|corpus").source}|${pkg("@tensorflow/[^/]+|@tonejs/midi").source}`);
const HEAVY_PACKAGES = pkg("onnxruntime-node|@apollo/server|@electric-sql/pglite|type-graphql|openai|pg");
const COMMAND_MODULES = own("cli/commands");
/** Packages only a job, an ingest or an experiment report needs: a server is ready without them. */
const NOT_FOR_READINESS = pkg("openai|cheerio|undici|music-metadata|csv-parse|@stdlib/stats-binomial-test|@stdlib/stats-base-dists-t-cdf|@stdlib/stats-base-dists-t-quantile|@stdlib/stats-base-dists-chisquare-cdf");

interface Traced {
  code: number | null;
  stdout: string;
  stderr: string;
  modules: string[];
}

/** Runs the CLI with the trace hook; `until` ends it (SIGTERM) once stdout matches. */
function traceCli(args: string[], env: NodeJS.ProcessEnv, until?: RegExp): Promise<Traced> {
  const trace = path.join(tempDir(), "modules.txt");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TRACE_HOOK, TUNELENS_BIN, ...args], {
      env: { ...process.env, ...env, TUNELENS_MODULE_TRACE: trace },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      if (until?.test(stdout)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      let modules: string[] = [];
      try {
        modules = readFileSync(trace, "utf8").split("\n").filter(Boolean);
        rmSync(trace);
      } catch {
        // no module resolved at all: the assertions below say so
      }
      resolve({ code, stdout, stderr, modules });
    });
  });
}

/**
 * What these tests assert is which modules load, never how fast: a loaded machine (2 cores, a
 * training run, load average 30) may take minutes to transpile and start the CLI from the sources,
 * and that must not fail them. Ten minutes each; a command that never ends still fails.
 */
const SLOW_MACHINE_MS = 600_000;

const matching = (modules: string[], re: RegExp) => [...new Set(modules.filter((m) => re.test(m)))];

const modes = [
  { name: "from the sources (tsx)", env: { TUNELENS_RUN_SOURCE: "1" }, skip: false, root: "src" },
  // dist/ is built by `npm ci` (prepare); a checkout edited since is run from the sources instead.
  { name: "from dist/", env: { TUNELENS_RUN_SOURCE: "" }, skip: distIsStale(), root: "dist" },
];

describe.each(modes)("the CLI $name loads a command's modules only when it runs", ({ env, skip, root }) => {
  it.skipIf(skip)("`tunelens --help` lists every command without loading any command module, the server, training code or heavy packages", async () => {
    const run = await traceCli(["--help"], env);
    expect(run.code).toBe(0);
    for (const c of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^\\s+${c.name}\\s`, "m"));
    expect(matching(run.modules, new RegExp(`^${PROJECT}${root}/cli/main\\.(ts|js)$`))).toHaveLength(1);
    expect(matching(run.modules, COMMAND_MODULES)).toEqual([]);
    expect(matching(run.modules, SERVER)).toEqual([]);
    expect(matching(run.modules, TRAINING)).toEqual([]);
    expect(matching(run.modules, HEAVY_PACKAGES)).toEqual([]);
  }, SLOW_MACHINE_MS);

  it.skipIf(skip)("`tunelens keys --help` loads the keys command alone: no other command, server, training, database or model code", async () => {
    const run = await traceCli(["keys", "--help"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("list keys (never their secrets)");
    expect(matching(run.modules, COMMAND_MODULES).map((m) => path.basename(m).replace(/\.(ts|js)$/, ""))).toEqual(["keys"]);
    expect(matching(run.modules, SERVER)).toEqual([]);
    expect(matching(run.modules, TRAINING)).toEqual([]);
    expect(matching(run.modules, HEAVY_PACKAGES)).toEqual([]);
  }, SLOW_MACHINE_MS);

  it.skipIf(skip)("`tunelens serve` becomes ready without loading training code (tfjs, corpus renderer, trainer) or what only jobs and reports use (LLM client, HTML parser, tag reader, statistics)", async () => {
    const dataDir = path.join(tempDir(), "data");
    const run = await traceCli(
      ["serve"],
      { ...env, TUNELENS_DATA_DIR: dataDir, TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", LOG_LEVEL: "warn" },
      /GraphQL API\s+http:\/\/\S+\/graphql/,
    );
    expect(run.stdout, run.stderr).toMatch(/search page\s+http:\/\/\S+\/\n/);
    expect(run.stdout).toMatch(/GraphQL explorer\s+http:\/\/\S+\/explorer\n/);
    expect(matching(run.modules, SERVER).length).toBeGreaterThan(0); // the trace did see the server load
    expect(matching(run.modules, TRAINING)).toEqual([]);
    expect(matching(run.modules, NOT_FOR_READINESS)).toEqual([]);
    expect(run.code).toBe(0); // SIGTERM: a clean shutdown
  }, SLOW_MACHINE_MS);
});

describe("the command registry", () => {
  it("summarises each command with its module's own description, and each loader registers that command", async () => {
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load())(program);
      const registered = program.commands.map((c) => c.name());
      expect(registered).toEqual([entry.name]);
      expect(program.commands[0].description()).toBe(entry.summary);
    }
  }, SLOW_MACHINE_MS);
});
