// searchByAudio over HTTP (issue #20): GraphQL multipart uploads and URLs fetched by the server,
// against a real server on the embedded database, real recordings, a real HTTP server for URLs.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, encodeWav } from "../helpers/audio-fixtures.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";

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

describe("searchByAudio over HTTP (embedded database, real server)", () => {
  let server: RunningServer;
  let strict: RunningServer;
  let files: http.Server;
  let filesUrl: string;

  beforeAll(async () => {
    const base = { TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", TUNELENS_ADMIN_TOKEN: TOKEN, TUNELENS_ANONYMOUS_SEARCH: "true", NODE_ENV: "production", LOG_LEVEL: "silent" };
    // limits lowered so that "too long" and "too large" clips are small to make
    server = await startServer(
      loadConfig({ ...base, TUNELENS_AUDIO_URL_ALLOW_PRIVATE: "true", TUNELENS_AUDIO_QUERY_MAX_SECONDS: "200", TUNELENS_AUDIO_QUERY_MAX_MB: "6", TUNELENS_AUDIO_URL_TIMEOUT_MS: "3000" }),
      createLogger("silent"),
      { inMemory: true },
    );
    const { db, runtime } = server.opened;
    await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(LIBROSA_MUSIC));
    // defaults: URLs only at public addresses; a rate limit of 4 requests a minute
    strict = await startServer(loadConfig({ ...base, TUNELENS_RATE_LIMIT_PER_MINUTE: "4" }), createLogger("silent"), { inMemory: true });

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
    await server?.stop();
    await strict?.stop();
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
});
