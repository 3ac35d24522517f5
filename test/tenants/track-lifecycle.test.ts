import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { DELETED_TRACK_ID } from "../../src/db/repositories/track-lifecycle.repository.ts";
import { chord, clickTrack, tempDir, whiteNoise, writeWav } from "../helpers/audio-fixtures.ts";
import { ADMIN, code, serverBackends, startTestServer } from "./server-fixture.ts";

const SR = 16000;

/** Takedown and correction of stored tracks (issue #19) over HTTP, on both back ends. */
describe.each(serverBackends())("track lifecycle (%s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  let key: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer(backend);
    const dir = path.join(tempDir("tunelens-lifecycle-"), "lib");
    mkdirSync(dir);
    writeWav(dir, "t1.wav", [chord([220, 277, 330], 4, SR)], SR);
    writeWav(dir, "t2.wav", [clickTrack(128, 4, SR)], SR);
    writeWav(dir, "t3.wav", [whiteNoise(4, SR, 0.3, 9)], SR);
    const { db, runtime } = t.server.opened;
    const { results } = await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(dir, { catalog: "alpha" }));
    for (const r of results) ids[path.basename(r.file, ".wav")] = r.trackId!;
    key = await t.createKey(["ingest", "search"], { catalogs: ["alpha"] });
  }, 240_000);
  afterAll(() => t?.stop());

  const db = () => t.server.opened.db;
  const byDescription = async (text: string, filter: Record<string, unknown> | null = null) => {
    const r = await t.post(`query($t: String!, $f: SearchFilterInput) { searchTracks(text: $t, first: 10, filter: $f, ranking: { signal: DESCRIPTION }, queryConstraints: false) { edges { node { id } } } }`, {
      token: key, variables: { t: text, f: filter },
    });
    expect(r.body.errors).toBeUndefined();
    return (r.body.data!.searchTracks.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
  };
  const describeQ = `mutation($id: ID!, $t: String!) { addTrackDescription(id: $id, text: $t) { id descriptions { source text } } }`;

  it("adds a USER description once, and searches by description see it at once; removing it takes it back out", async () => {
    const text = "a warm mellow organ chord for rainy evenings";
    expect(await byDescription(text)).toEqual([]); // plain WAVs carry no text at all
    const first = await t.post(describeQ, { token: key, variables: { id: ids.t1, t: text } });
    expect(first.body.errors).toBeUndefined();
    const again = await t.post(describeQ, { token: key, variables: { id: "t1.wav", t: text } });
    const users = again.body.data!.addTrackDescription.descriptions.filter((d: { source: string }) => d.source === "USER");
    expect(users).toEqual([{ source: "USER", text }]);
    expect(await byDescription(text)).toEqual([ids.t1]);

    const remove = `mutation($id: ID!, $t: String!) { removeTrackDescription(id: $id, text: $t) }`;
    expect((await t.post(remove, { token: key, variables: { id: ids.t1, t: text } })).body.data!.removeTrackDescription).toBe(true);
    expect((await t.post(remove, { token: key, variables: { id: ids.t1, t: text } })).body.data!.removeTrackDescription).toBe(false);
    // no text left: its description vector goes too, so nothing stale keeps matching
    expect(await byDescription(text)).toEqual([]);
  });

  it("refuses empty, boilerplate and over-long descriptions with BAD_USER_INPUT", async () => {
    for (const text of ["  ", "Processed by SoX", "x".repeat(2001)]) {
      expect(code(await t.post(describeQ, { token: key, variables: { id: ids.t1, t: text } }))).toBe("BAD_USER_INPUT");
    }
  });

  it("corrects title and metadata: filters, fields and catalog descriptions change at once", async () => {
    const fix = `mutation($id: ID!, $in: TrackCorrectionInput!) { correctTrack(id: $id, input: $in) { id title artist bpm metadata descriptions { source text } } }`;
    expect(await byDescription("night drive", { genres: ["synthwave"] })).toEqual([]);
    const r = await t.post(fix, { token: key, variables: { id: ids.t2, in: { title: "Night Drive", artist: "Neon Coast", metadata: { genre: "synthwave", bpm: 128 } } } });
    expect(r.body.errors).toBeUndefined();
    const track = r.body.data!.correctTrack;
    expect(track).toMatchObject({ id: ids.t2, title: "Night Drive", artist: "Neon Coast", bpm: 128 });
    expect(track.metadata.genre).toBe("synthwave");
    expect(track.descriptions).toEqual(expect.arrayContaining([{ source: "CATALOG", text: "Night Drive by Neon Coast" }, { source: "CATALOG", text: "synthwave" }]));
    expect(await byDescription("night drive", { genres: ["synthwave"] })).toEqual([ids.t2]);

    // null removes a key; computed keys cannot be set
    const cleared = await t.post(fix, { token: key, variables: { id: ids.t2, in: { metadata: { genre: null } } } });
    expect(cleared.body.data!.correctTrack.metadata.genre).toBeUndefined();
    expect(cleared.body.data!.correctTrack.descriptions).not.toContainEqual({ source: "CATALOG", text: "synthwave" });
    expect(await byDescription("night drive", { genres: ["synthwave"] })).toEqual([]);
    expect(code(await t.post(fix, { token: key, variables: { id: ids.t2, in: { metadata: { audio: { bpm: 1 } } } } }))).toBe("BAD_USER_INPUT");
    expect(code(await t.post(fix, { token: key, variables: { id: ids.t2, in: {} } }))).toBe("BAD_USER_INPUT");
  });

  it("deletes a track with everything derived from it, keeps experiment data anonymised, and is idempotent", async () => {
    const id = ids.t3;
    const audio = await t.post(`query($id: ID!) { track(id: $id) { audioUrl } }`, { token: key, variables: { id } });
    const audioUrl = audio.body.data!.track.audioUrl as string;
    expect((await fetch(`${t.server.url}${audioUrl}`)).status).toBe(200);
    // what a served experiment, a click, a queued job and an LLM answer left behind
    const [exp] = await db().query<{ id: number }>(`INSERT INTO experiments (key, kind, coverage, variants) VALUES ('lc', 'ab', 1, '[]') RETURNING id`);
    await db().query(
      `INSERT INTO exposures (query_id, experiment_id, unit_id, variant, surface, first_rank, track_ids, served_at)
       VALUES ('6f1c2a4e-0000-4000-8000-0000000000aa', $1, 'u1', 'control', 'searchTracks', 1, ARRAY[$2::uuid, $3::uuid], now())`,
      [exp.id, ids.t1, id],
    );
    await db().query(`INSERT INTO interactions (query_id, track_id, type, position) VALUES ('6f1c2a4e-0000-4000-8000-0000000000aa', $1, 'CLICK', 2)`, [id]);
    await db().query(`INSERT INTO jobs (kind, dedupe_key, payload) VALUES ('llm-description', $1, jsonb_build_object('trackId', $1::text))`, [id]);
    await db().query(`INSERT INTO llm_cache (prompt_hash, model, prompt_version, response) VALUES ('hash-t3', 'm', 'v', '{}')`);
    await db().query(`INSERT INTO descriptions (track_id, source, text, provenance) VALUES ($1, 'llm', 'noisy texture', '{"promptHash": "hash-t3"}')`, [id]);

    const del = `mutation($id: ID!) { deleteTrack(id: $id) { deleted trackId descriptions jobs interactionsAnonymised exposuresAnonymised } }`;
    const r = await t.post(del, { token: key, variables: { id: "t3.wav" } });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.deleteTrack).toEqual({ deleted: true, trackId: id, descriptions: 1, jobs: 1, interactionsAnonymised: 1, exposuresAnonymised: 1 });
    expect((await t.post(del, { token: key, variables: { id } })).body.data!.deleteTrack).toMatchObject({ deleted: false, trackId: null });

    expect(code(await t.post(`query($id: ID!) { track(id: $id) { id } }`, { token: key, variables: { id } }))).toBe("NOT_FOUND");
    expect((await fetch(`${t.server.url}${audioUrl}`)).status).toBe(404);
    const count = async (sql: string) => Number((await db().query<{ n: string }>(sql, [id]))[0].n);
    expect(await count(`SELECT count(*) AS n FROM embeddings WHERE track_id = $1`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM descriptions WHERE track_id = $1`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM jobs WHERE payload->>'trackId' = $1`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM interactions WHERE track_id = $1`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM exposures WHERE track_ids @> ARRAY[$1::uuid]`)).toBe(0);
    expect((await db().query(`SELECT 1 FROM llm_cache WHERE prompt_hash = 'hash-t3'`)).length).toBe(0);
    const [kept] = await db().query<{ track_ids: string[] }>(`SELECT track_ids FROM exposures WHERE experiment_id = $1`, [exp.id]);
    expect(kept.track_ids).toEqual([ids.t1, DELETED_TRACK_ID]);
    const [click] = await db().query<{ track_id: string | null; position: number }>(`SELECT track_id, position FROM interactions WHERE query_id = '6f1c2a4e-0000-4000-8000-0000000000aa'`);
    expect(click).toEqual({ track_id: null, position: 2 });

    const left = await t.post(`{ tracks(first: 10) { totalCount } searchTracks(text: "noise", first: 10, ranking: { signal: AUDIO }) { edges { node { id } } } }`, { token: key });
    expect(left.body.data!.tracks.totalCount).toBe(2);
    expect(left.body.data!.searchTracks.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
  });

  it("needs the ingest scope to change a catalog", async () => {
    const searchOnly = await t.createKey(["search"], { catalogs: ["alpha"] });
    expect(code(await t.post(`mutation($id: ID!) { deleteTrack(id: $id) { deleted } }`, { token: searchOnly, variables: { id: ids.t1 } }))).toBe("FORBIDDEN");
    expect(code(await t.post(describeQ, { token: searchOnly, variables: { id: ids.t1, t: "calm" } }))).toBe("FORBIDDEN");
    // the operator's token works on any catalog
    expect((await t.post(describeQ, { token: ADMIN, variables: { id: ids.t1, t: "calm organ" } })).body.errors).toBeUndefined();
  });
});
