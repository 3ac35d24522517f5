// searchByAudio and searchByVector over HTTP (issue #20): GraphQL multipart uploads and URLs
// fetched by the server, a caller's vector with paging, filters and an experiment; against a real
// server on each back end (embedded PGlite, and PostgreSQL when TUNELENS_TEST_DATABASE_URL is set),
// real recordings, a real HTTP server for URLs.
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, encodeWav } from "../helpers/audio-fixtures.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { servedBackends } from "../helpers/served-backends.ts";

const TOKEN = "test-admin-token-0123456789abcdef";
const QUERY = `query ($file: Upload, $url: String, $first: Int!) {
  searchByAudio(file: $file, url: $url, first: $first, ranking: { signal: AUDIO, alpha: 1 }) { edges { rank score node { externalId } } }
}`;
const lines = readFileSync(path.join(LIBROSA_MUSIC, "tracks.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: string; file: string });
const oggOf = (i: number) => readFileSync(path.join(LIBROSA_MUSIC, lines[i].file));

interface Answer {
  status: number;
  body: { data?: { searchByAudio: { edges: Array<{ rank: number; score: number; node: { externalId: string } }> } | null }; errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }> };
}

/** A GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec) with one file. */
async function upload(url: string, bytes: Uint8Array, filename: string, headers: Record<string, string> = { "apollo-require-preflight": "true" }): Promise<Answer> {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: QUERY, variables: { file: null, first: 3 } }));
  form.set("map", JSON.stringify({ 0: ["variables.file"] }));
  form.set("0", new Blob([bytes]), filename);
  const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: form });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

async function byUrl(url: string, clipUrl: string): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY, variables: { url: clipUrl, first: 3 } }) });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

const reasonOf = (a: Answer) => ({ code: a.body.errors?.[0]?.extensions?.code, reason: a.body.errors?.[0]?.extensions?.reason });

