// Admin work through the running server (issue #19 item 4) on both back ends: imputeCatalog,
// alignLabels, computeSoftGenres, buildCatalogIndex and autoBuildCatalogIndexes queue tasks the
// server's own worker runs, adminTask follows them, labelClusters and catalogIndexes read what they
// made, and all of it needs the catalog:admin scope (and a tenant's key stays in its catalogs).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { ADMIN, code, serverBackends, startTestServer } from "../tenants/server-fixture.ts";
import { writeShortClipCorpus } from "./short-clips.ts";

const TASK = "id kind catalog status total processed failed error summary";

describe.each(serverBackends())("admin tasks through the server (%s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  const alpha: string[] = [];

  beforeAll(async () => {
    // the server's worker runs the tasks, as `serve` does on the embedded database
    t = await startTestServer(backend, { TUNELENS_IN_PROCESS_WORKER: "on", TUNELENS_IMPUTE_AFTER_INGEST_SECONDS: "off" });
    const { db, runtime } = t.server.opened;
    // alpha: even clips say "jazz", odd clips say nothing; beta: every clip says "polka"
    const a = path.join(tempDir("tunelens-admin-a-"), "alpha");
    writeShortClipCorpus(a, 6, 1.5, (i) => (i % 2 === 0 ? { genre: "jazz", mood: "calm" } : {}));
    const b = path.join(tempDir("tunelens-admin-b-"), "beta");
    writeShortClipCorpus(b, 6, 1.5, () => ({ genre: "polka", mood: "dark" }));
    const ingest = new IngestService({ db, ...runtime });
    for (const r of (await ingest.ingestAll(await discoverCatalog(a, { catalog: "alpha" }))).results) alpha.push(r.trackId!);
    await ingest.ingestAll(await discoverCatalog(b, { catalog: "beta" }));
  }, 240_000);
  afterAll(() => t?.stop());

  const follow = async (id: string, token = ADMIN) => {
    for (let i = 0; i < 600; i++) {
      const r = await t.post(`query($id: ID!) { adminTask(id: $id) { ${TASK} } }`, { token, variables: { id } });
      expect(r.body.errors).toBeUndefined();
      const task = r.body.data!.adminTask;
      if (task.status === "SUCCEEDED" || task.status === "FAILED") return task;
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(`task ${id} did not finish`);
  };

  it("needs the catalog:admin scope: anonymous UNAUTHENTICATED, a search+ingest key FORBIDDEN", async () => {
    const mutation = `mutation { imputeCatalog(catalog: "alpha") { id } }`;
    expect(code(await t.post(mutation))).toBe("UNAUTHENTICATED");
    const plain = await t.createKey(["search", "ingest"]);
    expect(code(await t.post(mutation, { token: plain }))).toBe("FORBIDDEN");
    expect(code(await t.post(`mutation { alignLabels { id } }`, { token: plain }))).toBe("FORBIDDEN");
    expect(code(await t.post(`mutation { computeSoftGenres { id } }`, { token: plain }))).toBe("FORBIDDEN");
    expect(code(await t.post(`mutation { buildCatalogIndex(catalog: "alpha") { id } }`, { token: plain }))).toBe("FORBIDDEN");
    expect(code(await t.post(`mutation { autoBuildCatalogIndexes(minTracks: 1) { id } }`, { token: plain }))).toBe("FORBIDDEN");
    for (const query of [`{ labelClusters { model } }`, `{ catalogIndexes { catalog } }`]) {
      expect(code(await t.post(query))).toBe("UNAUTHENTICATED");
      expect(code(await t.post(query, { token: plain }))).toBe("FORBIDDEN");
    }
  });

  it("imputes a catalog from its own tracks only, idempotently, and shows the task's progress", async () => {
    const key = await t.createKey(["catalog:admin"], { catalogs: ["alpha"] });
    // a tenant's key names only its catalogs, and cannot align the clusters every catalog shares
    expect(code(await t.post(`mutation { imputeCatalog(catalog: "beta") { id } }`, { token: key }))).toBe("NOT_FOUND");
    expect(code(await t.post(`mutation { alignLabels { id } }`, { token: key }))).toBe("FORBIDDEN");
    const r = await t.post(`mutation { imputeCatalog { ${TASK} } }`, { token: key });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.imputeCatalog).toMatchObject({ kind: "IMPUTE", catalog: "alpha" });
    const done = await follow(r.body.data!.imputeCatalog.id, key);
    // its first job plus one imputation job per alpha track
    expect(done).toMatchObject({ status: "SUCCEEDED", total: 7, processed: 7, failed: 0, summary: "imputation queued for 6 tracks" });
    const rows = await t.server.opened.db.query<{ id: string; genre: string | null; mood: string | null }>(
      `SELECT id, metadata->'imputed'->'genre'->>'value' AS genre, metadata->'imputed'->'mood'->>'value' AS mood FROM tracks WHERE catalog = 'alpha'`,
    );
    const odd = rows.filter((x) => alpha.indexOf(x.id) % 2 === 1);
    expect(odd).toHaveLength(3);
    // the only alpha genre is jazz; beta's polka must not leak in
    for (const x of odd) expect([x.genre, x.mood]).toEqual(["jazz", "calm"]);
    // the other tenant's key does not see the task; an ingest request id is not a task
    const other = await t.createKey(["catalog:admin"], { catalogs: ["beta"] });
    expect(code(await t.post(`query($id: ID!) { adminTask(id: $id) { id } }`, { token: other, variables: { id: done.id } }))).toBe("NOT_FOUND");
    // a second run queues nothing new: every track has its imputation under this model
    const again = await t.post(`mutation { imputeCatalog(catalog: "alpha") { id } }`, { token: key });
    expect(await follow(again.body.data!.imputeCatalog.id, key)).toMatchObject({ status: "SUCCEEDED", total: 1 });
  }, 120_000);

  it("aligns labels, computes soft genres and builds a catalog's indexes as tasks", async () => {
    const key = await t.createKey(["catalog:admin"]);
    const align = await t.post(
      `mutation($v: [LabelVocabularyInput!]) { alignLabels(vocabularies: $v, threshold: 0.3) { id } }`,
      { token: key, variables: { v: [{ name: "tiny", kind: "mood", labels: ["calm", "peaceful", "angry"] }] } },
    );
    expect(align.body.errors).toBeUndefined();
    const aligned = await follow(align.body.data!.alignLabels.id, key);
    expect(aligned.status).toBe("SUCCEEDED");
    expect(aligned.summary).toMatch(/^3 labels from 1 vocabularies → \d clusters/);
    const [{ n }] = await t.server.opened.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM label_members`);
    expect(n).toBe(3);
    expect(code(await t.post(`mutation { alignLabels(threshold: 5) { id } }`, { token: key }))).toBe("BAD_USER_INPUT");
    // what `labels show` prints through the server; a tenant's key reads the shared clusters too
    const shown = await t.post(`{ labelClusters { model clusters { clusterId name threshold members { label vocabulary } } } }`, { token: key });
    expect(shown.body.errors).toBeUndefined();
    const { model, clusters } = shown.body.data!.labelClusters;
    expect(model).toBe(t.server.opened.runtime.model.version);
    expect(clusters.flatMap((c: { members: Array<{ label: string }> }) => c.members.map((m) => m.label)).sort()).toEqual(["angry", "calm", "peaceful"]);
    expect(clusters.every((c: { threshold: number }) => c.threshold === 0.3)).toBe(true);
    const tenant = await t.createKey(["catalog:admin"], { catalogs: ["alpha"] });
    const tenantShown = await t.post(`{ labelClusters { clusters { clusterId } } }`, { token: tenant });
    expect(tenantShown.body.data!.labelClusters.clusters).toHaveLength(clusters.length);

    const genres = await t.post(`mutation { computeSoftGenres(catalog: "beta") { id } }`, { token: key });
    expect(await follow(genres.body.data!.computeSoftGenres.id, key)).toMatchObject({ status: "SUCCEEDED", total: 2, summary: "soft genres queued for 6 tracks" });

    const index = await t.post(`mutation { buildCatalogIndex(catalog: "alpha") { id } }`, { token: key });
    expect(await follow(index.body.data!.buildCatalogIndex.id, key)).toMatchObject({ status: "SUCCEEDED", summary: "built 2 index(es) for catalog alpha" });
    // dropping what was never built fails for good, with the reason
    const drop = await t.post(`mutation { buildCatalogIndex(catalog: "beta", drop: true) { id } }`, { token: key });
    const failed = await follow(drop.body.data!.buildCatalogIndex.id, key);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/no per-catalog indexes/);
  }, 120_000);

  it("index auto as a task and the index list, each key seeing its catalogs only", async () => {
    const key = await t.createKey(["catalog:admin"]);
    const tenant = await t.createKey(["catalog:admin"], { catalogs: ["alpha"] });
    // index auto looks at every catalog: a tenant cannot run it
    expect(code(await t.post(`mutation { autoBuildCatalogIndexes(minTracks: 1) { id } }`, { token: tenant }))).toBe("FORBIDDEN");
    expect(code(await t.post(`mutation { autoBuildCatalogIndexes(minTracks: 0) { id } }`, { token: key }))).toBe("BAD_USER_INPUT");
    // alpha is built by the test above; beta (6 tracks) qualifies at 6 and not at 7
    const none = await t.post(`mutation { autoBuildCatalogIndexes(minTracks: 7) { ${TASK} } }`, { token: key });
    expect(none.body.data!.autoBuildCatalogIndexes).toMatchObject({ kind: "CATALOG_INDEX", catalog: null });
    expect(await follow(none.body.data!.autoBuildCatalogIndexes.id, key)).toMatchObject({ status: "SUCCEEDED", summary: "indexed 0 catalog(s) with at least 7 tracks" });
    const auto = await t.post(`mutation { autoBuildCatalogIndexes(minTracks: 6) { id } }`, { token: key });
    expect(await follow(auto.body.data!.autoBuildCatalogIndexes.id, key)).toMatchObject({ status: "SUCCEEDED", summary: "indexed 1 catalog(s) with at least 6 tracks: beta" });

    const list = `{ catalogIndexes { catalog modelVersion kind storage indexName exists bytes rows } }`;
    const all = await t.post(list, { token: key });
    expect(all.body.errors).toBeUndefined();
    const rows = all.body.data!.catalogIndexes as Array<{ catalog: string; exists: boolean; bytes: number | null; rows: number }>;
    expect([...new Set(rows.map((r) => r.catalog))].sort()).toEqual(["alpha", "beta"]);
    for (const r of rows) expect(r).toMatchObject({ exists: true, rows: 6 });
    for (const r of rows) expect(r.bytes).toBeGreaterThan(0);
    // a tenant's key lists its own catalog's indexes, not the other tenant's
    const mine = await t.post(list, { token: tenant });
    expect(mine.body.errors).toBeUndefined();
    const own = mine.body.data!.catalogIndexes as Array<{ catalog: string }>;
    expect(own.length).toBe(rows.length / 2);
    expect(own.every((r) => r.catalog === "alpha")).toBe(true);
  }, 120_000);
});
