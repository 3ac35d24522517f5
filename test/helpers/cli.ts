import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The CLI entry point, run as a child process the way a user runs `npx tunelens`. */
export const TUNELENS_BIN = fileURLToPath(new URL("../../bin/tunelens.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tunelens ARGS` with `env` added to this process's environment and collects its output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TUNELENS_BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `tunelens serve` as a child process; resolves once it prints its GraphQL address. */
export function startServe(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TUNELENS_BIN, "serve"], { env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      const m = /GraphQL API\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("close", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}
