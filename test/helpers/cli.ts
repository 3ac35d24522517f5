import { spawn } from "node:child_process";
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
