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
});
