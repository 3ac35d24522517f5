import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ffmpegTranscode, tempDir } from "../helpers/audio-fixtures.ts";
import { fixtureAnswer, promptTitle, startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";
import { writeShortClipCorpus } from "../jobs/short-clips.ts";
import { ADMIN, serverBackends, startTestServer } from "./server-fixture.ts";

const SLOW_MS = 2500;

interface Description {
  source: string;
  text: string;
}

/**
 * Real: the server's in-process worker on PGlite and on PostgreSQL (where the worker claims jobs
 * concurrently), the `openai` client against our fixture LLM, metadata pages from a local HTTP
 * server (one of them slow, some refused on demand), tags written by ffmpeg. The set is ingested
 * once (catalog "set") before the tests, and what that ingest asked is kept aside: the tests may
 * run in any order (--sequence.shuffle), and they name tracks by catalog because a later test
 * ingests the same clips into a second one.
 */

/** Waiting on the server's jobs: well inside the hook's and the tests' timeouts. */
const DEADLINE_MS = 240_000;
describe.each(serverBackends())("web before LLM, meaningful catalog text only (issue #19, %s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  let llm: OpenAiFixtureServer;
  let pages: http.Server;
  const pageServedAt = new Map<string, number>();
  const llmAskedAt: Array<{ title: string; at: number }> = [];
  /** pages answered 403 (the web job dies at once), and what the pages say after the first printing */
  const refused = new Set<string>();
  let printing = "";
  const dir = path.join(tempDir(), "set");
  /** The LLM requests and page times of the first ingest, before any test asks again. */
  let ingestRequests: OpenAiFixtureServer["requests"] = [];
  let ingestPagesServedAt = new Map<string, number>();

  beforeAll(async () => {
    llm = await startOpenAiFixtureServer((req) => {
      llmAskedAt.push({ title: promptTitle(req), at: Date.now() });
      return { kind: "json", body: fixtureAnswer(promptTitle(req)) };
    });
    pages = http.createServer((req, res) => {
      const id = decodeURIComponent((req.url ?? "").replace(/^\/meta\//, "").split("/")[0]);
      if (refused.has(id)) {
        res.writeHead(403).end();
        return;
      }
      const answer = () => {
        pageServedAt.set(id, Date.now());
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ description: `liner notes for ${id}${printing}`, genre: "ambient" }));
      };
      // clip-1's page is slow: its LLM job must wait for it
      if (id === "clip-1") setTimeout(answer, SLOW_MS);
      else answer();
    });
    await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
    const pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    // Catalog lines carry tagger junk too; clip-0 is an MP3 whose tags say "Processed by SoX".
    writeShortClipCorpus(dir, 3, 1.5, (i) => (i === 2 ? { comment: "AllMusic ID MW0000123456" } : {}));
    ffmpegTranscode(path.join(dir, "audio", "clip-0000.wav"), "clip-0000.mp3", ["-metadata", "comment=Processed by SoX", "-metadata", "genre=Dark Ambient"]);
    const manifest = path.join(dir, "tracks.jsonl");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("audio/clip-0000.wav", "audio/clip-0000.mp3"));
    t = await startTestServer(backend, {
      TUNELENS_IN_PROCESS_WORKER: "on",
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: "fixture-key",
      TUNELENS_LLM_MODEL: "fixture-model",
      TUNELENS_LLM_MAX_RETRIES: "0",
      TUNELENS_JOB_BACKOFF_SECONDS: "0.05",
      TUNELENS_METADATA_URLS: `${pagesUrl}/meta/{externalId}/{title}`,
      TUNELENS_METADATA_TIMEOUT_MS: String(SLOW_MS * 3),
      TUNELENS_METADATA_ALLOW_PRIVATE: "true",
    });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await llm?.close();
    await new Promise<void>((r) => (pages ? pages.close() && r() : r()));
  });

  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await t.post(query, { token: ADMIN, variables });
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data!;
  };
  const waitForJobs = () =>
    vi.waitUntil(async () => (await t.server.opened.db.query(`SELECT 1 FROM jobs WHERE status IN ('queued', 'running') LIMIT 1`)).length === 0, {
      timeout: DEADLINE_MS,
      interval: 200,
    });
  /** A track of the first ingest's catalog by its catalog id (the second catalog reuses the ids). */
  const descriptionsOf = async (externalId: string): Promise<Description[]> => {
    const [{ id }] = await t.server.opened.db.query<{ id: string }>(`SELECT id FROM tracks WHERE catalog = 'set' AND external_id = $1`, [externalId]);
    return (await gql(`query($id: ID!) { track(id: $id) { descriptions { source text } } }`, { id })).track.descriptions;
  };
  const ingest = async (catalog: string | null) => {
    const { ingestTracks } = await gql(`mutation($p: String!, $c: String) { ingestTracks(path: $p, catalog: $c) { id } }`, { p: dir, c: catalog });
    await vi.waitUntil(
      async () => !["RUNNING", "QUEUED"].includes((await gql(`query($id: ID!) { ingestJob(id: $id) { status } }`, { id: ingestTracks.id })).ingestJob.status),
      { timeout: DEADLINE_MS, interval: 200 },
    );
    await waitForJobs();
  };
  const userPrompt = (req: (typeof llm.requests)[number]) => req.messages.find((m) => m.role === "user")!.content;

  beforeAll(async () => {
    await ingest(null);
    ingestRequests = [...llm.requests];
    ingestPagesServedAt = new Map(pageServedAt);
  }, 2 * DEADLINE_MS + 60_000);

  it("asks the LLM only after the track's web page is stored, even a slow one, and shows it the page text", () => {
    expect(ingestRequests.map(promptTitle).sort()).toEqual(["Clip 0", "Clip 1", "Clip 2"]);
    for (const req of ingestRequests) {
      const id = promptTitle(req).replace("Clip ", "clip-");
      const prompt = req.messages.find((m) => m.role === "user")!.content;
      expect(prompt, id).toContain(`catalog text: liner notes for ${id}`);
      const asked = llmAskedAt.find((a) => a.title === promptTitle(req))!.at;
      expect(asked, id).toBeGreaterThanOrEqual(ingestPagesServedAt.get(id)!);
    }
  });

  it("keeps tagger and catalog boilerplate out of the prompt and the descriptions, under sources of their own", async () => {
    for (const req of ingestRequests) {
      const prompt = req.messages.find((m) => m.role === "user")!.content;
      expect(prompt).not.toMatch(/SoX|MW0000123456|AllMusic/i);
    }
    const clip0 = await descriptionsOf("clip-0");
    const sources = new Set(clip0.map((d) => d.source));
    for (const s of ["CATALOG", "FILE_TAGS", "WEB", "LLM"]) expect(sources, s).toContain(s);
    expect(clip0.find((d) => d.source === "WEB")!.text).toBe("liner notes for clip-0");
    expect(clip0.filter((d) => d.source === "FILE_TAGS").map((d) => d.text)).toContain("Dark Ambient");
    const all = [...clip0, ...(await descriptionsOf("clip-2"))];
    expect(all.filter((d) => /SoX|MW0000123456/i.test(d.text))).toEqual([]);
    // the prompt tells the LLM the file-tag genre (meaningful) as a tag
    const prompt0 = ingestRequests.find((r) => promptTitle(r) === "Clip 0")!.messages.find((m) => m.role === "user")!.content;
    expect(prompt0).toMatch(/tags: .*Dark Ambient/);
  });

  it("asks the web page and then the LLM again when the title is corrected, and the new answer replaces the old", async () => {
    const before = llm.requests.length;
    await gql(`mutation { correctTrack(id: "clip-1", catalog: "set", input: { title: "Harbour Lights" }) { id } }`);
    await waitForJobs();
    const again = llm.requests.slice(before);
    expect(again.map(promptTitle)).toEqual(["Harbour Lights"]);
    const asked = llmAskedAt.filter((a) => a.title === "Harbour Lights")[0].at;
    expect(asked).toBeGreaterThanOrEqual(pageServedAt.get("clip-1")!);
    const llmTexts = (await descriptionsOf("clip-1")).filter((d) => d.source === "LLM").map((d) => d.text);
    expect(llmTexts).toContain("calm ambient drone for Harbour Lights");
    expect(llmTexts).not.toContain("calm ambient drone for Clip 1");
  }, 120_000);

  it("asks the LLM again when the track's web page is stored after it answered (a refused page, then a re-submitted ingest)", async () => {
    // A second catalog holds the same clips: its pages are refused (403: the web job dies at once),
    // so its LLM jobs go ahead without page text.
    for (const id of ["clip-0", "clip-1", "clip-2"]) refused.add(id);
    printing = " (second printing)";
    const before = llm.requests.length;
    await ingest("late");
    const blind = llm.requests.slice(before);
    expect(blind.map(promptTitle).sort()).toEqual(["Clip 0", "Clip 1", "Clip 2"]);
    for (const req of blind) expect(userPrompt(req)).not.toContain("liner notes");
    // The pages come back; re-submitting the folder re-queues the dead web jobs, and the new page
    // text asks the LLM again, with that text in the prompt.
    refused.clear();
    const second = llm.requests.length;
    await ingest("late");
    const informed = llm.requests.slice(second);
    expect(informed.map(promptTitle).sort()).toEqual(["Clip 0", "Clip 1", "Clip 2"]);
    for (const req of informed) {
      const id = promptTitle(req).replace("Clip ", "clip-");
      expect(userPrompt(req), id).toContain(`catalog text: liner notes for ${id} (second printing)`);
    }
    const [row] = await t.server.opened.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM descriptions d JOIN tracks t ON t.id = d.track_id WHERE t.catalog = 'late' AND d.source = 'web'`,
    );
    expect(Number(row.n)).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
