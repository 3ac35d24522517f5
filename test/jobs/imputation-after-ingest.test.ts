// Issue #20 item 5: "imputation runs automatically after ingest when a field is missing". An
// ingest through the server queues one debounced imputation sweep per catalog; once the catalog
// has been quiet for TUNELENS_IMPUTE_AFTER_INGEST_SECONDS it imputes the tracks that lack a
// field, from neighbours of the same catalog, and the filters see the imputed values.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPUTED_FIELDS, knownValue } from "../../src/ingest/imputation.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { ADMIN, serverBackends, startTestServer } from "../tenants/server-fixture.ts";
import { writeShortClipCorpus } from "./short-clips.ts";

describe.each(serverBackends())("imputation after ingest (%s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    t = await startTestServer(backend, { TUNELENS_IN_PROCESS_WORKER: "on", TUNELENS_IMPUTE_AFTER_INGEST_SECONDS: "1" });
  }, 600_000);
  afterAll(() => t?.stop());

  const ingest = async (dir: string, catalog: string) => {
    const r = await t.post(`mutation($p: String!, $c: String) { ingestTracks(path: $p, catalog: $c) { id } }`, { token: ADMIN, variables: { p: dir, c: catalog } });
    expect(r.body.errors).toBeUndefined();
    for (;;) {
      const s = await t.post(`query($id: ID!) { ingestJob(id: $id) { status } }`, { token: ADMIN, variables: { id: r.body.data!.ingestTracks.id } });
      if (s.body.data!.ingestJob.status === "SUCCEEDED") return;
      expect(s.body.data!.ingestJob.status).not.toBe("FAILED");
      await new Promise((res) => setTimeout(res, 200));
    }
  };

  it("imputes the new tracks' missing genre and mood once the catalog's ingest settles, and filters use them", async () => {
    const a = path.join(tempDir("tunelens-auto-a-"), "alpha");
    writeShortClipCorpus(a, 6, 1.5, (i) => (i % 2 === 0 ? { genre: "jazz", mood: "calm" } : {}));
    const b = path.join(tempDir("tunelens-auto-b-"), "beta");
    writeShortClipCorpus(b, 4, 1.5, () => ({ genre: "polka", mood: "dark" }));
    await ingest(a, "alpha");
    await ingest(b, "beta");
    const db = t.server.opened.db;
    const imputed = () =>
      db.query<{ genre: string | null; mood: string | null }>(
        `SELECT metadata->'imputed'->'genre'->>'value' AS genre, metadata->'imputed'->'mood'->>'value' AS mood
           FROM tracks WHERE catalog = 'alpha' AND metadata->'genre' IS NULL ORDER BY seq`,
      );
    for (let i = 0; i < 1500 && (await imputed()).some((r) => r.genre === null); i++) await new Promise((res) => setTimeout(res, 200));
    expect(await imputed()).toEqual([{ genre: "jazz", mood: "calm" }, { genre: "jazz", mood: "calm" }, { genre: "jazz", mood: "calm" }]);
    // one sweep per catalog, outside the ingest requests; tracks that knew every field got no imputation job
    const sweeps = await db.query<{ dedupe_key: string; request_id: string | null }>(`SELECT dedupe_key, request_id FROM jobs WHERE kind = 'imputation-sweep' ORDER BY dedupe_key`);
    expect(sweeps).toEqual([{ dedupe_key: "catalog:alpha", request_id: null }, { dedupe_key: "catalog:beta", request_id: null }]);
    // (short clips may have no tempo estimate: a missing bpm also counts as a missing field)
    const alphaTracks = await db.query<{ id: string; metadata: Record<string, unknown>; job: string | null }>(
      `SELECT t.id, t.metadata, j.id AS job FROM tracks t LEFT JOIN jobs j ON j.kind = 'imputation' AND j.payload->>'trackId' = t.id::text WHERE t.catalog = 'alpha'`,
    );
    expect(alphaTracks).toHaveLength(6);
    for (const x of alphaTracks) expect(x.job !== null).toBe(IMPUTED_FIELDS.some((f) => knownValue(x.metadata, f) === null));
    // the genre filter counts imputed genres unless excludeImputed says otherwise
    const search = async (excludeImputed: boolean) => {
      const r = await t.post(
        `query($f: SearchFilterInput) { searchTracks(text: "music", first: 20, filter: $f, queryConstraints: false) { edges { node { id } } } }`,
        { token: ADMIN, variables: { f: { catalogs: ["alpha"], genres: ["jazz"], excludeImputed } } },
      );
      expect(r.body.errors).toBeUndefined();
      return r.body.data!.searchTracks.edges.length as number;
    };
    expect(await search(false)).toBe(6);
    expect(await search(true)).toBe(3);
  }, 900_000);

  // Track.genre / Track.mood serve the imputed value with its provenance where the track states
  // none, its own value otherwise; the genres/moods filters (and excludeImputed) agree with them.
  // Runs after the test above, on the catalog it imputed.
  const labelled = async (field: "genres" | "moods", value: string, excludeImputed: boolean) => {
    const r = await t.post(
      `query($f: SearchFilterInput) { searchTracks(text: "music", first: 20, filter: $f, queryConstraints: false) {
         edges { node { id genre { value source confidence neighbours } mood { value source confidence neighbours } } } } }`,
      { token: ADMIN, variables: { f: { catalogs: ["alpha"], [field]: [value], excludeImputed } } },
    );
    expect(r.body.errors).toBeUndefined();
    type Label = { value: string; source: string; confidence: number | null; neighbours: string[] } | null;
    return (r.body.data!.searchTracks.edges as Array<{ node: { id: string; genre: Label; mood: Label } }>).map((e) => e.node);
  };

  it("Track.genre and Track.mood show the imputed value with confidence and neighbours only where the track has none, as the filters count it", async () => {
    const db = t.server.opened.db;
    const alphaIds = new Set((await db.query<{ id: string }>(`SELECT id FROM tracks WHERE catalog = 'alpha'`)).map((r) => r.id));
    const all = await labelled("genres", "jazz", false);
    expect(all).toHaveLength(6);
    const imputedNodes = all.filter((n) => n.genre?.source === "IMPUTED");
    expect(imputedNodes).toHaveLength(3);
    for (const n of all) {
      expect(n.genre?.value).toBe("jazz");
      expect(n.mood?.value).toBe("calm");
      expect(n.mood?.source).toBe(n.genre?.source);
      if (n.genre?.source === "IMPUTED") {
        const stored = (await db.query<{ c: number; nb: string[] }>(`SELECT (metadata->'imputed'->'genre'->>'confidence')::float8 AS c, ARRAY(SELECT jsonb_array_elements_text(metadata->'imputed'->'genre'->'neighbours')) AS nb FROM tracks WHERE id = $1`, [n.id]))[0];
        expect(n.genre.confidence).toBe(stored.c);
        expect(n.genre.confidence).toBeGreaterThan(0);
        expect(n.genre.neighbours).toEqual(stored.nb);
        expect(n.genre.neighbours.length).toBeGreaterThan(0);
        // voters come from the track's own catalog and are not the track itself
        for (const id of n.genre.neighbours) expect(alphaIds.has(id) && id !== n.id).toBe(true);
      } else {
        expect(n.genre).toEqual({ value: "jazz", source: "CATALOG", confidence: null, neighbours: [] });
      }
    }
    // excludeImputed drops exactly the tracks whose genre (mood) the field marks IMPUTED
    const stated = (await labelled("genres", "jazz", true)).map((n) => n.id).sort();
    expect(stated).toEqual(all.filter((n) => n.genre?.source !== "IMPUTED").map((n) => n.id).sort());
    const statedMood = (await labelled("moods", "calm", true)).map((n) => n.id).sort();
    expect(statedMood).toEqual(stated);

    // a track that gets its own genre and mood after imputation (here: an operator's correction
    // written to the catalog keys) shows them, not the leftover imputed ones, and no filter counts those
    const corrected = imputedNodes[0].id;
    await db.query(`UPDATE tracks SET metadata = metadata || '{"genre": "polka", "mood": "dark"}'::jsonb WHERE id = $1`, [corrected]);
    expect((await db.query<{ v: string }>(`SELECT metadata->'imputed'->'genre'->>'value' AS v FROM tracks WHERE id = $1`, [corrected]))[0].v).toBe("jazz");
    const polka = await labelled("genres", "polka", false);
    expect(polka.map((n) => [n.id, n.genre, n.mood?.source])).toEqual([[corrected, { value: "polka", source: "CATALOG", confidence: null, neighbours: [] }, "CATALOG"]]);
    expect((await labelled("genres", "jazz", false)).map((n) => n.id)).not.toContain(corrected);
    expect((await labelled("moods", "calm", false)).map((n) => n.id)).not.toContain(corrected);
    expect(await labelled("genres", "jazz", false)).toHaveLength(5);
  }, 300_000);
});
