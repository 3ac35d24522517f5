import { spawn } from "node:child_process";
import type { LatencySummary } from "./percentiles.ts";
import { siblingModuleArgs } from "../sibling-module.ts";

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  rps: number;
  /** connection errors and timeouts */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** HTTP 200 answers carrying GraphQL errors */
  graphqlErrors: number;
  latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; meanMs: number };
  /** the same requests split by kind (absent in results recorded before it was measured) */
  byKind?: { text: LatencySummary; track: LatencySummary };
}

/**
 * Drives `url` from a second process (autocannon) and returns its figures. Bounded: the child
 * stops itself after `durationSeconds`; a watchdog kills it 30 s later if it has not.
 */
export async function driveLoad(
  opts: { url: string; bodies: string[]; connections: number; durationSeconds: number; overallRate?: number },
  /** called with the child's PID once it is spawned (the CPU profile samples it) */
  onSpawn?: (pid: number | undefined) => void,
): Promise<LoadResult> {
  const child = spawn(process.execPath, [...siblingModuleArgs(import.meta.url, "autocannon-child"), JSON.stringify(opts)], { stdio: ["ignore", "pipe", "inherit"] });
  onSpawn?.(child.pid);
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const watchdog = setTimeout(() => child.kill("SIGKILL"), (opts.durationSeconds + 30) * 1000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  clearTimeout(watchdog);
  const line = stdout.trim().split("\n").pop();
  if (code !== 0 || !line) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(line) as LoadResult;
}
