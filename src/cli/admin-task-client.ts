import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../config.ts";
import { graphqlRequest } from "./graphql-client.ts";
import { readServerHandle, type ServerHandle } from "../runtime/server-handle.ts";

/** The server that owns the embedded database, if one runs (with DATABASE_URL every process opens it). */
export async function runningServer(cfg: Config): Promise<ServerHandle | null> {
  return cfg.databaseUrl ? null : readServerHandle(cfg.dataDir);
}

export interface RemoteTask {
  id: string;
  status: string;
  total: number;
  processed: number;
  failed: number;
  error: string | null;
  summary: string | null;
}

/** The AdminTask fields the CLI reads: put them in the mutation's selection. */
export const TASK_FIELDS = "id status total processed failed error summary";
const STATUS = `query Task($id: ID!) { adminTask(id: $id) { ${TASK_FIELDS} } }`;

/**
 * Hands an admin task to the running server (like `ingest` does) and follows it until it ends:
 * `document` is a mutation whose field `field` returns an AdminTask (select TASK_FIELDS).
 * Throws with the task's error when it fails.
 */
export async function runThroughServer(
  server: ServerHandle,
  call: { field: string; document: string; vars: Record<string, unknown> },
  what: string,
): Promise<RemoteTask> {
  process.stderr.write(`a tunelens server is running at ${server.url}; ${what} through it\n`);
  const submitted = await graphqlRequest<Record<string, RemoteTask>>(server.url, server.token, call.document, call.vars);
  const { id } = submitted[call.field];
  let last = "";
  for (;;) {
    const { adminTask: t } = await graphqlRequest<{ adminTask: RemoteTask }>(server.url, server.token, STATUS, { id });
    const line = `${what}: ${t.processed}/${t.total} jobs done${t.failed ? `, ${t.failed} failed` : ""}`;
    if (process.stderr.isTTY && line !== last) process.stderr.write(`\r${line}`);
    last = line;
    if (t.status === "FAILED") {
      if (process.stderr.isTTY) process.stderr.write("\n");
      throw new Error(t.error ?? `${what} failed`);
    }
    if (t.status === "SUCCEEDED") {
      if (process.stderr.isTTY) process.stderr.write("\n");
      return t;
    }
    await sleep(250);
  }
}

/** A read-only query to the running server (`labels show`, `index list`), said on stderr like a hand-off. */
export async function queryThroughServer<T>(server: ServerHandle, query: string, what: string): Promise<T> {
  process.stderr.write(`a tunelens server is running at ${server.url}; ${what} through it\n`);
  return graphqlRequest<T>(server.url, server.token, query, {});
}
