// Bring-your-own encoders end to end, over real HTTP, on PGlite and on PostgreSQL: two stand-in
// CLAP models dropped into a models/ folder (no code change), real audio files ingested with the
// shipped model, both models embedded in the background, searches naming each model, the active
// model switched without downtime, and an A/B and an interleaving experiment whose variants name
// different models. Expected answers are computed independently: the test opens the same model
// folders itself and ranks the decoded files by cosine similarity.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { decodeAudioFile } from "../../src/embedding/audio-decoder.ts";
import { writeStandInClap } from "../../src/embedding/clap-stand-in.ts";
import { loadAnyEncoder } from "../../src/embedding/composed-encoder.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { chord, clickTrack, sine, tempDir, whiteNoise, writeWav } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

const TOKEN = "test-admin-token-models-0123456789";
const QUERY = "calm piano with strings";

interface Gql<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}
interface Edge {
  rank: number;
  score: number;
  variant: string | null;
  node: { id: string; externalId: string };
}
interface ModelRow {
  name: string;
  version: string;
  dimensions: number;
  active: boolean;
  embeddedTracks: number;
  totalTracks: number;
  pendingJobs: number;
  failedJobs: number;
}

const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;
const targets: Array<"pglite" | "postgres"> = serverUrl ? ["pglite", "postgres"] : ["pglite"];

