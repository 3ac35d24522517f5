import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { chord, clickTrack, tempDir, whiteNoise, writeWav } from "../helpers/audio-fixtures.ts";
import { ADMIN, code, serverBackends, startTestServer } from "./server-fixture.ts";

const SR = 16000;

/**
 * Two tenants on one server (issue #19): a key scoped to `alpha` must not see, search, play, count
 * or infer a track of `beta`, through any query, loader, cursor, count, audio URL or error.
 */
describe.each(serverBackends())("catalog-scoped keys (%s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  let alphaKey: string;
  let betaKey: string;
  let bothKey: string;
  let alphaIngestKey: string;
  const ids: Record<string, string> = {};
  let betaDir = "";

  beforeAll(async () => {
    t = await startTestServer(backend);
    const base = tempDir("tunelens-tenants-");
    const alpha = path.join(base, "alpha");
    const beta = path.join(base, "beta");
    betaDir = beta;
    mkdirSync(alpha);
    mkdirSync(beta);
    writeWav(alpha, "a1.wav", [chord([220, 277, 330], 4, SR)], SR);
    writeWav(alpha, "a2.wav", [clickTrack(120, 4, SR)], SR);
    writeWav(alpha, "shared.wav", [whiteNoise(4, SR, 0.3, 5)], SR);
    writeWav(beta, "b1.wav", [chord([196, 247, 294], 4, SR)], SR);
    // the very same audio as alpha's shared.wav, with the same path: a second tenant's copy
    writeWav(beta, "shared.wav", [whiteNoise(4, SR, 0.3, 5)], SR);
    const { db, runtime } = t.server.opened;
    const ingest = new IngestService({ db, ...runtime });
    for (const [dir, catalog] of [[alpha, "alpha"], [beta, "beta"]] as const) {
      const { results } = await ingest.ingestAll(await discoverCatalog(dir, { catalog }));
      for (const r of results) {
        expect(r.status).toBe("ingested");
        ids[`${catalog}/${path.basename(r.file)}`] = r.trackId!;
      }
    }
    alphaKey = await t.createKey(["search"], { catalogs: ["alpha"] });
    betaKey = await t.createKey(["search"], { catalogs: ["beta"] });
    bothKey = await t.createKey(["search"], { catalogs: ["alpha", "beta"] });
    alphaIngestKey = await t.createKey(["ingest", "search"], { catalogs: ["alpha"] });
  }, 240_000);
  afterAll(() => t?.stop());

  const catalogsOf = (edges: Array<{ node: { catalog: string } }>) => [...new Set(edges.map((e) => e.node.catalog))];

  it("stores the same audio in two catalogs as two tracks (no cross-tenant 'already stored')", () => {
    expect(ids["alpha/shared.wav"]).toBeDefined();
    expect(ids["beta/shared.wav"]).toBeDefined();
    expect(ids["alpha/shared.wav"]).not.toBe(ids["beta/shared.wav"]);
  });

  it("counts and pages only the key's catalog in `tracks`, with cursors that carry no global position", async () => {
    const q = `query($after: String) { tracks(first: 2, after: $after) { totalCount edges { cursor node { id catalog } } pageInfo { hasNextPage endCursor } } }`;
    const admin = await t.post(q, { token: ADMIN });
    expect(admin.body.data!.tracks.totalCount).toBe(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const r = await t.post(q, { token: alphaKey, variables: { after } });
      expect(r.body.errors).toBeUndefined();
      const c = r.body.data!.tracks;
      expect(c.totalCount).toBe(3);
      expect(catalogsOf(c.edges).every((x) => x === "alpha")).toBe(true);
      for (const e of c.edges) {
        seen.push(e.node.id);
        expect(Buffer.from(e.cursor, "base64url").toString()).not.toMatch(/seq/);
      }
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual([ids["alpha/a1.wav"], ids["alpha/a2.wav"], ids["alpha/shared.wav"]].sort());
    const beta = await t.post(`{ tracks(first: 10) { totalCount } }`, { token: betaKey });
    expect(beta.body.data!.tracks.totalCount).toBe(2);
  });

  it("answers `track` and `similarTracks` on another tenant's track exactly as on a track that does not exist", async () => {
    const foreign = ids["beta/b1.wav"];
    const missing = "6f1c2a4e-0000-4000-8000-000000000001";
    for (const query of [`query($id: ID!) { track(id: $id) { id } }`, `query($id: ID!) { similarTracks(trackId: $id, first: 3) { edges { node { id } } } }`]) {
      const a = await t.post(query, { token: alphaKey, variables: { id: foreign } });
      const b = await t.post(query, { token: alphaKey, variables: { id: missing } });
      expect(code(a)).toBe("NOT_FOUND");
      expect(a.body.data ?? null).toEqual(b.body.data ?? null);
      expect(a.body.errors![0].message.replace(foreign, "X")).toBe(b.body.errors![0].message.replace(missing, "X"));
    }
    // the same track is readable by its own tenant
    const own = await t.post(`query($id: ID!) { track(id: $id) { id catalog } }`, { token: betaKey, variables: { id: foreign } });
    expect(own.body.data!.track).toEqual({ id: foreign, catalog: "beta" });
  });

  it("resolves an externalId both tenants use to the caller's own track", async () => {
    const q = `{ track(id: "shared.wav") { id catalog } }`;
    expect((await t.post(q, { token: alphaKey })).body.data!.track.id).toBe(ids["alpha/shared.wav"]);
    expect((await t.post(q, { token: betaKey })).body.data!.track.id).toBe(ids["beta/shared.wav"]);
    // similarTracks resolves it the same way, inside the search statement: beta's question is beta's
    // own copy (left out of its answer), not alpha's, whose identical twin in beta would rank first
    const similar = await t.post(`{ similarTracks(trackId: "shared.wav", first: 10, ranking: { signal: AUDIO }) { edges { node { id } } } }`, { token: betaKey });
    expect(similar.body.errors).toBeUndefined();
    expect(similar.body.data!.similarTracks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids["beta/b1.wav"]]);
  });

  it("ranks only the key's catalogs in searchTracks and similarTracks, whatever the filter asks for", async () => {
    const search = `query($f: SearchFilterInput, $s: RankingSignal!) { searchTracks(text: "noise chord click", first: 10, filter: $f, ranking: { signal: $s }) { edges { node { id catalog } } } }`;
    for (const signal of ["FUSED", "AUDIO", "HYBRID"]) {
      const alpha = await t.post(search, { token: alphaKey, variables: { s: signal } });
      expect(alpha.body.errors).toBeUndefined();
      expect(alpha.body.data!.searchTracks.edges).toHaveLength(3);
      expect(catalogsOf(alpha.body.data!.searchTracks.edges)).toEqual(["alpha"]);
      // asking for the other tenant's catalog finds nothing, and says nothing about it
      const asked = await t.post(search, { token: alphaKey, variables: { s: signal, f: { catalogs: ["beta"] } } });
      expect(asked.body.errors).toBeUndefined();
      expect(asked.body.data!.searchTracks.edges).toEqual([]);
      const mixed = await t.post(search, { token: alphaKey, variables: { s: signal, f: { catalogs: ["alpha", "beta"] } } });
      expect(catalogsOf(mixed.body.data!.searchTracks.edges)).toEqual(["alpha"]);
    }
    const both = await t.post(search, { token: bothKey, variables: { s: "AUDIO" } });
    expect(both.body.data!.searchTracks.edges).toHaveLength(5);
    const admin = await t.post(search, { token: ADMIN, variables: { s: "AUDIO" } });
    expect(admin.body.data!.searchTracks.edges).toHaveLength(5);

    const similar = await t.post(`query($id: ID!) { similarTracks(trackId: $id, first: 10, ranking: { signal: AUDIO }) { edges { node { id catalog } } } }`, {
      token: alphaKey, variables: { id: ids["alpha/shared.wav"] },
    });
    const nodes = similar.body.data!.similarTracks.edges;
    // beta's identical copy would be the nearest neighbour of all: it must not appear
    expect(nodes.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([ids["alpha/a1.wav"], ids["alpha/a2.wav"]].sort());
  });

  it("pages a ranked answer within the scope (cursor after cursor)", async () => {
    const q = `query($after: String) { searchTracks(text: "noise", first: 1, after: $after, ranking: { signal: AUDIO }) { edges { node { catalog } } pageInfo { hasNextPage endCursor } } }`;
    let after: string | null = null;
    let n = 0;
    for (;;) {
      const r = await t.post(q, { token: alphaKey, variables: { after } });
      const c = r.body.data!.searchTracks;
      expect(catalogsOf(c.edges)).toEqual(["alpha"]);
      n += c.edges.length;
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(n).toBe(3);
  });

  it("ranks only the key's catalogs in searchByVector and searchByAudio, and never names a foreign track", async () => {
    const { db, runtime } = t.server.opened;
    // beta's own copy of the shared noise: its vector and its audio find alpha's twin first when unscoped
    const [row] = await db.query<{ v: string }>(`SELECT embedding::text AS v FROM embeddings WHERE track_id = $1 AND kind = 'audio'`, [ids["beta/b1.wav"]]);
    const vector = JSON.parse(row.v) as number[];
    const byVector = `query($v: [Float!]!, $m: String!, $f: SearchFilterInput) { searchByVector(vector: $v, model: $m, first: 10, filter: $f, ranking: { signal: AUDIO }) { edges { node { id catalog } } } }`;
    const vars = { v: vector, m: runtime.model.version };
    const alpha = await t.post(byVector, { token: alphaKey, variables: vars });
    expect(alpha.body.errors).toBeUndefined();
    expect(alpha.body.data!.searchByVector.edges).toHaveLength(3);
    expect(catalogsOf(alpha.body.data!.searchByVector.edges)).toEqual(["alpha"]);
    const asked = await t.post(byVector, { token: alphaKey, variables: { ...vars, f: { catalogs: ["beta"] } } });
    expect(asked.body.errors).toBeUndefined();
    expect(asked.body.data!.searchByVector.edges).toEqual([]);
    expect((await t.post(byVector, { token: ADMIN, variables: vars })).body.data!.searchByVector.edges).toHaveLength(5);

    const upload = async (token: string, filter: Record<string, unknown> | null) => {
      const form = new FormData();
      const query = `query($file: Upload, $f: SearchFilterInput) { searchByAudio(file: $file, first: 10, filter: $f, ranking: { signal: AUDIO }) { edges { node { id catalog } } } }`;
      form.set("operations", JSON.stringify({ query, variables: { file: null, f: filter } }));
      form.set("map", JSON.stringify({ 0: ["variables.file"] }));
      form.set("0", new Blob([readFileSync(path.join(betaDir, "shared.wav"))]), "shared.wav");
      const res = await fetch(`${t.server.url}/graphql`, { method: "POST", headers: { "apollo-require-preflight": "true", authorization: `Bearer ${token}` }, body: form });
      return (await res.json()) as { data?: { searchByAudio: { edges: Array<{ node: { id: string; catalog: string } }> } }; errors?: unknown[] };
    };
    const clip = await upload(alphaKey, null);
    expect(clip.errors).toBeUndefined();
    expect(catalogsOf(clip.data!.searchByAudio.edges)).toEqual(["alpha"]);
    expect(clip.data!.searchByAudio.edges[0].node.id).toBe(ids["alpha/shared.wav"]);
    const clipBeta = await upload(alphaKey, { catalogs: ["beta"] });
    expect(clipBeta.errors).toBeUndefined();
    expect(clipBeta.data!.searchByAudio.edges).toEqual([]);
    // neither answer carries beta's ids anywhere, not even in an error
    for (const answer of [alpha.body, asked.body, clip, clipBeta]) {
      expect(JSON.stringify(answer)).not.toContain(ids["beta/b1.wav"]);
      expect(JSON.stringify(answer)).not.toContain(ids["beta/shared.wav"]);
    }
  });

  it("counts only the key's catalogs in `models`", async () => {
    const q = `{ models { version active totalTracks embeddedTracks pendingJobs failedJobs } }`;
    const active = (r: Awaited<ReturnType<typeof t.post>>) => (r.body.data!.models as Array<{ active: boolean; totalTracks: number; embeddedTracks: number }>).find((m) => m.active)!;
    expect(active(await t.post(q, { token: ADMIN }))).toMatchObject({ totalTracks: 5, embeddedTracks: 5 });
    expect(active(await t.post(q, { token: alphaKey }))).toMatchObject({ totalTracks: 3, embeddedTracks: 3 });
    expect(active(await t.post(q, { token: betaKey }))).toMatchObject({ totalTracks: 2, embeddedTracks: 2 });
  });

  it("places mood and instrument percentiles within the track's own catalog, and filters instruments by the key's", async () => {
    const moodWords = ["calm", "dark", "happy", "energetic", "sad"];
    const instrumentWords = ["piano", "drums", "strings", "electric guitar", "synthesizer"];
    const q = `query($m: [String!], $i: [String!]) { tracks(first: 10) { edges { node { id moods(words: $m, top: 20) { label score percentile } instruments(words: $i, top: 20) { label score percentile } } } } }`;
    type Label = { label: string; score: number; percentile: number };
    type Node = { id: string; moods: Label[]; instruments: Label[] };
    const read = async (token: string) => ((await t.post(q, { token, variables: { m: moodWords, i: instrumentWords } })).body.data!.tracks.edges as Array<{ node: Node }>).map((e) => e.node);
    // Within a catalog of n tracks (distinct scores) a word's percentiles are (i + ½)/n, i = 0..n-1:
    // alpha's three tracks read 1/6, 1/2, 5/6 for every word; over all five tracks they would read tenths.
    for (const [token, n] of [[alphaKey, 3], [betaKey, 2]] as const) {
      const nodes = await read(token);
      expect(nodes).toHaveLength(n);
      for (const field of ["moods", "instruments"] as const) {
        for (const label of field === "moods" ? moodWords : instrumentWords) {
          const column = nodes.map((node) => node[field].find((m) => m.label === label)!.percentile).sort();
          expect(column, `${field} ${label}`).toEqual(Array.from({ length: n }, (_, i) => expect.closeTo((i + 0.5) / n, 9)));
        }
      }
    }
    // the admin token sees each track placed in its own catalog as well
    const all = await read(ADMIN);
    const a1 = (await read(alphaKey)).find((x) => x.id === ids["alpha/a1.wav"])!;
    expect(all.find((x) => x.id === ids["alpha/a1.wav"])!.moods).toEqual(a1.moods);

    // filter.instruments keeps the tracks at or above the percentile among the searched catalogs.
    // At 0.5 of alpha's three the threshold is the middle track's own score (a rounding edge):
    // the best track passes, the worst never does.
    const alphaNodes = await read(alphaKey);
    const search = `query($f: SearchFilterInput) { searchTracks(text: "music", first: 10, filter: $f, ranking: { signal: AUDIO }) { edges { node { id catalog } } } }`;
    for (const word of instrumentWords) {
      const byScore = [...alphaNodes].sort((x, y) => x.instruments.find((i) => i.label === word)!.score - y.instruments.find((i) => i.label === word)!.score);
      const r = await t.post(search, { token: alphaKey, variables: { f: { instruments: [word], minInstrumentPercentile: 0.5 } } });
      expect(r.body.errors).toBeUndefined();
      const found = r.body.data!.searchTracks.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(found, word).toContain(byScore[2].id);
      expect(found, word).not.toContain(byScore[0].id);
      expect(catalogsOf(r.body.data!.searchTracks.edges)).toEqual(["alpha"]);
    }
  });

  it("hands out audio URLs only for the key's tracks, and they play", async () => {
    const r = await t.post(`{ tracks(first: 10) { edges { node { id audioUrl } } } }`, { token: alphaKey });
    const edges = r.body.data!.tracks.edges as Array<{ node: { id: string; audioUrl: string } }>;
    expect(edges).toHaveLength(3);
    const res = await fetch(`${t.server.url}${edges[0].node.audioUrl}`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it("refuses experiments:admin on a catalog-scoped key, so cross-tenant experiment reports stay closed", async () => {
    const r = await t.post(`mutation { createApiKey(name: "x", scopes: ["search", "experiments:admin"], catalogs: ["alpha"]) { key } }`, { token: ADMIN });
    expect(code(r)).toBe("BAD_USER_INPUT");
    const report = await t.post(`{ experimentReport(key: "any") { experiment { key } } }`, { token: alphaKey });
    expect(code(report)).toBe("FORBIDDEN");
  });

  it("refuses an interaction on another tenant's track as NOT_FOUND", async () => {
    // a query id the server issued (recordInteraction refuses invented ones, issue #16)
    const served = await t.post(`{ searchTracks(text: "chord", first: 1) { queryId } }`, { token: alphaKey });
    const queryId = served.body.data!.searchTracks.queryId as string;
    const q = `mutation($t: ID, $q: String!) { recordInteraction(input: { queryId: $q, trackId: $t, type: CLICK, position: 1 }) { id } }`;
    expect(code(await t.post(q, { token: alphaKey, variables: { t: ids["beta/b1.wav"], q: queryId } }))).toBe("NOT_FOUND");
    expect((await t.post(q, { token: alphaKey, variables: { t: ids["alpha/a1.wav"], q: queryId } })).body.errors).toBeUndefined();
  });

  it("lets a scoped ingest key write only into its catalog", async () => {
    const r = await t.post(`mutation { ingestTracks(path: "/tmp", catalog: "beta") { id } }`, { token: alphaIngestKey });
    expect(code(r)).toBe("NOT_FOUND");
    const del = await t.post(`mutation($id: ID!) { deleteTrack(id: $id) { deleted } }`, { token: alphaIngestKey, variables: { id: ids["beta/b1.wav"] } });
    expect(del.body.data!.deleteTrack.deleted).toBe(false);
    const fix = await t.post(`mutation($id: ID!) { correctTrack(id: $id, input: { title: "x" }) { id } }`, { token: alphaIngestKey, variables: { id: ids["beta/b1.wav"] } });
    expect(code(fix)).toBe("NOT_FOUND");
    const still = await t.post(`query($id: ID!) { track(id: $id) { id title } }`, { token: ADMIN, variables: { id: ids["beta/b1.wav"] } });
    expect(still.body.data!.track).toEqual({ id: ids["beta/b1.wav"], title: null });
  });

  it("validates catalog names and rate limits at key creation", async () => {
    const bad = await t.post(`mutation { createApiKey(name: "x", scopes: ["search"], catalogs: ["../etc"]) { key } }`, { token: ADMIN });
    expect(code(bad)).toBe("BAD_USER_INPUT");
    const rate = await t.post(`mutation { createApiKey(name: "x", scopes: ["search"], rateLimitPerMinute: 0) { key } }`, { token: ADMIN });
    expect(code(rate)).toBe("BAD_USER_INPUT");
    const listed = await t.post(`{ apiKeys { prefix catalogs } }`, { token: ADMIN });
    expect(listed.body.data!.apiKeys.filter((k: { catalogs: string[] | null }) => k.catalogs?.join() === "alpha,beta")).toHaveLength(1);
  });

  it("refuses a write by an externalId two of the caller's catalogs use, and writes the named catalog's track", async () => {
    const add = `mutation($c: String) { addTrackDescription(id: "shared.wav", text: "grey static hiss", catalog: $c) { id catalog } }`;
    const del = `mutation($c: String) { deleteTrack(id: "shared.wav", catalog: $c) { deleted trackId } }`;
    // the operator and a key for both catalogs: which tenant's shared.wav is meant is not guessed
    const bothIngest = await t.createKey(["ingest"], { catalogs: ["alpha", "beta"] });
    for (const token of [ADMIN, bothIngest]) {
      for (const q of [del, add]) {
        const r = await t.post(q, { token });
        expect(code(r)).toBe("BAD_USER_INPUT");
        expect(r.body.errors![0].message).toContain("several catalogs (alpha, beta)");
      }
    }
    // a scoped key resolves it inside its scope; naming another tenant's catalog is NOT_FOUND
    expect((await t.post(add, { token: alphaIngestKey })).body.data!.addTrackDescription).toEqual({ id: ids["alpha/shared.wav"], catalog: "alpha" });
    expect(code(await t.post(add, { token: alphaIngestKey, variables: { c: "beta" } }))).toBe("NOT_FOUND");
    // the operator names the catalog: beta's copy goes, alpha's stays
    expect((await t.post(del, { token: ADMIN, variables: { c: "beta" } })).body.data!.deleteTrack).toEqual({ deleted: true, trackId: ids["beta/shared.wav"] });
    expect((await t.post(`query($id: ID!) { track(id: $id) { id } }`, { token: ADMIN, variables: { id: ids["alpha/shared.wav"] } })).body.data!.track.id).toBe(ids["alpha/shared.wav"]);
  });
});
