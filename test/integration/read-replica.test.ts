// DATABASE_READ_URL against a real streaming replica: the test starts a throwaway primary and a
// hot standby (pg_basebackup -R) with the machine's PostgreSQL binaries, runs the real server on
// both, ingests real audio through the API on the primary, waits for replay and searches. While
// replay is paused, changes made on the primary (a track's embeddings deleted, another's title
// and descriptions changed) must stay invisible to searches: the ANN statement and the track and
// description loaders all read the replica. A write through the read pool fails.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openReadReplica } from "../../src/db/read-replica.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { replicaUnavailableReason, startReplicaPair, type ReplicaPair } from "../helpers/streaming-replica.ts";

const TOKEN = "test-admin-token-replica-0123456789";
const DB = "tunelens";
const unavailable = replicaUnavailableReason();
if (unavailable) console.warn(`[read-replica] skipped: ${unavailable}`);

interface Edge {
  score: number;
  node: { id: string; title: string | null; descriptions: Array<{ text: string }> };
}

describe.skipIf(unavailable !== null)("searches read a real streaming replica (DATABASE_READ_URL)", () => {
  let pair: ReplicaPair;
  let server: RunningServer;
  let primary: pg.Client;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  const search = async (): Promise<Edge[]> =>
    (
      await gql<{ searchTracks: { edges: Edge[] } }>(
        `{ searchTracks(text: "calm piano with strings", first: 8, ranking: { signal: AUDIO }) { edges { score node { id title descriptions { text } } } } }`,
      )
    ).searchTracks.edges;

  beforeAll(async () => {
    pair = await startReplicaPair();
    const admin = new pg.Client({ connectionString: pair.primaryUrl("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.end();
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR,
      DATABASE_URL: pair.primaryUrl(DB),
      DATABASE_READ_URL: pair.replicaUrl(DB),
      TUNELENS_IN_PROCESS_WORKER: "on",
      PORT: "0",
      TUNELENS_ADMIN_TOKEN: TOKEN,
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
    });
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
    primary = new pg.Client({ connectionString: pair.primaryUrl(DB) });
    await primary.connect();
  }, 300_000);
  afterAll(async () => {
    await primary?.end();
    await server?.stop();
    await pair?.stop();
  });

  it("the replica really is a standby of the primary", async () => {
    const c = new pg.Client({ connectionString: pair.replicaUrl(DB) });
    await c.connect();
    const { rows } = await c.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
    await c.end();
    expect(rows[0].standby).toBe(true);
    const senders = await primary.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'");
    expect(senders.rows[0].n).toBe(1);
  });

  it("ingests on the primary; after replay the replica answers; paused replay hides primary-only changes from every read", async () => {
    const ingest = await gql<{ ingestTracks: { id: string } }>(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: LIBROSA_MUSIC });
    let status = "";
    for (let i = 0; i < 1500 && status !== "SUCCEEDED" && status !== "FAILED"; i++) {
      await sleep(200);
      status = (await gql<{ ingestJob: { status: string } }>(`query($id: ID!) { ingestJob(id: $id) { status } }`, { id: ingest.ingestTracks.id })).ingestJob.status;
    }
    expect(status).toBe("SUCCEEDED");
    await pair.waitForReplay();
    const before = await search();
    expect(before).toHaveLength(8);

    await pair.pauseReplay();
    const [gone, renamed] = [before[0].node.id, before[1].node.id];
    await primary.query("DELETE FROM embeddings WHERE track_id = $1", [gone]);
    await primary.query("UPDATE tracks SET title = 'renamed on the primary' WHERE id = $1", [renamed]);
    await primary.query("INSERT INTO descriptions (track_id, source, text) VALUES ($1, 'user', 'written on the primary')", [renamed]);
    const paused = await search();
    // the ANN statement still finds the track whose vectors the primary no longer has …
    expect(paused.map((e) => e.node.id)).toEqual(before.map((e) => e.node.id));
    // … and the track and description loaders still see the replica's rows
    const stale = paused.find((e) => e.node.id === renamed)!;
    expect(stale.node.title).toBe(before[1].node.title);
    expect(stale.node.descriptions.map((d) => d.text)).not.toContain("written on the primary");

    await pair.resumeReplay();
    await pair.waitForReplay();
    const after = await search();
    expect(after.map((e) => e.node.id)).not.toContain(gone);
    const fresh = after.find((e) => e.node.id === renamed)!;
    expect(fresh.node.title).toBe("renamed on the primary");
    expect(fresh.node.descriptions.map((d) => d.text)).toContain("written on the primary");
  }, 600_000);

  it("a write through the read pool fails, on the replica and even when pointed at the primary", async () => {
    for (const url of [pair.replicaUrl(DB), pair.primaryUrl(DB)]) {
      const reader = await openReadReplica(url);
      try {
        await expect(reader.query("INSERT INTO descriptions (track_id, source, text) SELECT id, 'user', 'x' FROM tracks LIMIT 1")).rejects.toThrow(/read-only transaction/);
      } finally {
        await reader.close();
      }
    }
  });
});
