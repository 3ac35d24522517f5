import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { PROMPT_VERSION } from "../../src/llm/description-prompt.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { fixtureAnswer, promptTitle, startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { writeShortClipCorpus } from "./short-clips.ts";

const TOKEN = "test-admin-token-0123456789abcdef";

interface Job {
  status: string;
  total: number;
  processed: number;
  ingested: number;
  skipped: number;
  failed: number;
  error: string | null;
  failures: Array<{ file: string; message: string }>;
  stages: Array<{ kind: string; succeeded: number; dead: number }>;
}

/**
 * Real: `tunelens serve` internals on embedded PGlite with its in-process worker, GraphQL over
 * HTTP, generated WAVs, the `openai` client talking to our fixture server.
 */
describe("ingest jobs: both description sources, failures isolated, re-run retries only failures", () => {
  let server: RunningServer;
  let llm: OpenAiFixtureServer;
  let pages: http.Server;
  const dir = path.join(tempDir(), "set");

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  };
  const ingest = async (): Promise<Job> => {
    const { ingestTracks } = await gql<{ ingestTracks: { id: string } }>(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: dir });
    for (let i = 0; i < 600; i++) {
      const { ingestJob } = await gql<{ ingestJob: Job }>(
        `query($id: ID!) { ingestJob(id: $id) { status total processed ingested skipped failed error failures { file message } stages { kind succeeded dead } } }`,
        { id: ingestTracks.id },
      );
      if (ingestJob.status === "SUCCEEDED" || ingestJob.status === "FAILED") return ingestJob;
      await sleep(200);
    }
    throw new Error("ingest did not finish");
  };

  beforeAll(async () => {
    // "Clip 1" makes the LLM fail with 500 until the test says otherwise.
    let llmBroken = true;
    llm = await startOpenAiFixtureServer((req) =>
      promptTitle(req) === "Clip 1" && llmBroken ? { kind: "status", status: 500 } : { kind: "json", body: fixtureAnswer(promptTitle(req)) },
    );
    (llm as OpenAiFixtureServer & { fix(): void }).fix = () => (llmBroken = false);
    // Metadata pages: a JSON API answering per catalog id; clip-2's page is junk.
    pages = http.createServer((req, res) => {
      const id = decodeURIComponent((req.url ?? "").replace(/^\/meta\//, ""));
      if (id === "clip-2") return void res.writeHead(200, { "content-type": "text/html" }).end("<html>oops</html>");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ description: `liner notes for ${id}`, genre: "ambient" }));
    });
    await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
    const pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    writeShortClipCorpus(dir, 3);
    // A corrupt file and an empty one among good tracks.
    writeFileSync(path.join(dir, "audio", "corrupt.wav"), Buffer.from("RIFF\x10\x00\x00\x00WAVEjunkjunkjunk"));
    writeFileSync(path.join(dir, "audio", "empty.mp3"), Buffer.alloc(0));
    const lines = [
      JSON.stringify({ id: "corrupt", file: "audio/corrupt.wav", title: "Corrupt" }),
      JSON.stringify({ id: "empty", file: "audio/empty.mp3", title: "Empty" }),
    ];
    writeFileSync(path.join(dir, "tracks.jsonl"), `${readFileSync(path.join(dir, "tracks.jsonl"), "utf8")}${lines.join("\n")}\n`);
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR,
      DATABASE_URL: "",
      PORT: "0",
      TUNELENS_ADMIN_TOKEN: TOKEN,
      NODE_ENV: "production",
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: "fixture-key",
      TUNELENS_LLM_MODEL: "fixture-model",
      TUNELENS_LLM_MAX_RETRIES: "0",
      TUNELENS_LLM_TIMEOUT_MS: "2000",
      TUNELENS_JOB_BACKOFF_SECONDS: "0.05",
      TUNELENS_METADATA_URLS: `${pagesUrl}/meta/{externalId}`,
      // loopback admitted explicitly for the local page server (refused by default)
      TUNELENS_METADATA_ALLOW_PRIVATE: "true",
    });
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await llm?.close();
    await new Promise<void>((r) => (pages ? pages.close(() => r()) : r()));
  });

  it("finishes the good tracks, records clear errors for the bad ones, and shows both sources with provenance", async () => {
    const job = await ingest();
    expect(job).toMatchObject({ status: "SUCCEEDED", total: 5, processed: 5, ingested: 3, failed: 2 });
    const messages = job.failures.map((f) => `${path.basename(f.file)} ${f.message}`).join("\n");
    expect(messages).toMatch(/corrupt\.wav .*cannot decode audio/);
    expect(messages).toMatch(/empty\.mp3 .*(empty|cannot decode)/);
    expect(messages).toMatch(/llm-description: the LLM \(fixture-model\) answered HTTP 500/);
    expect(job.stages.find((s) => s.kind === "llm-description")).toMatchObject({ succeeded: 2, dead: 1 });
    expect(messages).toMatch(/web-metadata: .*\/meta\/clip-2: no metadata found in the page/);
    expect(job.stages.find((s) => s.kind === "web-metadata")).toMatchObject({ succeeded: 2, dead: 1 });

    const db = server.opened.db;
    // Nothing half-written: no track rows for the failed files.
    expect(await db.query(`SELECT 1 FROM tracks WHERE external_id IN ('corrupt', 'empty')`)).toHaveLength(0);

    const { track } = await gql<{ track: { descriptions: Array<{ source: string; text: string; provenance: Record<string, unknown> }> } }>(
      `{ track(id: "clip-0") { descriptions { source text provenance } } }`,
    );
    const web = track.descriptions.filter((d) => d.source === "WEB" || d.source === "web");
    const fromLlm = track.descriptions.filter((d) => d.source === "LLM" || d.source === "llm");
    // the catalog line is a source of its own (CATALOG); WEB is only what a fetched page said
    expect(track.descriptions.filter((d) => d.source === "CATALOG").map((d) => d.provenance.origin)).toContain("catalog");
    expect(web.map((d) => d.provenance.origin)).toEqual(web.map(() => "web-page"));
    expect(web.find((d) => d.text === "liner notes for clip-0")?.provenance).toMatchObject({ origin: "web-page", url: expect.stringMatching(/\/meta\/clip-0$/) });
    expect(fromLlm.map((d) => d.text)).toEqual(expect.arrayContaining(["calm ambient drone for Clip 0", "slow evolving synthesizer pads"]));
    expect(fromLlm.map((d) => d.text)).not.toContain("unknown");
    for (const d of fromLlm) expect(d.provenance).toMatchObject({ origin: "llm", model: "fixture-model", promptVersion: PROMPT_VERSION });
  }, 300_000);

  it("re-running the folder retries only what failed", async () => {
    (llm as OpenAiFixtureServer & { fix(): void }).fix();
    const asked = llm.requests.length;
    const job = await ingest();
    expect(job).toMatchObject({ status: "SUCCEEDED", total: 5, ingested: 0, skipped: 3, failed: 2 });
    // Only Clip 1's LLM job was queued again; the other two were not asked twice.
    expect(llm.requests.slice(asked).map(promptTitle)).toEqual(["Clip 1"]);
    expect(job.failures.some((f) => f.message.includes("llm-description"))).toBe(false);
    const rows = await server.opened.db.query<{ n: string }>(
      `SELECT count(DISTINCT track_id) AS n FROM descriptions WHERE source = 'llm'`,
    );
    expect(Number(rows[0].n)).toBe(3);
  }, 300_000);
});
