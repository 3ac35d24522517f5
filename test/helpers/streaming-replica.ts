/**
 * A throwaway PostgreSQL primary and a streaming hot-standby replica of it, started by a test in
 * a temporary directory with the machine's PostgreSQL binaries (initdb, pg_ctl, pg_basebackup
 * -R), each on a free port of 127.0.0.1. The shared server at :5432 is not touched: a fresh
 * cluster's pg_hba already admits replication connections over 127.0.0.1 with trust, and its
 * wal_level (replica) and max_wal_senders (10) defaults allow one standby. pgvector is found
 * because it is installed into the same PostgreSQL installation.
 *
 * PostgreSQL refuses to run as root; as root (CI containers) the servers run as `postgres`.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

export const PG_BIN = process.env.TUNELENS_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Why a replica cannot be started here (null = it can). */
export function replicaUnavailableReason(): string | null {
  for (const tool of ["initdb", "pg_ctl", "pg_basebackup", "postgres"]) {
    if (!existsSync(path.join(PG_BIN, tool))) return `${path.join(PG_BIN, tool)} not found (set TUNELENS_PG_BIN to a PostgreSQL bin folder)`;
  }
  if (process.getuid?.() === 0) {
    try {
      execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
    } catch {
      return "running as root and there is no `postgres` user to run the servers as";
    }
  }
  return null;
}

export interface ReplicaPair {
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  /** waits until the replica has replayed everything the primary has written so far */
  waitForReplay(timeoutMs?: number): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stop(): Promise<void>;
}

function run(tool: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args]] : [path.join(PG_BIN, tool), args];
  return execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function one<T>(url: string, sql: string): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows[0] as T;
  } finally {
    await c.end();
  }
}

export async function startReplicaPair(): Promise<ReplicaPair> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tunelens-replica-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const [p1, p2] = [await freePort(), await freePort()];
  const primary = path.join(dir, "primary");
  const replica = path.join(dir, "replica");
  const opts = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c shared_buffers=32MB`;
  const started: string[] = [];
  const url = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    for (const data of started.reverse()) {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run("initdb", ["-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    run("pg_ctl", ["-D", primary, "-o", opts(p1), "-l", path.join(dir, "primary.log"), "-w", "start"]);
    started.push(primary);
    run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(p1), "-U", "postgres", "-D", replica, "-R", "-X", "stream", "--no-sync"]);
    if (!statSync(path.join(replica, "standby.signal"), { throwIfNoEntry: false })) throw new Error("pg_basebackup -R wrote no standby.signal");
    run("pg_ctl", ["-D", replica, "-o", `${opts(p2)} -c hot_standby=on`, "-l", path.join(dir, "replica.log"), "-w", "start"]);
    started.push(replica);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    primaryUrl: (db) => url(p1, db),
    replicaUrl: (db) => url(p2, db),
    async waitForReplay(timeoutMs = 60_000) {
      const { lsn } = await one<{ lsn: string }>(url(p1, "postgres"), "SELECT pg_current_wal_lsn()::text AS lsn");
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { done } = await one<{ done: boolean }>(url(p2, "postgres"), `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`);
        if (done) return;
        if (Date.now() > deadline) throw new Error(`replica did not replay ${lsn} within ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    async pauseReplay() {
      await one(url(p2, "postgres"), "SELECT pg_wal_replay_pause()");
    },
    async resumeReplay() {
      await one(url(p2, "postgres"), "SELECT pg_wal_replay_resume()");
    },
    stop,
  };
}