/** The catalogue: real WAV files of clearly different sounds. */
function writeCatalog(): string {
  const dir = tempDir("tunelens-models-audio-");
  writeWav(dir, "a-chord.wav", [chord([262, 330, 392], 12, 22050)], 22050);
  writeWav(dir, "b-low-sine.wav", [sine(110, 9, 22050)], 22050);
  writeWav(dir, "c-clicks.wav", [clickTrack(128, 14, 44100)], 44100);
  writeWav(dir, "d-noise.wav", [whiteNoise(11, 16000, 0.2, 3)], 16000);
  writeWav(dir, "e-high-chord.wav", [chord([880, 1100, 1320], 6, 44100)], 44100);
  writeWav(dir, "f-slow-clicks.wav", [clickTrack(70, 20, 22050, 11)], 22050);
  return dir;
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe.each(targets)("pretrained models side by side over GraphQL (%s)", (target) => {
  let server: RunningServer;
  let audioDir: string;
  let modelsDir: string;
  let dbName: string | null = null;
  /** per model: externalId → audio vector, and the query's vector */
  const expected = new Map<string, { audio: Map<string, Float32Array>; query: Float32Array }>();

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token: string | null = TOKEN): Promise<Gql<T>> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Gql<T>;
  };
  const ok = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await gql<T>(query, variables);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data!;
  };
  const SEARCH = `query S($text: String!, $model: String, $experiment: ExperimentInput) {
    searchTracks(text: $text, first: 6, model: $model, ranking: { signal: AUDIO, alpha: 1 }, experiment: $experiment) {
      variant edges { rank score variant node { id externalId } } } }`;
  const search = async (model: string | null, experiment: Record<string, unknown> | null = null) =>
    (await ok<{ searchTracks: { variant: string | null; edges: Edge[] } }>(SEARCH, { text: QUERY, model, experiment })).searchTracks;
  const listModels = async () => (await ok<{ models: ModelRow[] }>(`{ models { name version dimensions active embeddedTracks totalTracks pendingJobs failedJobs } }`)).models;
  const model = async (name: string) => (await listModels()).find((m) => m.name === name)!;

  /** The ranking a model must produce for QUERY, from the test's own encoder. */
  const expectedRanking = (name: string) => {
    const e = expected.get(name)!;
    return [...e.audio.entries()].map(([id, v]) => ({ id, score: dot(e.query, v) })).sort((a, b) => b.score - a.score);
  };
  const expectFromSpace = (edges: Edge[], name: string) => {
    const want = expectedRanking(name);
    expect(edges.map((e) => e.node.externalId)).toEqual(want.map((w) => w.id));
    edges.forEach((e, i) => expect(e.score).toBeCloseTo(want[i].score, 4));
  };

  beforeAll(async () => {
    audioDir = writeCatalog();
    modelsDir = tempDir("tunelens-models-");
    writeStandInClap(path.join(modelsDir, "laion-style"), "clap-a", { seed: 11 }); // 48 kHz, 10 s → 512
    // MS-CLAP-like: 44.1 kHz, 7 s clips → 1024-d
    writeStandInClap(path.join(modelsDir, "ms-style"), "clap-b", { seed: 23, sampleRate: 44_100, clipSeconds: 7, frameSamples: 1050, dimensions: 1024 });
    for (const [name, folder] of [["clap-a", "laion-style"], ["clap-b", "ms-style"]]) {
      const encoder = await loadAnyEncoder(path.join(modelsDir, folder));
      const audio = new Map<string, Float32Array>();
      for (const file of ["a-chord", "b-low-sine", "c-clicks", "d-noise", "e-high-chord", "f-slow-clicks"]) {
        audio.set(`${file}.wav`, await encoder.embedAudio(await decodeAudioFile(path.join(audioDir, `${file}.wav`))));
      }
      const [query] = await encoder.embedTexts([QUERY]);
      expected.set(name, { audio, query });
      await encoder.close();
    }

    let databaseUrl = "";
    if (target === "postgres") {
      dbName = `tunelens_t_${randomBytes(5).toString("hex")}`;
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`CREATE DATABASE ${dbName}`);
      await c.end();
      const url = new URL(serverUrl!);
      url.pathname = `/${dbName}`;
      databaseUrl = url.toString();
    }
    const cfg = loadConfig({
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR,
      TUNELENS_MODELS_DIR: modelsDir,
      // with DATABASE_URL the server writes its handle (server.json) here: never the checkout's data/
      TUNELENS_DATA_DIR: tempDir("tunelens-models-data-"),
      DATABASE_URL: databaseUrl,
      TUNELENS_IN_PROCESS_WORKER: "on",
      PORT: "0",
      TUNELENS_ADMIN_TOKEN: TOKEN,
      TUNELENS_ANONYMOUS_SEARCH: "true",
      LOG_LEVEL: "silent",
    });
    server = await startServer(cfg, createLogger("silent"), { inMemory: target === "pglite" });

    const { ingestTracks } = await ok<{ ingestTracks: { id: string } }>(`mutation I($p: String!) { ingestTracks(path: $p) { id } }`, { p: audioDir });
    for (;;) {
      const { ingestJob } = await ok<{ ingestJob: { status: string; ingested: number } }>(`query J($id: ID!) { ingestJob(id: $id) { status ingested } }`, { id: ingestTracks.id });
      if (ingestJob.status === "SUCCEEDED") break;
      if (ingestJob.status === "FAILED") throw new Error("ingest failed");
      await sleep(200);
    }
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    if (dbName) {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  });

  it("lists models dropped into models/ next to the served one; only the operator may embed or activate", async () => {
    const models = await listModels();
    expect(models.map((m) => m.name).sort()).toEqual(["clap-a", "clap-b", "tunelens-default"]);
    expect(models.find((m) => m.name === "tunelens-default")).toMatchObject({ active: true, embeddedTracks: 6, totalTracks: 6 });
    expect(models.find((m) => m.name === "clap-b")).toMatchObject({ dimensions: 1024, active: false, embeddedTracks: 0, totalTracks: 6 });

    const anon = await gql(`mutation { activateModel(name: "clap-a") { activated } }`, {}, null);
    expect(anon.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const unknown = await gql(`mutation { embedModel(name: "no-such-model") { queued } }`);
    expect(unknown.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(unknown.errors?.[0].message).toMatch(/clap-a, clap-b/);
    const notEmbedded = await gql(SEARCH, { text: QUERY, model: "clap-b" });
    expect(notEmbedded.errors?.[0].message).toMatch(/no embeddings yet; run `tunelens models embed clap-b`/);
  });

  it("activates a model without downtime: searches answer from the old model until every track is embedded, then flip", async () => {
    const before = await search(null);
    const first = (await ok<{ activateModel: { activated: boolean; queued: number } }>(`mutation { activateModel(name: "clap-a") { activated queued } }`)).activateModel;
    expect(first).toEqual({ activated: false, queued: 6 });

    let answeredWhileEmbedding = 0;
    for (;;) {
      const state = await model("clap-a");
      const during = await search(null); // default searches keep working, on the old model
      expect(during.edges.map((e) => e.node.id)).toEqual(before.edges.map((e) => e.node.id));
      if (state.pendingJobs === 0) break;
      expect(state.active).toBe(false);
      answeredWhileEmbedding++;
      await sleep(100);
    }
    expect(answeredWhileEmbedding).toBeGreaterThan(0);
    expect(await model("clap-a")).toMatchObject({ embeddedTracks: 6, failedJobs: 0, active: false });

    const second = (await ok<{ activateModel: { activated: boolean; queued: number; model: ModelRow } }>(`mutation { activateModel(name: "clap-a") { activated queued model { name active } } }`)).activateModel;
    expect(second).toMatchObject({ activated: true, queued: 0, model: { name: "clap-a", active: true } });
    expect((await listModels()).filter((m) => m.active).map((m) => m.name)).toEqual(["clap-a"]);
    expectFromSpace((await search(null)).edges, "clap-a");
    // the old model is still searchable by name
    expect((await search("tunelens-default")).edges.map((e) => e.node.id)).toEqual(before.edges.map((e) => e.node.id));
    // activating again changes nothing
    expect((await ok<{ activateModel: { activated: boolean; queued: number } }>(`mutation { activateModel(name: "clap-a") { activated queued } }`)).activateModel).toEqual({ activated: true, queued: 0 });
  });

  it("embeds a second model in the background and searches each model's own space, with its own index", async () => {
    const r = (await ok<{ embedModel: { queued: number } }>(`mutation { embedModel(name: "clap-b") { queued } }`)).embedModel;
    expect(r.queued).toBe(6);
    while ((await model("clap-b")).pendingJobs > 0) await sleep(150);
    expect(await model("clap-b")).toMatchObject({ embeddedTracks: 6, active: false });

    expectFromSpace((await search("clap-a")).edges, "clap-a");
    expectFromSpace((await search("clap-b")).edges, "clap-b");
    expect(expectedRanking("clap-a").map((x) => x.id)).not.toEqual(expectedRanking("clap-b").map((x) => x.id));

    const similar = await ok<{ similarTracks: { edges: Edge[] } }>(`{ similarTracks(trackId: "c-clicks.wav", first: 5, model: "clap-b", ranking: { signal: AUDIO, alpha: 1 }) { edges { score node { externalId } } } }`);
    const b = expected.get("clap-b")!.audio;
    const want = [...b.entries()].filter(([id]) => id !== "c-clicks.wav").map(([id, v]) => ({ id, score: dot(b.get("c-clicks.wav")!, v) })).sort((x, y) => y.score - x.score);
    expect(similar.similarTracks.edges.map((e) => e.node.externalId)).toEqual(want.map((w) => w.id));

    // one partial HNSW index per (model, kind), over the model's own dimension
    const defs = (await server.opened.db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'embeddings_hnsw_m%_audio'`)).map((r) => r.indexdef);
    expect(defs.some((d) => /vector\(512\)/.test(d))).toBe(true);
    expect(defs.some((d) => /vector\(1024\)/.test(d))).toBe(true);
  });

  it("A/B and interleaving experiments whose variants name different models rank each in its model's space", async () => {
    const variants = [
      { name: "laion", weight: 1, ranking: { signal: "AUDIO", alpha: 1, model: "clap-a" } },
      { name: "ms", weight: 1, ranking: { signal: "AUDIO", alpha: 1, model: "clap-b" } },
    ];
    const CREATE = `mutation C($input: CreateExperimentInput!) { createExperiment(input: $input) { key variants { name ranking { model } } } }`;
    const created = await ok<{ createExperiment: { variants: Array<{ name: string; ranking: { model: string } }> } }>(CREATE, { input: { key: "clap-ab", variants } });
    expect(created.createExperiment.variants.map((v) => v.ranking.model)).toEqual(["clap-a", "clap-b"]);
    // a variant naming a model that does not exist is refused when defined, not when users arrive
    const typo = await gql(CREATE, { input: { key: "clap-typo", variants: [variants[0], { ...variants[1], ranking: { ...variants[1].ranking, model: "clap-z" } }] } });
    expect(typo.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(typo.errors?.[0].message).toMatch(/variant "ms": unknown model "clap-z"/);

    const laion = await search(null, { unitId: "u1", experimentKey: "clap-ab", forceVariant: "laion" });
    expect(laion.variant).toBe("laion");
    expectFromSpace(laion.edges, "clap-a");
    const ms = await search(null, { unitId: "u1", experimentKey: "clap-ab", forceVariant: "ms" });
    expectFromSpace(ms.edges, "clap-b");
    // assigned (not forced) units see one of the two spaces, consistently
    for (let u = 0; u < 6; u++) {
      const a = await search(null, { unitId: `user-${u}`, experimentKey: "clap-ab" });
      expectFromSpace(a.edges, a.variant === "laion" ? "clap-a" : "clap-b");
    }

    await ok(CREATE, { input: { key: "clap-il", kind: "INTERLEAVING", variants } });
    const mixed = await search(null, { unitId: "u2", experimentKey: "clap-il" });
    const scores = { laion: new Map(expectedRanking("clap-a").map((x) => [x.id, x.score])), ms: new Map(expectedRanking("clap-b").map((x) => [x.id, x.score])) };
    expect(new Set(mixed.edges.map((e) => e.variant))).toEqual(new Set(["laion", "ms"]));
    for (const e of mixed.edges) expect(e.score).toBeCloseTo(scores[e.variant as "laion" | "ms"].get(e.node.externalId)!, 4);

    const bad = await gql(SEARCH, { text: QUERY, model: "no-such-model" });
    expect(bad.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("after an activation, tracks ingested by the running server are embedded with the new active model", async () => {
    const more = tempDir("tunelens-models-more-");
    writeWav(more, "g-new.wav", [chord([196, 247, 294], 8, 22050)], 22050);
    const { ingestTracks } = await ok<{ ingestTracks: { id: string } }>(`mutation I($p: String!) { ingestTracks(path: $p) { id } }`, { p: more });
    for (;;) {
      const { ingestJob } = await ok<{ ingestJob: { status: string } }>(`query J($id: ID!) { ingestJob(id: $id) { status } }`, { id: ingestTracks.id });
      if (ingestJob.status === "SUCCEEDED") break;
      expect(ingestJob.status).not.toBe("FAILED");
      await sleep(200);
    }
    expect(await model("clap-a")).toMatchObject({ active: true, embeddedTracks: 7, totalTracks: 7 });
    expect((await search(null)).edges.map((e) => e.node.externalId)).toContain("g-new.wav");
  });
});
