import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, tempDir, whiteNoise, writeWav } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { servedBackends } from "../helpers/served-backends.ts";

const ADMIN = "hostile-admin-token-0123456789";
const AUTH_FAILURES = 30;

interface Reply {
  status: number;
  ms: number;
  body: { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: Record<string, unknown> & { code?: string } }> };
}

/**
 * The red-team cases of issue #16 that arrive over HTTP, against the real server in production
 * mode (NODE_ENV=production) on embedded PGlite and on PostgreSQL. Each test is the attack as it
 * was run; the answers asserted are the fixed ones (docs/security.md lists them).
 */
describe.each(servedBackends())("hostile requests (production settings) on $name", (backend) => {
  let server: RunningServer;
  let searchKey: string;
  let ingestKey: string;
  let otherIngestKey: string;
  const library = path.join(tempDir("tunelens-hostile-"), "library");

  const post = async (query: string, opts: { token?: string; variables?: Record<string, unknown>; extensions?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<Reply> => {
    const started = performance.now();
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: opts.raw ?? JSON.stringify({ query, variables: opts.variables ?? {}, extensions: opts.extensions }),
    });
    const body = (await res.json()) as Reply["body"];
    return { status: res.status, ms: performance.now() - started, body };
  };
  const code = (r: Reply) => r.body.errors?.[0]?.extensions?.code;
  const ok = (r: Reply) => {
    expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    return r.body.data!;
  };
  const SEARCH = `query($t: String!, $e: ExperimentInput) { searchTracks(text: $t, first: 2, experiment: $e) { queryId variant edges { rank node { id } } } }`;

  beforeAll(async () => {
    mkdirSync(library, { recursive: true });
    writeWav(library, "chord.wav", [chord([220, 277, 330], 4, 16000)], 16000);
    writeWav(library, "noise.wav", [whiteNoise(4, 16000)], 16000);
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, PORT: "0", NODE_ENV: "production", TUNELENS_ADMIN_TOKEN: ADMIN,
      TUNELENS_ANONYMOUS_SEARCH: "false", TUNELENS_LIBRARY_ROOTS: library, TUNELENS_RATE_LIMIT_PER_MINUTE: "100000",
      TUNELENS_AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES),
      ...(await backend.env()),
    });
    server = await startServer(cfg, createLogger("silent"), { inMemory: backend.inMemory });
    const key = async (scopes: string[]) =>
      ok(await post(`mutation($s: [String!]!) { createApiKey(name: "hostile", scopes: $s) { key } }`, { token: ADMIN, variables: { s: scopes } })).createApiKey.key as string;
    searchKey = await key(["search"]);
    ingestKey = await key(["ingest"]);
    otherIngestKey = await key(["ingest"]);
    const started = ok(await post(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { token: ingestKey, variables: { p: library } }));
    for (let i = 0; i < 600; i++) {
      const job = ok(await post(`query($id: ID!) { ingestJob(id: $id) { status ingested } }`, { token: ingestKey, variables: { id: started.ingestTracks.id } })).ingestJob;
      if (job.status !== "QUEUED" && job.status !== "RUNNING") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    ok(await post(
      `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { key } }`,
      { token: ADMIN, variables: { i: { key: "hostile-exp", variants: [{ name: "a", ranking: { signal: "AUDIO" } }, { name: "b", ranking: { signal: "DESCRIPTION" } }] } } },
    ));
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await backend.dispose();
  });

  it.each([
    ["searchTracks(text) as a variable", SEARCH, { t: "piano\u0000" }],
    ["searchTracks(text) as a literal in the document", `{ searchTracks(text: "pia\\u0000no", first: 1) { queryId } }`, {}],
    ["searchTracks(text) with a lone surrogate", SEARCH, { t: "piano \uD800" }],
    ["experiment.unitId with NUL", SEARCH, { t: "piano", e: { unitId: "u\u0000", experimentKey: "hostile-exp" } }],
    ["experiment.unitId with a lone surrogate", SEARCH, { t: "piano", e: { unitId: "\uD800", experimentKey: "hostile-exp" } }],
    ["experiment.experimentKey", SEARCH, { t: "piano", e: { unitId: "u1", experimentKey: "hostile\u0000" } }],
    ["track(id)", `query($id: ID!) { track(id: $id) { id } }`, { id: "a\u0000" }],
    ["similarTracks(trackId)", `query($id: ID!) { similarTracks(trackId: $id, first: 1) { queryId } }`, { id: "\u0000" }],
    ["tracks(after)", `query($a: String) { tracks(first: 1, after: $a) { edges { node { id } } } }`, { a: "\u0000" }],
    ["searchTracks(model)", `query($m: String) { searchTracks(text: "x", first: 1, model: $m) { queryId } }`, { m: "v\u0000" }],
    ["experimentReport(key)", `query($k: String!) { experimentReport(key: $k) { experiment { key } } }`, { k: "k\u0000" }],
    ["recordInteraction(queryId)", `mutation($q: String!) { recordInteraction(input: { queryId: $q, type: CLICK, position: 1 }) { type } }`, { q: "\u0000" }],
  ])("refuses NUL and invalid Unicode in %s with BAD_USER_INPUT", async (_name, query, variables) => {
    const r = await post(query, { token: ADMIN, variables });
    expect(code(r), JSON.stringify(r.body.errors)).toBe("BAD_USER_INPUT");
    expect(r.body.errors![0].message).toMatch(/NUL|invalid Unicode/);
  });

  it("keeps recording exposures after a search with a NUL unit id (one bad row never blocks the batch)", async () => {
    await post(SEARCH, { token: ADMIN, variables: { t: "piano", e: { unitId: "bad\u0000unit", experimentKey: "hostile-exp" } } });
    for (const unit of ["u1", "u2", "u3"]) ok(await post(SEARCH, { token: ADMIN, variables: { t: "soft chord", e: { unitId: unit, experimentKey: "hostile-exp" } } }));
    const report = ok(await post(`{ experimentReport(key: "hostile-exp") { ab { variants { name exposures } } } }`, { token: ADMIN }));
    const exposures = report.experimentReport.ab.variants.reduce((n: number, v: { exposures: number }) => n + v.exposures, 0);
    expect(exposures).toBe(3);
  });

  it("refuses a 5,000-field document while parsing, before validation", async () => {
    const flood = `{ tracks(first: 1) { edges { node { ${"title ".repeat(5000)} } } } }`;
    const r = await post(flood, { token: ADMIN });
    expect(code(r)).toBe("GRAPHQL_PARSE_FAILED");
    expect(r.body.errors![0].message).toMatch(/500 tokens/);
  });

  it("weights searches in the cost model: 25 aliases of searchTracks(first: 1) are too costly, a few are served", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: searchTracks(text: "x", first: 1) { queryId }`).join(" ")} }`;
    const flood = await post(aliases(25), { token: ADMIN });
    expect(code(flood)).toBe("QUERY_TOO_COMPLEX");
    expect(flood.body.data).toBeUndefined();
    const many = await post(aliases(200), { token: ADMIN });
    expect(["QUERY_TOO_COMPLEX", "GRAPHQL_PARSE_FAILED"]).toContain(code(many));
    ok(await post(aliases(3), { token: ADMIN }));
  });

  it("weights search by audio in the cost model: 5 aliases of searchByAudio are too costly before any clip is fetched", async () => {
    const aliases = (n: number) => `query($u: String) { ${Array.from({ length: n }, (_, i) => `a${i}: searchByAudio(url: $u, first: 1) { queryId }`).join(" ")} }`;
    // a URL nobody serves: had the flood run, each alias would answer "refused" or "unreachable"
    const flood = await post(aliases(5), { token: searchKey, variables: { u: "http://198.51.100.7/clip.ogg" } });
    expect(code(flood)).toBe("QUERY_TOO_COMPLEX");
    expect(flood.body.data).toBeUndefined();
    const vectors = `query($v: [Float!]!) { ${Array.from({ length: 25 }, (_, i) => `v${i}: searchByVector(vector: $v, model: "x", first: 1) { queryId }`).join(" ")} }`;
    expect(code(await post(vectors, { token: searchKey, variables: { v: [1] } }))).toBe("QUERY_TOO_COMPLEX");
  });

  it("answers a variable that does not fit its type with BAD_USER_INPUT (HTTP 400), not a 500, and no schema hints", async () => {
    // JSON.stringify turns a client's NaN into null: a vector with a hole
    const hole = await post(`query($v: [Float!]!) { searchByVector(vector: $v, model: "x", first: 1) { queryId } }`, { token: searchKey, variables: { v: [0.1, null, 0.3] } });
    expect([hole.status, code(hole)]).toEqual([400, "BAD_USER_INPUT"]);
    expect(hole.body.errors![0].message).toMatch(/\$v/);
    const word = await post(`query($f: Int!) { searchTracks(text: "x", first: $f) { queryId } }`, { token: searchKey, variables: { f: "ten" } });
    expect([word.status, code(word)]).toEqual([400, "BAD_USER_INPUT"]);
    const missing = await post(`query($f: Int!) { searchTracks(text: "x", first: $f) { queryId } }`, { token: searchKey });
    expect([missing.status, code(missing)]).toEqual([400, "BAD_USER_INPUT"]);
    const enumValue = await post(`query($r: RankingInput) { searchTracks(text: "x", first: 1, ranking: $r) { queryId } }`, { token: searchKey, variables: { r: { signal: "AUDI" } } });
    expect([enumValue.status, code(enumValue)]).toEqual([400, "BAD_USER_INPUT"]);
    expect(enumValue.body.errors![0].message).not.toMatch(/Did you mean|AUDIO/);
  });

  it("hides schema hints (Did you mean …) in production", async () => {
    const r = await post(`{ searchTrack(text: "x", first: 1) { queryId } }`, { token: ADMIN });
    expect(code(r)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(r.body.errors![0].message).not.toMatch(/Did you mean|searchTracks/);
  });

  it("answers an APQ hash mismatch with BAD_REQUEST, not INTERNAL_SERVER_ERROR", async () => {
    const r = await post(`{ tracks(first: 1) { edges { node { id } } } }`, {
      token: ADMIN,
      extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
    });
    expect(r.status).toBe(400);
    expect(code(r)).toBe("BAD_REQUEST");
  });

  it("never names the server's folders in errors (unknown model)", async () => {
    const r = await post(`{ searchTracks(text: "x", first: 1, model: "no-such-model") { queryId } }`, { token: searchKey });
    expect(code(r)).toBe("NOT_FOUND");
    expect(r.body.errors![0].message).not.toMatch(/\/(work|home|tmp|usr)\//);
    expect(JSON.stringify(r.body)).not.toContain(TEST_MODEL_DIR);
  });

  it("shows an ingest job to its creator (and the operator) only", async () => {
    const mine = ok(await post(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { token: ingestKey, variables: { p: library } })).ingestTracks.id;
    const Q = `query($id: ID!) { ingestJob(id: $id) { id status failures { file } } }`;
    expect(ok(await post(Q, { token: ingestKey, variables: { id: mine } })).ingestJob.id).toBe(mine);
    expect(ok(await post(Q, { token: ADMIN, variables: { id: mine } })).ingestJob.id).toBe(mine);
    const stranger = await post(Q, { token: otherIngestKey, variables: { id: mine } });
    expect(code(stranger)).toBe("NOT_FOUND");
    expect(JSON.stringify(stranger.body)).not.toContain(library);
  });

  it("accepts interactions only for query ids it served", async () => {
    const served = ok(await post(SEARCH, { token: searchKey, variables: { t: "soft chord" } })).searchTracks;
    const M = `mutation($q: String!) { recordInteraction(input: { queryId: $q, type: CLICK, position: 1 }) { type } }`;
    expect(ok(await post(M, { token: searchKey, variables: { q: served.queryId } })).recordInteraction.type).toBe("CLICK");
    const invented = await post(M, { token: searchKey, variables: { q: "8a1c7a52-1111-4222-8333-444455556666" } });
    expect(code(invented)).toBe("BAD_USER_INPUT");
    // one changed digit of a served id is as invented
    const last = served.queryId.slice(-1);
    const tampered = await post(M, { token: searchKey, variables: { q: served.queryId.slice(0, -1) + (last === "0" ? "1" : "0") } });
    expect(code(tampered)).toBe("BAD_USER_INPUT");
  });

  it("keeps /explorer off and /metrics behind the admin token in production", async () => {
    expect((await fetch(`${server.url}/explorer`)).status).toBe(404);
    const anonymous = await fetch(`${server.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toMatch(/tunelens_/);
    const withKey = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${searchKey}` } });
    expect(withKey.status).toBe(401);
    const admin = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toMatch(/tunelens_/);
  });

  it.each([
    ["Basic credentials", "Basic dXNlcjpwYXNz"],
    ["a bearer with two words", `Bearer ${"a".repeat(10)} b`],
    ["a bare Bearer", "Bearer"],
    ["an empty header", ""],
  ])("refuses a malformed Authorization header (%s) instead of serving it as anonymous", async (_name, header) => {
    // anonymous search is off here, so test against a field anonymous callers may use: none are
    // open; the point is the 401 and its message, not FORBIDDEN/anonymous
    const r = await post(`{ tracks(first: 1) { edges { node { id } } } }`, { headers: { authorization: header } });
    expect(r.status).toBe(401);
    expect(code(r)).toBe("UNAUTHENTICATED");
    expect(r.body.errors![0].message).toMatch(/malformed Authorization/);
  });

  // Last: it uses up this address's failure budget for a minute.
  it("rate-limits wrong keys per address before looking them up", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURES + 20; i++) {
      const r = await post(`{ tracks(first: 1) { edges { node { id } } } }`, { token: `tl_${i.toString(16).padStart(8, "0")}_${"x".repeat(43)}` });
      statuses.push(r.status);
    }
    const counts = { 401: statuses.filter((s) => s === 401).length, 429: statuses.filter((s) => s === 429).length };
    // the malformed-header test before this one used up 4 of the budget
    expect(counts[401]).toBeLessThanOrEqual(AUTH_FAILURES);
    expect(counts[429]).toBeGreaterThanOrEqual(20);
    expect(counts[401] + counts[429]).toBe(AUTH_FAILURES + 20);
    // the operator's token is checked without a lookup and is not locked out with them
    ok(await post(`{ tracks(first: 1) { edges { node { id } } } }`, { token: ADMIN }));
  });
});
