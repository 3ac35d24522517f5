import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/server/logger.ts";
import { SecretRedactor } from "../../src/util/secret-redaction.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

const ADMIN = "secret-logging-admin-token-Zq81x";

/**
 * A whole session against a server logging at debug (the most verbose level: headers included),
 * then a scan of everything it wrote — log lines, /metrics, error bodies, job records — for every
 * secret it issued or was sent.
 */
/** The embedded database always; a database of its own on TUNELENS_TEST_DATABASE_URL's server when set. */
const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;
const targets = ["pglite", ...(serverUrl ? ["postgres"] : [])];
const adminQuery = async (sql: string) => {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

describe.each(targets)("no secret in anything the server writes (%s)", (target) => {
  const dbName = `tunelens_t_${randomBytes(5).toString("hex")}`;
  let server: RunningServer;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const secrets: string[] = [ADMIN];
  const responses: string[] = [];

  const post = async (query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables, operationName: /^\s*(query|mutation)\s+(\w+)/.exec(query)?.[2] }),
    });
    const text = await res.text();
    responses.push(text);
    return { status: res.status, body: JSON.parse(text) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> } };
  };
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  beforeAll(async () => {
    const library = tempDir("tunelens-secrets-");
    writeWav(library, "a.wav", [chord([220, 277, 330], 3, 16000)], 16000);
    let databaseUrl = "";
    if (target === "postgres" && serverUrl) {
      await adminQuery(`CREATE DATABASE ${dbName}`);
      const url = new URL(serverUrl);
      url.pathname = `/${dbName}`;
      databaseUrl = url.toString();
    }
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: databaseUrl, PORT: "0", NODE_ENV: "production",
      TUNELENS_ADMIN_TOKEN: ADMIN, TUNELENS_ANONYMOUS_SEARCH: "false", TUNELENS_LIBRARY_ROOTS: library,
    });
    server = await startServer(cfg, createLogger("debug", sink), { inMemory: target === "pglite" });
    const { db, runtime } = server.opened;
    await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(library));

    const create = async (scopes: string[]) => {
      const r = await post(`mutation CreateKey($s: [String!]!) { createApiKey(name: "k", scopes: $s) { key apiKey { prefix } } }`, bearer(ADMIN), { s: scopes });
      const key = r.body.data.createApiKey.key as string;
      secrets.push(key);
      return { key, prefix: r.body.data.createApiKey.apiKey.prefix as string };
    };
    const search = await create(["search"]);
    const ingest = await create(["ingest"]);
    const revoked = await create(["search"]);
    await post(`mutation Revoke($p: String!) { revokeApiKey(idOrPrefix: $p) }`, bearer(ADMIN), { p: revoked.prefix });

    const SEARCH = `query Search { searchTracks(text: "soft chord", first: 2) { edges { node { id audioUrl } } } }`;
    const ok = await post(SEARCH, bearer(search.key));
    const audioUrl = ok.body.data.searchTracks.edges[0].node.audioUrl as string;
    secrets.push(new URL(audioUrl, server.url).searchParams.get("sig")!);
    await fetch(new URL(audioUrl, server.url), { headers: { range: "bytes=0-99", ...bearer(search.key) } });

    // Wrong, revoked and malformed credentials, sent the ways careless clients send them.
    const wrong = `tl_0badc0de_${"W".repeat(43)}`;
    secrets.push(wrong);
    await post(SEARCH, bearer(wrong));
    await post(SEARCH, bearer(revoked.key));
    await post(SEARCH, { authorization: `Basic ${Buffer.from(`user:${search.key}`).toString("base64")}` });
    await post(SEARCH, { authorization: `Bearer ${search.key} extra` });
    await post(SEARCH, { "x-api-key": search.key, cookie: `session=${search.key}` });
    // Failures: wrong scope, a bad query, a bad path, an operation name carrying a key.
    await post(`mutation Ingest { ingestTracks(path: "/nonexistent/${ingest.key}") { id } }`, bearer(search.key));
    await post(`mutation Ingest { ingestTracks(path: "/nonexistent/${ingest.key}") { id status } }`, bearer(ingest.key));
    await post(`query Broken { searchTracks(text: "x", first: 2) { nope } }`, bearer(search.key));
    await fetch(`${server.url}/graphql?token=${search.key}`, { method: "POST", headers: { "content-type": "application/json", ...bearer(search.key) }, body: `{"query":"{ __typename }","operationName":"${search.key}"}` });
    await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...bearer(ADMIN) }, body: "{not json" });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    if (target === "postgres") await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it("issued real secrets and logged the session (the scan below is not vacuous)", () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const log = lines.join("");
    // debug level logs headers: the authorization header is present, only its value is gone
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).toMatch(/POST \/graphql 200/);
  });

  it("no log line, metric, error body or job record contains any secret", async () => {
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    const jobs = await server.opened.db.query<Record<string, unknown>>("SELECT to_jsonb(j) AS row FROM jobs j UNION ALL SELECT to_jsonb(r) AS row FROM ingest_requests r");
    const written = [lines.join(""), metrics, JSON.stringify(jobs)];
    for (const secret of secrets) {
      for (const [i, text] of written.entries()) expect(text.includes(secret), `secret ${secret.slice(0, 6)}… leaked into ${["the log", "/metrics", "job records"][i]}`).toBe(false);
    }
    // Error bodies go to the client that sent the secret; only the admin token may never appear there.
    for (const body of responses) expect(body.includes(ADMIN)).toBe(false);
  });

  it("metric labels stay bounded whatever operation names clients send", async () => {
    const size = async () => (await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text()).length;
    const before = await size();
    for (let i = 0; i < 200; i++) {
      await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...bearer(ADMIN) },
        body: JSON.stringify({ query: `query Op${i} { __typename }`, operationName: `Op${i}` }),
      });
    }
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    expect(metrics).not.toContain("Op17");
    expect(metrics).toContain('operation="__typename"');
    // one new label set at most (the root field), not two hundred
    expect(metrics.length - before).toBeLessThan(3000);
  });

  it("scrubs token shapes anywhere in a line and keeps innocent text", () => {
    const r = new SecretRedactor();
    r.add("operator-token-abcdefghijkl");
    const line = `x operator-token-abcdefghijkl y tl_0123abcd_${"a".repeat(43)} Bearer abc.def /audio/1?exp=5&sig=zzz Basic dXNlcjpw`;
    const out = r.redact(line);
    expect(out).toBe("x [redacted] y [redacted] Bearer [redacted] /audio/1?exp=5&sig=[redacted] Basic [redacted]");
    expect(r.redact("string orchestra, 120 bpm, tl_ is a prefix")).toBe("string orchestra, 120 bpm, tl_ is a prefix");
  });
});
