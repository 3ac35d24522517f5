// The search statement carries its own HNSW settings (one round trip per candidate pool): they
// take effect inside the statement and end with it, leaving the pooled session untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { PgDatabase } from "../../src/db/pg-database.ts";
import { isReadOnlyStatement } from "../../src/db/connection-loss.ts";
import { SearchRepository } from "../../src/db/repositories/search.repository.ts";
import type { ModelRecord } from "../../src/db/repositories/model.repository.ts";
import { backends } from "../helpers/databases.ts";
import { randomUnit, seedVectorCatalogBulk, type CatalogTrack } from "../experiments/vector-catalog.ts";
import { seededRandom } from "../../src/util/random.ts";

describe.each(backends())("search statement settings on $name", (backend) => {
  let db: Database;
  /** one connection, so that a setting leaking out of the statement would be seen by the next */
  let session: Database;
  let model: ModelRecord;
  let tracks: CatalogTrack[];

  beforeAll(async () => {
    db = await backend.open();
    ({ model, tracks } = await seedVectorCatalogBulk(db, { n: 1500, dims: 8, seed: "statement" }));
    if (db.kind === "postgres") {
      const [{ name }] = await db.query<{ name: string }>("SELECT current_database() AS name");
      session = await PgDatabase.open(`${process.env.TUNELENS_TEST_DATABASE_URL!.replace(/\/[^/]*$/, "")}/${name}`, { max: 1 });
    } else {
      session = db;
    }
    // index scans even on this small table: the point is what the HNSW scan is told
    await session.query("SET enable_seqscan = off");
    // loads pgvector into this session, which defines its settings (hnsw.*) with their defaults
    await session.query("SELECT '[1,2]'::vector");
  }, 180_000);
  afterAll(async () => {
    await session?.query("RESET enable_seqscan");
    if (session && session !== db) await session.close();
    await backend.dispose();
  });

  it("a pool deeper than pgvector's default ef_search (40) is filled, and the settings do not outlive the statement", async () => {
    const before = await session.query<{ ef: string; it: string }>("SELECT current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS it");
    const search = new SearchRepository(session);
    const q = randomUnit(seededRandom("q"), 8);
    const pool = await search.pool({ model, source: { kind: "vectors", audioVector: q, descriptionVector: null }, signal: "audio", alpha: 1, depth: 300 });
    expect(pool.rows).toHaveLength(300);
    const after = await session.query<{ ef: string; it: string }>("SELECT current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS it");
    expect(after).toEqual(before);
    expect(before[0].ef).toBe("40");
  });

  it("a track source is read inside the statement; an unknown one answers no source", async () => {
    const search = new SearchRepository(session);
    const byExternal = await search.pool({ model, source: { kind: "track", key: "t7" }, signal: "fused", alpha: 0.5, depth: 20 });
    expect(byExternal.source).toMatchObject({ id: tracks[7].id, embedded: true });
    // its own vectors come back with it (the relevance post-step compares with them)
    expect(Array.from(byExternal.source!.audio!)).toEqual(Array.from(tracks[7].audio).map((x) => expect.closeTo(x, 5)));
    expect(Array.from(byExternal.source!.description!)).toEqual(Array.from(tracks[7].description).map((x) => expect.closeTo(x, 5)));
    // a caller's catalog scope is part of the lookup: a track outside it is no source at all
    const inScope = await search.pool({ model, source: { kind: "track", key: "t7", catalogs: ["main"] }, signal: "fused", alpha: 0.5, depth: 20 });
    expect(inScope.source?.id).toBe(tracks[7].id);
    const foreign = await search.pool({ model, source: { kind: "track", key: "t7", catalogs: ["special"] }, signal: "fused", alpha: 0.5, depth: 20 });
    expect(foreign).toEqual({ source: null, rows: [] });
    expect(byExternal.rows.length).toBeGreaterThanOrEqual(20);
    expect(byExternal.rows.map((r) => r.trackId)).not.toContain(tracks[7].id);
    const missing = await search.pool({ model, source: { kind: "track", key: "no-such-track" }, signal: "fused", alpha: 0.5, depth: 20 });
    expect(missing).toEqual({ source: null, rows: [] });
  });

  it("is retried after a lost connection like any read: statement-local settings do not count as writes", () => {
    expect(isReadOnlyStatement("WITH settings AS MATERIALIZED (SELECT set_config('hnsw.ef_search', '128', true) AS ef) SELECT 1")).toBe(true);
    expect(isReadOnlyStatement("SELECT set_config('hnsw.ef_search', '128', false)")).toBe(false);
  });
});
