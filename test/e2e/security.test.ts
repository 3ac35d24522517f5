import { createHash } from "node:crypto";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, tempDir, whiteNoise, writeWav } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

const ADMIN = "security-admin-token-0123456789";
const RATE = 40;

interface Reply {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string; stacktrace?: unknown } }> };
}

describe("access control, limits and observability (production settings)", () => {
  let server: RunningServer;
  const post = async (query: string, opts: { token?: string; variables?: Record<string, unknown>; extensions?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: JSON.stringify({ query, variables: opts.variables ?? {}, extensions: opts.extensions }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Reply["body"] };
  };
  const code = (r: Reply) => r.body.errors?.[0]?.extensions?.code;
  const createKey = async (scopes: string[]) => {
    const r = await post(`mutation($s: [String!]!) { createApiKey(name: "test", scopes: $s) { key apiKey { prefix } } }`, { token: ADMIN, variables: { s: scopes } });
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.createApiKey.key as string;
  };
  const SEARCH = `{ searchTracks(text: "soft chord", first: 2) { edges { rank node { id } } } }`;
  let searchKey: string;
  let ingestKey: string;
  const libraryBase = tempDir("tunelens-lib-");
  const library = path.join(libraryBase, "library");
  const secret = path.join(libraryBase, "secret");

  beforeAll(async () => {
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", NODE_ENV: process.env.SEC_DEV ? "development" : "production",
      TUNELENS_ADMIN_TOKEN: ADMIN, TUNELENS_ANONYMOUS_SEARCH: "false", TUNELENS_RATE_LIMIT_PER_MINUTE: String(RATE),
      TUNELENS_MAX_QUERY_DEPTH: "3", TUNELENS_LIBRARY_ROOTS: library, TUNELENS_MAX_QUERY_COST: "400",
    });
    mkdirSync(library, { recursive: true });
    mkdirSync(secret, { recursive: true });
    writeWav(library, "inside.wav", [chord([330, 415, 494], 3, 16000)], 16000);
    writeWav(secret, "outside.wav", [chord([196, 247, 294], 3, 16000)], 16000);
    symlinkSync(secret, path.join(library, "escape"));
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
    const dir = tempDir();
    writeWav(dir, "chord.wav", [chord([220, 277, 330], 4, 16000)], 16000);
    writeWav(dir, "noise.wav", [whiteNoise(4, 16000)], 16000);
    const { db, runtime } = server.opened;
    await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(dir));
    searchKey = await createKey(["search"]);
    ingestKey = await createKey(["ingest"]);
  }, 180_000);
  afterAll(() => server?.stop());

  const trackCount = () => new TrackRepository(server.opened.db).count();
  // Refused requests must not even queue work; counting jobs sees that at once, where a track
  // count would only change after a worker ran.
  const jobCount = async () => Number((await server.opened.db.query<{ n: string }>("SELECT count(*) AS n FROM jobs"))[0].n);

  it("refuses anonymous search when it is not enabled", async () => {
    const r = await post(SEARCH);
    expect(code(r)).toBe("UNAUTHENTICATED");
  });

  it("refuses an unknown key outright (no silent anonymous fallback)", async () => {
    const r = await post(SEARCH, { token: `tl_deadbeef_${"x".repeat(43)}` });
    expect(r.status).toBe(401);
    expect(code(r)).toBe("UNAUTHENTICATED");
  });

  it("answers a search key and stores only a hash of it", async () => {
    const r = await post(SEARCH, { token: searchKey });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.searchTracks.edges).toHaveLength(2);
    const rows = await server.opened.db.query<{ secret_hash: string }>("SELECT secret_hash FROM api_keys");
    const hashes = rows.map((x) => x.secret_hash);
    expect(hashes).toContain(createHash("sha256").update(searchKey).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(searchKey);
  });

  it("forbids operations outside a key's scopes", async () => {
    const ingest = await post(`mutation { ingestTracks(path: "/tmp") { id } }`, { token: searchKey });
    expect(code(ingest)).toBe("FORBIDDEN");
    const search = await post(SEARCH, { token: ingestKey });
    expect(code(search)).toBe("FORBIDDEN");
    const keys = await post(`{ apiKeys { prefix } }`, { token: searchKey });
    expect(code(keys)).toBe("FORBIDDEN");
  });

  it.each([
    ["a folder outside the library roots", () => secret],
    ["a .. traversal out of the library", () => path.join(library, "..", "secret")],
    ["a symlink that escapes the library", () => path.join(library, "escape", "outside.wav")],
    ["/etc", () => "/etc"],
  ])("refuses an ingest key %s with FORBIDDEN", async (_name, p) => {
    const before = await jobCount();
    const r = await post(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { token: ingestKey, variables: { p: p() } });
    expect(code(r)).toBe("FORBIDDEN");
    expect(await jobCount()).toBe(before);
  });

  it("rejects unknown scopes when creating a key", async () => {
    const r = await post(`mutation { createApiKey(name: "x", scopes: ["root"]) { key } }`, { token: ADMIN });
    expect(code(r)).toBe("BAD_USER_INPUT");
  });

  it("stops a revoked key", async () => {
    const key = await createKey(["search"]);
    expect((await post(SEARCH, { token: key })).body.errors).toBeUndefined();
    const prefix = key.split("_")[1];
    const revoked = await post(`mutation($p: String!) { revokeApiKey(idOrPrefix: $p) }`, { token: ADMIN, variables: { p: prefix } });
    expect(revoked.body.data!.revokeApiKey).toBe(1);
    expect(code(await post(SEARCH, { token: key }))).toBe("UNAUTHENTICATED");
  });

  it("rate-limits each caller separately with RATE_LIMITED and Retry-After", async () => {
    const key = await createKey(["search"]);
    const replies: Reply[] = [];
    for (let i = 0; i < RATE + 2; i++) replies.push(await post(`{ tracks(first: 1) { totalCount } }`, { token: key }));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBe(2);
    expect(code(limited[0])).toBe("RATE_LIMITED");
    expect(Number(limited[0].headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await post(SEARCH, { token: searchKey })).body.errors).toBeUndefined();
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    expect(metrics).toMatch(/tunelens_requests_rejected_total\{reason="rate_limited"\} [1-9]/);
  });

  it("refuses queries nested too deep or too costly before running them", async () => {
    const deep = await post(`{ searchTracks(text: "a") { edges { node { descriptions { provenance text } } } } }`, { token: searchKey });
    expect(code(deep)).toBe("QUERY_TOO_COMPLEX");
    const wide = await post(`{ searchTracks(text: "a", first: 100) { edges { rank score cursor node { id title artist album bpm key } } } }`, { token: searchKey });
    expect(code(wide)).toBe("QUERY_TOO_COMPLEX");
  });

  it("turns introspection off in production", async () => {
    const r = await post(`{ __schema { types { name } } }`, { token: searchKey });
    expect(code(r)).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("blocks cross-site GET requests (CSRF prevention)", async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ tracks(first: 1) { totalCount } }")}`, {
      headers: { authorization: `Bearer ${searchKey}` },
    });
    expect(res.status).toBe(400);
  });

  it("serves automatic persisted queries", async () => {
    const query = `{ tracks(first: 1) { totalCount } }`;
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const ext = { persistedQuery: { version: 1, sha256Hash } };
    const res1 = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${searchKey}` },
      body: JSON.stringify({ extensions: ext }),
    });
    expect(((await res1.json()) as Reply["body"]).errors?.[0].extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const tracks = await trackCount();
    const registered = await post(query, { token: searchKey, extensions: ext });
    expect(registered.body.data!.tracks.totalCount).toBe(tracks);
    const res2 = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${searchKey}` },
      body: JSON.stringify({ extensions: ext }),
    });
    expect(((await res2.json()) as Reply["body"]).data!.tracks.totalCount).toBe(tracks);
  });

  it.each([
    ["text", `{ searchTracks(text: "'; DROP TABLE tracks; --", first: 2) { edges { rank } } }`],
    ["trackId", `{ similarTracks(trackId: "1' OR '1'='1", first: 2) { edges { rank } } }`],
    ["cursor", `{ tracks(first: 1, after: "') OR 1=1 --") { totalCount } }`],
  ])("treats SQL in %s as data", async (_arg, query) => {
    const before = await trackCount();
    expect(before).toBeGreaterThanOrEqual(2);
    await post(query, { token: searchKey });
    expect(await trackCount()).toBe(before);
    const tables = await server.opened.db.query("SELECT 1 FROM tracks LIMIT 1");
    expect(tables).toHaveLength(1);
  });

  it("echoes request ids and exposes Prometheus metrics", async () => {
    expect((await post(SEARCH, { token: searchKey })).body.errors).toBeUndefined(); // encodes a text
    const r = await post(`{ tracks(first: 1) { totalCount } }`, { token: searchKey, headers: { "x-request-id": "req-123" } });
    expect(r.headers.get("x-request-id")).toBe("req-123");
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    expect(metrics).toContain("tunelens_graphql_operation_seconds_bucket");
    expect(metrics).toMatch(/tunelens_encoder_seconds_count\{tower="text"\} [1-9]/);
  });

  it("lets an ingest key queue a path inside the library roots", async () => {
    const r = await post(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { token: ingestKey, variables: { p: path.join(library, "inside.wav") } });
    expect(r.body.errors).toBeUndefined();
    const id = r.body.data!.ingestTracks.id as string;
    // Wait for the job, so no test after this one sees a track count change under it.
    let status = "";
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
      const job = await post(`query($id: ID!) { ingestJob(id: $id) { status ingested skipped } }`, { token: ingestKey, variables: { id } });
      status = job.body.data?.ingestJob?.status ?? `error ${code(job)}`;
      if (status !== "QUEUED" && status !== "RUNNING") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe("SUCCEEDED");
  }, 120_000);

});
