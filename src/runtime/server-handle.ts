import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * `data/server.json` tells CLI commands on this machine that a server owns the embedded database
 * and how to reach it. Written with mode 0600: the token in it grants ingest rights.
 */
export interface ServerHandle {
  pid: number;
  url: string;
  token: string;
}

export const handlePath = (dataDir: string) => path.join(dataDir, "server.json");

export async function writeServerHandle(dataDir: string, handle: ServerHandle): Promise<void> {
  // with DATABASE_URL nothing else creates the data folder: a fresh checkout has none
  await mkdir(dataDir, { recursive: true });
  // `mode` applies only when a file is created: a server.json left by a crash (or made by someone
  // else) would keep its 0644. Write a fresh file and move it into place instead.
  const tmp = `${handlePath(dataDir)}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  await writeFile(tmp, JSON.stringify(handle), { mode: 0o600, flag: "wx" });
  await chmod(tmp, 0o600);
  await rename(tmp, handlePath(dataDir));
}

export async function removeServerHandle(dataDir: string): Promise<void> {
  await rm(handlePath(dataDir), { force: true });
}

/** The handle of a live server, or null when none runs (a stale file from a crash is ignored). */
export async function readServerHandle(dataDir: string): Promise<ServerHandle | null> {
  try {
    const handle = JSON.parse(await readFile(handlePath(dataDir), "utf8")) as ServerHandle;
    process.kill(handle.pid, 0);
    return handle;
  } catch {
    return null;
  }
}
