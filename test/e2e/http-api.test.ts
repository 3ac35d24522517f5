import { setTimeout as sleep } from "node:timers/promises";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";
import {
  IngestJobDocument,
  IngestTracksDocument,
  SearchTracksDocument,
  SimilarTracksDocument,
} from "../graphql/generated.ts";

const TOKEN = "test-admin-token-0123456789abcdef";

interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; stacktrace?: unknown } }>;
}

describe("GraphQL over HTTP (embedded database, real server)", () => {
  let server: RunningServer;

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ status: number; body: GraphqlResponse<T> }> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GraphqlResponse<T> };
  };

  /** Sends one of the codegen-typed operations in test/graphql/ (typed result and variables). */
  const op = <R, V>(doc: TypedDocumentNode<R, V>, variables: V, token?: string) =>
    gql<R>(print(doc), variables as Record<string, unknown>, token);

  beforeAll(async () => {
    const cfg = loadConfig({ TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", TUNELENS_ADMIN_TOKEN: TOKEN, TUNELENS_ANONYMOUS_SEARCH: "true", NODE_ENV: "production", LOG_LEVEL: "silent" });
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
  }, 120_000);
  afterAll(() => server?.stop());

  it("answers health and readiness", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: "pglite" });
  });

  it("refuses ingest without a key", async () => {
    const { body } = await gql(`mutation { ingestTracks(path: "/tmp") { id } }`);
    expect(body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const wrong = await gql(`mutation { ingestTracks(path: "/tmp") { id } }`, {}, "wrong-token");
    expect(wrong.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  /**
   * The librosa catalogue ingested through the API, once, by whichever test needs it first: the
   * search tests do not rely on the ingest test having run before them.
   */
  let ingestion: ReturnType<typeof ingestThroughApi> | undefined;
  const catalogue = () => (ingestion ??= ingestThroughApi());
  async function ingestThroughApi() {
    const { body } = await op(IngestTracksDocument, { path: LIBROSA_MUSIC }, TOKEN);
    expect(body.errors).toBeUndefined();
    const id = body.data!.ingestTracks.id;
    let job;
    for (const deadline = Date.now() + 240_000; Date.now() < deadline; ) {
      job = (await op(IngestJobDocument, { id }, TOKEN)).body.data?.ingestJob;
      if (job?.status === "SUCCEEDED" || job?.status === "FAILED") break;
      await sleep(200);
    }
    return job;
  }

  it("ingests a data set through the API and reports progress", async () => {
    expect(await catalogue()).toMatchObject({ status: "SUCCEEDED", total: 8, ingested: 8, failed: 0, failures: [] });
  }, 300_000);

  it("searches by text and returns a ranked Relay connection", async () => {
    await catalogue();
    const { body } = await op(SearchTracksDocument, { text: "calm piano with strings", first: 5 });
    expect(body.errors).toBeUndefined();
    const conn = body.data!.searchTracks;
    expect(conn.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(conn.variant).toBeNull();
    expect(conn.edges.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5]);
    const scores = conn.edges.map((e) => e.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    // librosa-music is a data set folder: its first description comes from the catalog line (CATALOG, not a fetched page)
    expect(conn.edges[0].node.descriptions[0].source).toBe("CATALOG");
    const next = await op(SearchTracksDocument, { text: "calm piano with strings", first: 5, after: conn.pageInfo.endCursor });
    const rest = next.body.data!.searchTracks;
    expect(rest.edges.map((e) => e.rank)).toEqual([6, 7, 8]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const ids = [...conn.edges, ...rest.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(8);
  });

  it("finds similar tracks by catalog id and fetches a track by either id", async () => {
    await catalogue();
    const ext = "kevin-macleod-vibe-ace";
    const { body } = await op(SimilarTracksDocument, { trackId: ext, first: 3 });
    expect(body.errors).toBeUndefined();
    const similar = body.data!.similarTracks;
    expect(similar.edges).toHaveLength(3);
    expect(similar.edges.map((e) => e.node.externalId)).not.toContain(ext);
    expect(body.data!.track.externalId).toBe(ext);
    const byId = await op(SimilarTracksDocument, { trackId: body.data!.track.id, first: 1 });
    expect(byId.body.data!.track.externalId).toBe(ext);
    expect(byId.body.data!.similarTracks.edges[0].node.id).toBe(similar.edges[0].node.id);
  });

  it("lists the catalogue with keyset pagination", async () => {
    await catalogue();
    const a = await gql<{ tracks: { totalCount: number; edges: Array<{ node: { id: string } }>; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(
      `{ tracks(first: 5) { totalCount edges { node { id } } pageInfo { endCursor hasNextPage } } }`,
    );
    const b = await gql<{ tracks: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean } } }>(
      `query($c: String) { tracks(first: 5, after: $c) { edges { node { id } } pageInfo { hasNextPage } } }`,
      { c: a.body.data!.tracks.pageInfo.endCursor },
    );
    expect(a.body.data!.tracks.totalCount).toBe(8);
    const ids = [...a.body.data!.tracks.edges, ...b.body.data!.tracks.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(8);
    expect(b.body.data!.tracks.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    ["first over the limit", `{ searchTracks(text: "piano", first: 1000) { queryId } }`, "BAD_USER_INPUT"],
    ["empty text", `{ searchTracks(text: "   ") { queryId } }`, "BAD_USER_INPUT"],
    ["oversize text", `{ searchTracks(text: "${"a".repeat(1001)}") { queryId } }`, "BAD_USER_INPUT"],
    ["garbage cursor", `{ searchTracks(text: "piano", after: "nope") { queryId } }`, "BAD_USER_INPUT"],
    ["unknown track", `{ similarTracks(trackId: "no-such-track") { queryId } }`, "NOT_FOUND"],
    ["SQL in an id", `{ track(id: "x'; DROP TABLE tracks; --") { id } }`, "NOT_FOUND"],
    ["wrong argument type", `{ searchTracks(text: 42) { queryId } }`, "GRAPHQL_VALIDATION_FAILED"],
  ])("rejects %s with a clear code and no stack trace", async (_name, query, code) => {
    const total = async () => (await gql<{ tracks: { totalCount: number } }>(`{ tracks(first: 1) { totalCount } }`)).body.data!.tracks.totalCount;
    await catalogue(); // so a DROP TABLE that got through would show as a changed count
    const before = await total();
    const { body } = await gql(query);
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(body.errors?.[0].extensions?.stacktrace).toBeUndefined();
    expect(await total()).toBe(before);
  });
});
