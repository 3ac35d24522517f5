// Tempo provenance (issue #15): a tempo stated by a fetched catalog page beats the estimate from
// the audio. Real server on the embedded database, real ingest of librosa-music, the real
// web-metadata job fetching from a local HTTP server that answers like the track's catalog page.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { bpmOf } from "../../src/util/bpm-sources.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";

const TOKEN = "test-admin-token-0123456789abcdef";
const DNB = "admiralbob77-choice-drum-bass";

/** Shaped like the ccMixter page linked from the track's description (dig.ccmixter.org/files/admiralbob77/61638). */
const CATALOG_PAGE = `<!doctype html><html><head><title>Choice - Admiral Bob</title>
<meta name="description" content="Choice by Admiral Bob, ft. Snowflake: drum and bass"></head>
<body><h1>Choice</h1><p>by Admiral Bob</p><div class="upload-info"><span>BPM</span><span>174</span></div>
<ul class="tags"><li>drum_bass</li><li>female_vocals</li></ul></body></html>`;

interface TrackTempo {
  bpm: number | null;
  bpmSource: string | null;
  metadata: Record<string, unknown>;
}

describe("Track.bpm provenance on librosa-music (real server, catalog page over HTTP)", () => {
  let server: RunningServer;
  let pages: http.Server;
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
  const track = (id: string) => gql<{ track: TrackTempo }>(`query($id: ID!) { track(id: $id) { bpm bpmSource metadata } }`, { id }).then((d) => d.track);

  beforeAll(async () => {
    pages = http.createServer((req, res) => {
      if (req.url === `/files/${DNB}`) res.writeHead(200, { "content-type": "text/html" }).end(CATALOG_PAGE);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
    const port = (pages.address() as AddressInfo).port;
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR,
      DATABASE_URL: "",
      PORT: "0",
      TUNELENS_ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: "silent",
      TUNELENS_METADATA_URLS: `http://127.0.0.1:${port}/files/{externalId}`,
      TUNELENS_METADATA_ALLOW_PRIVATE: "true",
    });
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
    const { ingestTracks } = await gql<{ ingestTracks: { id: string } }>(`mutation($p: String!) { ingestTracks(path: $p) { id } }`, { p: LIBROSA_MUSIC });
    for (let i = 0; i < 900; i++) {
      const { ingestJob } = await gql<{ ingestJob: { status: string } }>(`query($id: ID!) { ingestJob(id: $id) { status } }`, { id: ingestTracks.id });
      if (ingestJob.status === "FAILED") throw new Error("ingest failed");
      // the job succeeds once every stage, the web-metadata fetches included, has run
      if (ingestJob.status === "SUCCEEDED") return;
      await sleep(200);
    }
    throw new Error("ingest or the web-metadata job did not finish");
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => pages?.close(r));
  });

  it("the drum & bass track reads 174 BPM from its catalog page, with provenance WEB, whatever the estimate said", async () => {
    const t = await track(DNB);
    expect(t.bpm).toBe(174);
    expect(t.bpmSource).toBe("WEB");
    const web = t.metadata.web as { bpm: number; urls: string[] };
    expect(web.bpm).toBe(174);
    expect(web.urls[0]).toMatch(new RegExp(`/files/${DNB}$`));
    // the estimate is kept beside it, not overwritten
    expect(typeof (t.metadata.audio as { bpm: unknown }).bpm === "number" || (t.metadata.audio as { bpm: unknown }).bpm === null).toBe(true);
  });

  it("a track without a stated tempo shows the estimate and says so", async () => {
    const t = await track("hungarian-dance-number-5-allegro-in-f-sharp-minor-string-orchestra");
    const estimate = (t.metadata.audio as { bpm: number | null }).bpm;
    expect(t.bpm).toBe(estimate);
    expect(t.bpmSource).toBe(estimate === null ? null : "ESTIMATE");
  });

  it("filters by the stated tempo, not the estimate", async () => {
    const found = await gql<{ searchTracks: { edges: Array<{ node: { externalId: string } }> } }>(
      `{ searchTracks(text: "drum and bass", first: 10, filter: { bpmMin: 170, bpmMax: 178 }) { edges { node { externalId } } } }`,
    );
    expect(found.searchTracks.edges.map((e) => e.node.externalId)).toContain(DNB);
  });
});

describe("bpm precedence", () => {
  it("catalog, then file tag, then web page, then the estimate; zero or missing values are no statement", () => {
    const all = { bpm: 120, fileTags: { bpm: 121 }, web: { bpm: 122 }, audio: { bpm: 61 } };
    expect(bpmOf(all)).toEqual({ bpm: 120, source: "catalog" });
    expect(bpmOf({ ...all, bpm: undefined })).toEqual({ bpm: 121, source: "file-tag" });
    expect(bpmOf({ ...all, bpm: 0, fileTags: { bpm: null } })).toEqual({ bpm: 122, source: "web" });
    expect(bpmOf({ audio: { bpm: 61 }, web: { bpm: null } })).toEqual({ bpm: 61, source: "estimate" });
    expect(bpmOf({ audio: { bpm: null } })).toBeNull();
  });
});
