import { mkdir } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";

export class DataDirLockedError extends Error {}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

/** Takes the embedded database's lock file; the returned function releases it. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { stale: 30_000, update: 10_000, retries: 0, lockfilePath: `${pgliteDir(dataDir)}.lock` });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new DataDirLockedError(`the embedded database in ${dataDir} is in use by another tunelens process`);
    }
    throw err;
  }
}
