// ingestUpload over HTTP (issue #20: a clip searched by audio is "not stored unless asked"): the
// client asks by uploading it to the mutation. Real server on each back end, real recordings,
// GraphQL multipart requests; the stored file is checked on disk.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { servedBackends } from "../helpers/served-backends.ts";

const TOKEN = "test-admin-token-upload-0123456789";
const INGEST = `mutation ($file: Upload!, $catalog: String) { ingestUpload(file: $file, catalog: $catalog) { id } }`;
const SEARCH = `query ($file: Upload) { searchByAudio(file: $file, first: 1, ranking: { signal: AUDIO, alpha: 1 }) { edges { node { id catalog } } } }`;
const lines = readFileSync(path.join(LIBROSA_MUSIC, "tracks.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { file: string });
const ogg = readFileSync(path.join(LIBROSA_MUSIC, lines[0].file));

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }> };
}

async function multipart(url: string, query: string, variables: Record<string, unknown>, bytes: Uint8Array, filename: string, token: string | null): Promise<Answer> {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query, variables: { ...variables, file: null } }));
  form.set("map", JSON.stringify({ 0: ["variables.file"] }));
  form.set("0", new Blob([bytes]), filename);
  const headers: Record<string, string> = { "apollo-require-preflight": "true", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: form });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<Answer["body"]> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as Answer["body"];
}

async function finished(url: string, id: string): Promise<{ status: string; ingested: number; skipped: number }> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const job = (await gql(url, `query ($id: ID!) { ingestJob(id: $id) { status ingested skipped } }`, { id })).data!.ingestJob as { status: string; ingested: number; skipped: number };
    if (job.status === "SUCCEEDED" || job.status === "FAILED") return job;
    if (Date.now() > deadline) throw new Error(`ingest job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(servedBackends())("ingestUpload on $name", (backend) => {
  let server: RunningServer;
  let url: string;
  let uploads: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tunelens-upload-"));
    uploads = path.join(dataDir, "uploads");
    const env = { ...(await backend.env()), TUNELENS_DATA_DIR: dataDir, TUNELENS_IN_PROCESS_WORKER: "on" };
    server = await startServer(
      loadConfig({ ...env, TUNELENS_MODEL_DIR: TEST_MODEL_DIR, PORT: "0", TUNELENS_ADMIN_TOKEN: TOKEN, NODE_ENV: "production", LOG_LEVEL: "silent" }),
      createLogger("silent"),
      { inMemory: backend.inMemory },
    );
    url = server.url.replace(/\/graphql$/, "");
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await backend.dispose();
  });

  const stored = () => (existsSync(uploads) ? readdirSync(uploads) : []);

  it("stores the clip, ingests it into the catalog asked for, and the same clip searched finds it", async () => {
    const answer = await multipart(url, INGEST, { catalog: "kept" }, ogg, "trumpet solo.ogg", TOKEN);
    expect(answer.body.errors).toBeUndefined();
    const job = await finished(url, (answer.body.data!.ingestUpload as { id: string }).id);
    expect(job).toMatchObject({ status: "SUCCEEDED", ingested: 1 });
    expect(stored()).toHaveLength(1);
    expect(stored()[0]).toMatch(/^[0-9a-f]{64}\.ogg$/);
    expect(readFileSync(path.join(uploads, stored()[0]!)).equals(ogg)).toBe(true);

    const search = await multipart(url, SEARCH, {}, ogg, "query.ogg", TOKEN);
    const edges = (search.body.data!.searchByAudio as { edges: Array<{ node: { catalog: string } }> }).edges;
    expect(edges[0]!.node.catalog).toBe("kept");
  }, 120_000);

  it("the same bytes again are one file and one track", async () => {
    const answer = await multipart(url, INGEST, { catalog: "kept" }, ogg, "again.ogg", TOKEN);
    const job = await finished(url, (answer.body.data!.ingestUpload as { id: string }).id);
    expect(job).toMatchObject({ status: "SUCCEEDED", ingested: 0, skipped: 1 });
    expect(stored()).toHaveLength(1);
  }, 120_000);

  it("refuses a corrupt clip, a caller without the ingest scope and a foreign catalog before writing anything", async () => {
    const before = stored();
    const corrupt = await multipart(url, INGEST, {}, new TextEncoder().encode("OggS but not really an ogg file at all"), "bad.ogg", TOKEN);
    expect(corrupt.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(["corrupt", "unsupported", "truncated", "no-samples"]).toContain(corrupt.body.errors?.[0]?.extensions?.reason);
    const anonymous = await multipart(url, INGEST, {}, ogg.subarray(0, ogg.length - 1000), "cut.ogg", null);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    // a key limited to catalog alpha cannot store into beta (answered like a missing catalog)
    const key = await gql(url, `mutation { createApiKey(name: "alpha-ingest", scopes: ["ingest"], catalogs: ["alpha"]) { key } }`, {});
    const secret = (key.data!.createApiKey as { key: string }).key;
    const foreign = await multipart(url, INGEST, { catalog: "beta" }, ogg.subarray(0, ogg.length - 2000), "cut.ogg", secret);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(stored()).toEqual(before);
  });

  it("deleting the track deletes the stored clip", async () => {
    const search = await multipart(url, SEARCH, {}, ogg, "query.ogg", TOKEN);
    const id = (search.body.data!.searchByAudio as { edges: Array<{ node: { id: string } }> }).edges[0]!.node.id;
    const deleted = await gql(url, `mutation ($id: ID!) { deleteTrack(id: $id) { deleted } }`, { id });
    expect(deleted.errors).toBeUndefined();
    expect(stored()).toEqual([]);
  });
});
