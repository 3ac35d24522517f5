import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

export const ADMIN_TOKEN = "test-admin-token-web-0123456789";

export interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export interface ServedApp {
  server: RunningServer;
  url: string;
  gql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResponse<T>>;
  /** ingests a folder or data set through the API (admin token) and waits for the job */
  ingest(path: string): Promise<{ status: string; ingested: number; failed: number }>;
}

/** The real server on an ephemeral port, embedded in-memory database, shipped model. */
export async function startServedApp(env: Record<string, string> = {}): Promise<ServedApp> {
  const cfg = loadConfig({
    TUNELENS_MODEL_DIR: TEST_MODEL_DIR,
    DATABASE_URL: "",
    PORT: "0",
    TUNELENS_ADMIN_TOKEN: ADMIN_TOKEN,
    NODE_ENV: "development",
    LOG_LEVEL: "silent",
    ...env,
  });
  const server = await startServer(cfg, createLogger("silent"), { inMemory: true });
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphqlResponse<T>;
  };
  const ingest = async (path: string) => {
    const started = await gql<{ ingestTracks: { id: string } }>(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: path }, ADMIN_TOKEN);
    if (!started.data) throw new Error(`ingest refused: ${JSON.stringify(started.errors)}`);
    for (let i = 0; i < 1500; i++) {
      const job = (await gql<{ ingestJob: { status: string; ingested: number; failed: number } }>(
        `query($id: ID!) { ingestJob(id: $id) { status ingested failed } }`,
        { id: started.data.ingestTracks.id },
        ADMIN_TOKEN,
      )).data?.ingestJob;
      if (job && (job.status === "SUCCEEDED" || job.status === "FAILED")) return job;
      await sleep(200);
    }
    throw new Error("ingest did not finish in 5 minutes");
  };
  return { server, url: server.url, gql, ingest };
}