describe.each(servedBackends())("searchByAudio and searchByVector over HTTP on $name", (backend) => {
  let server: RunningServer;
  let strict: RunningServer;
  let files: http.Server;
  let filesUrl: string;

  beforeAll(async () => {
    const env = await backend.env();
    const base = { ...env, TUNELENS_MODEL_DIR: TEST_MODEL_DIR, PORT: "0", TUNELENS_ADMIN_TOKEN: TOKEN, TUNELENS_ANONYMOUS_SEARCH: "true", NODE_ENV: "production", LOG_LEVEL: "silent" };
    // limits lowered so that "too long" and "too large" clips are small to make
    server = await startServer(
      loadConfig({ ...base, TUNELENS_AUDIO_URL_ALLOW_PRIVATE: "true", TUNELENS_AUDIO_QUERY_MAX_SECONDS: "200", TUNELENS_AUDIO_QUERY_MAX_MB: "6", TUNELENS_AUDIO_URL_TIMEOUT_MS: "3000" }),
      createLogger("silent"),
      { inMemory: backend.inMemory },
    );
    const { db, runtime } = server.opened;
    await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(LIBROSA_MUSIC));
    // defaults: URLs only at public addresses; a rate limit of 4 requests a minute. On PostgreSQL a
    // second replica of the same database (jobs left to the first, a data folder of its own).
    const second = backend.inMemory ? {} : { TUNELENS_IN_PROCESS_WORKER: "off", TUNELENS_DATA_DIR: mkdtempSync(path.join(tmpdir(), "tunelens-served-")) };
    strict = await startServer(loadConfig({ ...base, ...second, TUNELENS_RATE_LIMIT_PER_MINUTE: "4" }), createLogger("silent"), { inMemory: backend.inMemory });

    files = http.createServer((req, res) => {
      const m = /^\/track\/(\d+)\.ogg$/.exec(req.url ?? "");
      if (m) return res.writeHead(200, { "content-type": "audio/ogg" }).end(oggOf(Number(m[1])));
      if (req.url === "/text") return res.writeHead(200, { "content-type": "text/plain" }).end("not audio at all, just words");
      if (req.url === "/slow") return; // never answers
      if (req.url === "/redirect-to-metadata") return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    files?.closeAllConnections();
    files?.close();
    await strict?.stop();
    await server?.stop();
    await backend.dispose();
  });

  it("an uploaded recording finds its own track first, and the clip is not stored", async () => {
    const before = await new TrackRepository(server.opened.db).count();
    const a = await upload(server.url, oggOf(3), "clip.ogg");
    expect(a.body.errors).toBeUndefined();
    const edges = a.body.data!.searchByAudio!.edges;
    expect(edges[0].node.externalId).toBe(lines[3].id);
    expect(edges[0].score).toBeGreaterThan(0.99);
    expect(edges.map((e) => e.rank)).toEqual([1, 2, 3]);
    expect(await new TrackRepository(server.opened.db).count()).toBe(before);
  }, 60_000);

  it("refuses a multipart request without the CSRF preflight header", async () => {
    const a = await upload(server.url, oggOf(3), "clip.ogg", {});
    expect(a.status).toBe(400);
    expect(JSON.stringify(a.body)).toMatch(/preflight|CSRF/i);
  });

  it("a URL is fetched, decoded and searched", async () => {
    const a = await byUrl(server.url, `${filesUrl}/track/5.ogg`);
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data!.searchByAudio!.edges[0].node.externalId).toBe(lines[5].id);
  }, 60_000);

  it("says why a clip is refused: empty, unsupported, corrupt, too long, too large", async () => {
    expect(reasonOf(await upload(server.url, new Uint8Array(0), "empty.wav"))).toEqual({ code: "BAD_USER_INPUT", reason: "empty" });
    expect(reasonOf(await upload(server.url, new TextEncoder().encode("just some text, no audio"), "notes.mp3"))).toEqual({ code: "BAD_USER_INPUT", reason: "unsupported" });
    const wav = encodeWav([chord([220, 330], 2, 16000)], 16000);
    const corrupt = wav.slice(0, wav.length / 2); // the header promises 2 s, the bytes hold 1
    expect(reasonOf(await upload(server.url, corrupt, "cut.wav"))).toMatchObject({ code: "BAD_USER_INPUT", reason: "truncated" });
    const garbage = new Uint8Array(oggOf(0));
    garbage.fill(7, 200, garbage.length - 100); // an Ogg header, then noise
    expect(reasonOf(await upload(server.url, garbage, "garbage.ogg")).code).toBe("BAD_USER_INPUT");
    const long = encodeWav([chord([220, 330], 210, 4000)], 4000); // 210 s > the 200 s limit, 1.7 MB
    expect(reasonOf(await upload(server.url, long, "long.wav"))).toEqual({ code: "BAD_USER_INPUT", reason: "too-long" });
    const large = encodeWav([chord([220, 330], 80, 44100)], 44100); // 7 MB > the 6 MB limit
    expect(reasonOf(await upload(server.url, large, "large.wav"))).toEqual({ code: "BAD_USER_INPUT", reason: "too-large" });
  }, 120_000);

  it("says why a URL is refused: unreachable, not audio, another scheme", async () => {
    expect(reasonOf(await byUrl(server.url, `${filesUrl}/missing.ogg`))).toEqual({ code: "BAD_USER_INPUT", reason: "unreachable" });
    expect(reasonOf(await byUrl(server.url, `${filesUrl}/text`))).toEqual({ code: "BAD_USER_INPUT", reason: "unsupported" });
    expect(reasonOf(await byUrl(server.url, `${filesUrl}/slow`))).toEqual({ code: "BAD_USER_INPUT", reason: "unreachable" });
    expect(reasonOf(await byUrl(server.url, "http://127.0.0.1:9/clip.ogg"))).toEqual({ code: "BAD_USER_INPUT", reason: "unreachable" });
    expect(reasonOf(await byUrl(server.url, "file:///etc/passwd"))).toEqual({ code: "BAD_USER_INPUT", reason: "refused" });
    expect(reasonOf(await byUrl(server.url, "not a url"))).toEqual({ code: "BAD_USER_INPUT", reason: "refused" });
  }, 60_000);

  it("needs exactly one of file and url", async () => {
    const none = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY, variables: { first: 3 } }) });
    expect(((await none.json()) as Answer["body"]).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("by default refuses URLs at private addresses (SSRF), and rate-limits clips like searches", async () => {
    expect(reasonOf(await byUrl(strict.url, `${filesUrl}/track/1.ogg`))).toEqual({ code: "BAD_USER_INPUT", reason: "refused" });
    expect(reasonOf(await byUrl(strict.url, `http://localhost:${new URL(filesUrl).port}/track/1.ogg`))).toEqual({ code: "BAD_USER_INPUT", reason: "refused" });
    // two requests so far from this caller on `strict`, with the limit at 4 a minute
    expect((await upload(strict.url, new Uint8Array(0), "empty.wav")).status).toBe(200);
    expect((await upload(strict.url, oggOf(1), "clip.ogg")).status).toBe(200);
    const fifth = await upload(strict.url, oggOf(1), "clip.ogg");
    expect(fifth.status).toBe(429);
    expect(fifth.body.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
  });

  // searchByVector: the same connection, paging, filters and experiments as the other searches
  const VECTOR = `query ($v: [Float!]!, $m: String!, $first: Int!, $after: String, $f: SearchFilterInput, $e: ExperimentInput) {
    searchByVector(vector: $v, model: $m, first: $first, after: $after, filter: $f, experiment: $e, ranking: { signal: AUDIO, alpha: 1 }) {
      variant edges { rank score cursor node { externalId } } pageInfo { hasNextPage } } }`;
  type VectorAnswer = { data?: { searchByVector: { variant: string | null; edges: Array<{ rank: number; score: number; cursor: string; node: { externalId: string } }>; pageInfo: { hasNextPage: boolean } } | null }; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as T;
  };
  const storedAudioVector = async (externalId: string) => {
    const { db, runtime } = server.opened;
    const track = (await new TrackRepository(db).page(100, null)).find((t) => t.externalId === externalId)!;
    return Array.from((await new EmbeddingRepository(db).find(track.id, runtime.model.id, "audio"))!);
  };

  it("searchByVector: a stored audio vector finds its track first; pages join up; filters hold", async () => {
    const v = await storedAudioVector(lines[2].id);
    const model = server.opened.runtime.model.version;
    const all = await gql<VectorAnswer>(VECTOR, { v, m: model, first: 6 });
    expect(all.errors).toBeUndefined();
    const edges = all.data!.searchByVector!.edges;
    expect(edges[0].node.externalId).toBe(lines[2].id);
    expect(edges[0].score).toBeGreaterThan(0.999);
    const p1 = await gql<VectorAnswer>(VECTOR, { v, m: model, first: 3 });
    const p2 = await gql<VectorAnswer>(VECTOR, { v, m: model, first: 3, after: p1.data!.searchByVector!.edges.at(-1)!.cursor });
    expect([...p1.data!.searchByVector!.edges, ...p2.data!.searchByVector!.edges].map((e) => [e.rank, e.node.externalId])).toEqual(edges.map((e) => [e.rank, e.node.externalId]));
    const without = await gql<VectorAnswer>(VECTOR, { v, m: model, first: 6, f: { excludeTrackIds: [lines[2].id] } });
    // the same ranking without the excluded track
    expect(without.data!.searchByVector!.edges.slice(0, 5).map((e) => e.node.externalId)).toEqual(edges.slice(1).map((e) => e.node.externalId));
  }, 60_000);

  it("searchByVector refuses a wrong dimension, a non-finite value and an unknown model with their codes", async () => {
    const v = await storedAudioVector(lines[2].id);
    const model = server.opened.runtime.model.version;
    const codeOf = (a: VectorAnswer) => a.errors?.[0]?.extensions?.code;
    expect(codeOf(await gql<VectorAnswer>(VECTOR, { v: v.slice(1), m: model, first: 3 }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gql<VectorAnswer>(VECTOR, { v: v.map(() => 0), m: model, first: 3 }))).toBe("BAD_USER_INPUT");
    // JSON has no NaN (JSON.stringify writes null) and no Infinity: refused by variable coercion
    expect(codeOf(await gql<VectorAnswer>(VECTOR, { v: [...v.slice(1), Number.NaN], m: model, first: 3 }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gql<VectorAnswer>(VECTOR, { v: [...v.slice(1), "Infinity"], m: model, first: 3 }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await gql<VectorAnswer>(VECTOR, { v, m: "no-such-model", first: 3 }))).toBe("NOT_FOUND");
  });

  it("searchByVector and searchByAudio rank under an experiment's variant", async () => {
    const created = await gql<{ errors?: unknown[] }>(
      `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { key } }`,
      { i: { key: "by-example", variants: [{ name: "control", ranking: { signal: "AUDIO", alpha: 1 } }, { name: "text", ranking: { signal: "DESCRIPTION", alpha: 0 } }] } },
      TOKEN,
    );
    expect(created.errors).toBeUndefined();
    const v = await storedAudioVector(lines[2].id);
    const model = server.opened.runtime.model.version;
    const forced = async (variant: string) =>
      (await gql<VectorAnswer>(VECTOR, { v, m: model, first: 8, e: { unitId: "u1", experimentKey: "by-example", forceVariant: variant } })).data!.searchByVector!;
    const control = await forced("control");
    const text = await forced("text");
    expect([control.variant, text.variant]).toEqual(["control", "text"]);
    expect(control.edges[0].node.externalId).toBe(lines[2].id);
    // the description variant compares the vector with description vectors: another order
    expect(text.edges.map((e) => e.node.externalId)).not.toEqual(control.edges.map((e) => e.node.externalId));
    const assigned = await gql<VectorAnswer>(VECTOR, { v, m: model, first: 3, e: { unitId: "u2", experimentKey: "by-example" } });
    expect(["control", "text"]).toContain(assigned.data!.searchByVector!.variant);
    const audio = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `query($u: String, $e: ExperimentInput) { searchByAudio(url: $u, first: 3, experiment: $e) { variant edges { node { externalId } } } }`,
        variables: { u: `${filesUrl}/track/2.ogg`, e: { unitId: "u1", experimentKey: "by-example", forceVariant: "control" } },
      }),
    });
    const body = (await audio.json()) as { data: { searchByAudio: { variant: string; edges: Array<{ node: { externalId: string } }> } } };
    expect(body.data.searchByAudio.variant).toBe("control");
    expect(body.data.searchByAudio.edges[0].node.externalId).toBe(lines[2].id);
  }, 60_000);
});
