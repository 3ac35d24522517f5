import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chord, sine, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { runCli, TUNELENS_BIN } from "../helpers/cli.ts";
import { fixtureAnswer, promptTitle, startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

/**
 * Issue #16, "no secret in any log", for the process an operator actually runs: `tunelens serve`
 * as a child process (the built CLI, production settings, debug logging, the embedded database in
 * a data folder of its own). secret-logging.test.ts captures the logger inside the test process;
 * it cannot see what bypasses the logger: a library writing to stderr, PGlite's own output, a
 * stray console call, a file written into the data folder. This test scans all of it.
 *
 * After a whole session (keys made through the CLI and GraphQL, good, wrong, revoked and malformed
 * credentials in every place clients put them, failing requests, an ingest whose LLM provider
 * refuses the operator's key) and a SIGTERM, every secret issued, sent or configured is looked
 * for, byte for byte, in the child's stdout, its stderr and every regular file under the data
 * folder — the database's own files included. The database keeps only
 * SHA-256 hashes of keys and never the admin token, so a plaintext secret in a heap page, the WAL
 * or anywhere else there is a leak too. (Rows of this size are stored uncompressed — TOAST
 * compresses only values over ~2 kB — so a byte scan sees what was written; the key name canary
 * below proves it.) The one legitimate copy is the admin token in server.json, the handle CLI
 * commands read while the server runs; it is checked while the server runs, and the file must be
 * gone after the stop.
 */

interface Finding {
  where: string;
  line: number;
  secret: string;
  start: number;
  end: number;
}

/**
 * Every occurrence of every secret in `bytes`, with its 1-based line (in a binary file, lines of
 * the raw bytes; the byte offset is given too). A key's secret part found inside the whole key is
 * reported once, as the key.
 */
function scan(where: string, bytes: Buffer, secrets: Map<string, string>): Finding[] {
  const found: Finding[] = [];
  for (const [secret, label] of secrets) {
    for (let at = bytes.indexOf(secret); at !== -1; at = bytes.indexOf(secret, at + 1)) {
      let line = 1;
      for (let i = bytes.indexOf(10); i !== -1 && i < at; i = bytes.indexOf(10, i + 1)) line++;
      found.push({ where: `${where} (byte ${at})`, line, secret: label, start: at, end: at + Buffer.byteLength(secret) });
    }
  }
  return found.filter((f) => !found.some((g) => g !== f && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start));
}

/** Regular files under `dir`, recursively (symlinks are not followed: they point out of the folder). */
function regularFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return regularFiles(p);
    return lstatSync(p).isFile() ? [p] : [];
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("tunelens serve as a child process at debug level", () => {
  const dataDir = tempDir("tunelens-child-secrets-");
  const library = tempDir("tunelens-child-secrets-lib-");
  // label shown in a failure → the secret itself (labels name the secret without printing it)
  const secrets = new Map<string, string>();
  const remember = (label: string, secret: string) => {
    secrets.set(secret, label);
    // tl_<8 hex>_<secret>: the prefix is public (listed, logged); the part after it is the secret
    const m = /^tl_[0-9a-f]{8}_(.+)$/.exec(secret);
    if (m) secrets.set(m[1], `${label} (secret part)`);
  };
  // Written into the key table in plaintext on purpose: found in the database files, it shows the scan reads them.
  const canary = `child-scan-canary-${randomBytes(6).toString("hex")}`;
  const env = { TUNELENS_DATA_DIR: dataDir, TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "" };
  let child: ChildProcess;
  let stdout = Buffer.alloc(0);
  let stderr = Buffer.alloc(0);
  let exit: { code: number | null; signal: NodeJS.Signals | null };
  let whileRunning: Finding[] = [];
  let serverJsonWhileRunning = "";
  let ingestStatus = "";
  let cliStderr = "";
  // The operator's own secret: the LLM provider's key, sent by the server to our fixture provider,
  // which answers the first description request and refuses the rest with 401, quoting the key
  // back in its error message as some providers and proxies do.
  let llm: OpenAiFixtureServer;
  const llmKey = `sk-child-scan-${randomBytes(16).toString("hex")}`;

  beforeAll(async () => {
    writeWav(library, "a.wav", [chord([220, 277, 330], 3, 16000)], 16000);
    writeWav(library, "b.wav", [sine(440, 2, 16000)], 16000);
    llm = await startOpenAiFixtureServer((req, i) => (i === 0 ? { kind: "json", body: fixtureAnswer(promptTitle(req)) } : { kind: "status", status: 401, message: `Incorrect API key provided: ${llmKey}` }));
    remember("the operator's LLM API key", llmKey);
    const serveEnv: NodeJS.ProcessEnv = {
      ...process.env, ...env, PORT: "0", LOG_LEVEL: "debug", NODE_ENV: "production", TUNELENS_ANONYMOUS_SEARCH: "false", TUNELENS_LIBRARY_ROOTS: library,
      OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: llmKey, TUNELENS_LLM_MODEL: "fixture-model", TUNELENS_LLM_MAX_RETRIES: "0", TUNELENS_JOB_BACKOFF_SECONDS: "0.05",
    };
    // no configured admin token: the server makes one and hands it over in server.json, as a fresh install does
    delete serveEnv.TUNELENS_ADMIN_TOKEN;
    child = spawn(process.execPath, [TUNELENS_BIN, "serve"], { env: serveEnv });
    child.stdout!.on("data", (d: Buffer) => (stdout = Buffer.concat([stdout, d])));
    child.stderr!.on("data", (d: Buffer) => (stderr = Buffer.concat([stderr, d])));
    const exited = new Promise<typeof exit>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));

    for (let i = 0; i < 1800 && !/GraphQL API\s+(\S+)\/graphql/.test(String(stdout)) && child.exitCode === null; i++) await wait(100);
    const url = /GraphQL API\s+(\S+)\/graphql/.exec(String(stdout))?.[1];
    if (!url) throw new Error(`serve did not start:\n${stdout}\n${stderr}`);
    serverJsonWhileRunning = readFileSync(path.join(dataDir, "server.json"), "utf8");
    const admin = (JSON.parse(serverJsonWhileRunning) as { token: string }).token;
    remember("the admin token", admin);

    const post = async (query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}, at = "/graphql") => {
      const res = await fetch(`${url}${at}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables, operationName: /^\s*(query|mutation)\s+(\w+)/.exec(query)?.[2] }),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as { data?: any; errors?: unknown } | null };
    };
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

    // Keys through the CLI, the way an operator makes them: it finds the server in server.json and
    // sends the admin token to it.
    const cliKey = async (label: string, ...args: string[]) => {
      const r = await runCli(["keys", "create", ...args], env);
      if (r.code !== 0) throw new Error(`keys create failed: ${r.stderr}`);
      cliStderr += r.stderr;
      const key = r.stdout.trim();
      remember(label, key);
      return key;
    };
    const searchKey = await cliKey("the CLI's search key", "--scope", "search", "--name", canary);
    const revokedKey = await cliKey("the CLI's revoked key", "--scope", "search");
    const experimentsKey = await cliKey("the CLI's experiments:admin key", "--scope", "experiments:admin", "search");
    const revoke = await runCli(["keys", "revoke", revokedKey.slice(3, 11)], env);
    if (revoke.code !== 0) throw new Error(`keys revoke failed: ${revoke.stderr}`);
    const list = await runCli(["keys", "list"], env);
    cliStderr += revoke.stderr + list.stderr;
    // … and through the GraphQL mutation
    const created = await post(`mutation CreateKey($s: [String!]!) { createApiKey(name: "gql", scopes: $s) { key } }`, bearer(admin), { s: ["ingest", "search"] });
    const ingestKey = created.body!.data.createApiKey.key as string;
    remember("the GraphQL ingest key", ingestKey);
    const catalogKey = (await post(`mutation CreateKey($s: [String!]!) { createApiKey(name: "gql2", scopes: $s) { key } }`, bearer(admin), { s: ["catalog:admin"] })).body!.data.createApiKey.key as string;
    remember("the GraphQL catalog:admin key", catalogKey);

    // An ingest with the ingest key, run by the worker inside serve.
    const job = await post(`mutation Ingest($p: String!) { ingestTracks(path: $p) { id } }`, bearer(ingestKey), { p: library });
    const jobId = job.body!.data.ingestTracks.id as string;
    for (let i = 0; i < 900 && !["SUCCEEDED", "FAILED"].includes(ingestStatus); i++) {
      ingestStatus = (await post(`query Job($id: ID!) { ingestJob(id: $id) { status } }`, bearer(ingestKey), { id: jobId })).body!.data.ingestJob.status;
      if (!["SUCCEEDED", "FAILED"].includes(ingestStatus)) await wait(200);
    }

    // Good searches, and the signed audio URL they hand out (its signature grants playback).
    const SEARCH = `query Search { searchTracks(text: "soft chord", first: 2) { edges { node { id audioUrl } } } }`;
    const ok = await post(SEARCH, bearer(searchKey));
    await post(SEARCH, bearer(experimentsKey));
    const audioUrl = new URL(ok.body!.data.searchTracks.edges[0].node.audioUrl as string, url);
    remember("an audio URL signature", audioUrl.searchParams.get("sig")!);
    await fetch(audioUrl, { headers: { range: "bytes=0-99" } });

    // Wrong, revoked and malformed credentials, in every place careless clients put them.
    const wrong = `tl_0badc0de_${"W".repeat(43)}`;
    remember("a wrong key", wrong);
    const basic = Buffer.from(`user:${searchKey}`).toString("base64");
    secrets.set(basic, "a Basic credential carrying the search key");
    await post(SEARCH, bearer(wrong));
    await post(SEARCH, bearer(revokedKey));
    await post(SEARCH, bearer(`${admin}x`));
    await post(SEARCH, { authorization: `Basic ${basic}` });
    await post(SEARCH, { authorization: `Bearer ${searchKey} extra` });
    await post(SEARCH, { authorization: `bearer  ${searchKey}` });
    await post(SEARCH, { authorization: `Token ${searchKey}` });
    await post(SEARCH, { authorization: searchKey });
    await post(SEARCH, { authorization: `Bearer ${searchKey}, Bearer ${catalogKey}` });
    await post(SEARCH, { "x-api-key": searchKey });
    await post(SEARCH, { cookie: `session=${searchKey}; admin=${admin}` });
    await post(SEARCH, { "x-request-id": searchKey, ...bearer(searchKey) });
    await post(SEARCH, { ...bearer(searchKey) }, {}, `/graphql?api_key=${searchKey}&token=${admin}`);
    await fetch(`${url}/graphql?query=${encodeURIComponent(SEARCH)}&key=${searchKey}`);
    await fetch(`${url}/metrics?token=${admin}`);
    await fetch(`${url}/metrics`, { headers: bearer(admin) });
    await fetch(`${url}/nope/${searchKey}`, { headers: bearer(searchKey) });
    const forged = new URL(audioUrl);
    forged.searchParams.set("sig", searchKey);
    await fetch(forged);

    // Failing requests: wrong scope, bad input, a broken query, a body that is not JSON, an
    // operation name and a path argument carrying a key, a revocation naming a whole key.
    await post(`mutation Ingest { ingestTracks(path: "/nonexistent/${catalogKey}") { id } }`, bearer(searchKey));
    await post(`mutation Ingest { ingestTracks(path: "/nonexistent/${catalogKey}") { id } }`, bearer(ingestKey));
    await post(`query Search { searchTracks(text: "x", first: -5) { edges { node { id } } } }`, bearer(searchKey));
    await post(`query Broken { searchTracks(text: "x", first: 2) { nope } }`, bearer(searchKey));
    await post(`mutation Revoke($p: String!) { revokeApiKey(idOrPrefix: $p) }`, bearer(admin), { p: ingestKey });
    await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...bearer(admin) }, body: `{"query":"{ __typename }","operationName":"${experimentsKey}"}` });
    await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...bearer(searchKey) }, body: `{not json ${searchKey}` });

    // The data folder while the server runs: server.json holds the admin token (that is its job)
    // and nothing else secret; no other file holds anything.
    whileRunning = regularFiles(dataDir).flatMap((f) => {
      const rel = path.relative(dataDir, f);
      const found = scan(rel, readFileSync(f), secrets);
      return rel === "server.json" ? found.filter((x) => x.secret !== "the admin token") : found;
    });

    child.kill("SIGTERM");
    exit = await exited;
  }, 600_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await llm?.close();
  });

  it("ran a whole session and stopped cleanly (so the scan below is not vacuous)", () => {
    expect(exit, String(stderr)).toEqual({ code: 0, signal: null });
    expect(ingestStatus).toBe("SUCCEEDED");
    // the LLM key was in use: sent with a description request that succeeded and with refused ones
    expect(llm.requests.length).toBeGreaterThanOrEqual(2);
    expect(llm.requests.every((r) => r.authorization === `Bearer ${llmKey}`)).toBe(true);
    // keys: 3 by the CLI, 2 by GraphQL (and their secret parts), the admin token, the LLM key, a wrong key, a signature, a Basic credential
    expect(new Set(secrets.values()).size).toBeGreaterThanOrEqual(16);
    const log = String(stderr);
    // debug logs request headers: the authorization header is there, only its value is gone
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).toMatch(/POST \/graphql 200/);
    expect(log).toMatch(/POST \/graphql 401/);
    expect(log).toContain('"signal":"SIGTERM"');
    // the provider's refusal, quoting the key, reached the log (and the job record) — scrubbed
    expect(log).toContain("the LLM (fixture-model) answered HTTP 401: 401 Incorrect API key provided: [redacted]");
    // the database files are read, and plaintext written there is found
    const dbFiles = regularFiles(dataDir).filter((f) => readFileSync(f).includes(canary));
    expect(dbFiles.length).toBeGreaterThan(0);
  });

  it("no secret in its stdout, its stderr or any file in its data folder (database files included)", () => {
    expect(existsSync(path.join(dataDir, "server.json")), "server.json is removed at the stop").toBe(false);
    const afterStop = [
      ...scan("stdout", stdout, secrets),
      ...scan("stderr", stderr, secrets),
      ...regularFiles(dataDir).flatMap((f) => scan(path.relative(dataDir, f), readFileSync(f), secrets)),
    ];
    const report = (fs: Finding[], when: string) => fs.map((f) => `${f.secret} in ${f.where}, line ${f.line} (${when})`);
    expect([...report(whileRunning, "while serving"), ...report(afterStop, "after the stop")]).toEqual([]);
    // the CLI prints a new key on stdout, once; its stderr (progress, messages) holds none
    expect(report(scan("`tunelens keys` stderr", Buffer.from(cliStderr), secrets), "CLI")).toEqual([]);
  });

  it("server.json held the admin token while serving (the one exception above is real)", () => {
    expect(serverJsonWhileRunning).toContain([...secrets].find(([, label]) => label === "the admin token")![0]);
  });
});
