import { randomUUID } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { MIGRATIONS_DIR, migrate } from "../../src/db/migrator.ts";
import { BenchRepository } from "../../src/db/repositories/bench.repository.ts";
import { catalogIndexName, catalogLiteral } from "../../src/db/repositories/catalog-index.repository.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { ModelRepository, type ModelRecord } from "../../src/db/repositories/model.repository.ts";
import { SearchRepository, type VectorQuery } from "../../src/db/repositories/search.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { mulberry32 } from "../../src/util/random.ts";
import { CatalogIndexService } from "../../src/services/catalog-index.service.ts";
import { InvalidInputError } from "../../src/services/errors.ts";
import { backends, withVectorIndex } from "../helpers/databases.ts";

const DIMS = 8;
const CATALOGS = ["acme", "globex", "initech"] as const;
/** acme is the small tenant (10 %): a global index finds few of its tracks among its neighbours */
const SHARES = [0.1, 0.45, 0.45];
const TRACKS = 3000;

function randomUnit(rand: () => number): Float32Array {
  const v = Float32Array.from({ length: DIMS }, () => rand() * 2 - 1);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const newTrack = (catalog: string, hash: string) => ({
  catalog, externalId: hash, title: hash, artist: null, album: null,
  durationSeconds: 1, sourceFile: null, contentHash: hash, metadata: {},
});

async function catalogOf(db: Database, trackId: string): Promise<string[]> {
  const rows = await db.query<{ catalog: string }>(`SELECT catalog FROM embeddings WHERE track_id = $1 ORDER BY model_id, kind`, [trackId]);
  return rows.map((r) => r.catalog);
}

describe("catalog names for per-catalog indexes", () => {
  it("accepts plain names and refuses anything that could leave a SQL literal", () => {
    expect(catalogLiteral("acme")).toBe("'acme'");
    expect(catalogLiteral("label-2024.v1:eu_west")).toBe("'label-2024.v1:eu_west'");
    for (const bad of ["", "a'b", "a'; DROP TABLE tracks; --", "x y", "-lead", "ü", "a\\b", "a$$b", "x".repeat(101), "a\nb"]) {
      expect(() => catalogLiteral(bad), bad).toThrow(/cannot be indexed/);
    }
  });

  it("names indexes deterministically, under Postgres's 63 characters", () => {
    const long = "c".repeat(100);
    const name = catalogIndexName(2_147_483_647, "description", long, "halfvec");
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^embeddings_hnsw_m2147483647_description_c[0-9a-f]{12}_half$/);
    expect(catalogIndexName(1, "audio", "acme", "vector")).toBe(catalogIndexName(1, "audio", "acme", "vector"));
    expect(catalogIndexName(1, "audio", "acme", "vector")).not.toBe(catalogIndexName(1, "audio", "acmf", "vector"));
  });

  it("reads TUNELENS_CATALOG_INDEX_MIN_TRACKS into Config (off by default)", () => {
    const minTracks = (env: Record<string, string>) => loadConfig(env).catalogIndexMinTracks;
    expect(minTracks({})).toBeNull();
    expect(minTracks({ TUNELENS_CATALOG_INDEX_MIN_TRACKS: "0" })).toBeNull();
    expect(minTracks({ TUNELENS_CATALOG_INDEX_MIN_TRACKS: "5000" })).toBe(5000);
    expect(() => minTracks({ TUNELENS_CATALOG_INDEX_MIN_TRACKS: "many" })).toThrow(/positive integer/);
    expect(() => minTracks({ TUNELENS_CATALOG_INDEX_MIN_TRACKS: "-3" })).toThrow(/positive integer/);
  });
});

describe("migration 007 backfills embeddings.catalog", () => {
  it("copies the track's catalog onto embeddings stored before it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tunelens-mig-"));
    const db = await openDatabase({ migrate: false });
    try {
      for (const f of ["001_initial.sql", "002_experiments.sql", "003_jobs.sql", "004_api_keys.sql", "005_labels.sql", "006_soft_genre_jobs.sql"]) {
        await cp(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
      }
      await migrate(db, dir);
      const [model] = await db.query<{ id: number }>(`INSERT INTO models (version, name, dimensions) VALUES ('old', 'old', 2) RETURNING id`);
      const [track] = await db.query<{ id: string }>(`INSERT INTO tracks (catalog, content_hash) VALUES ('legacy', 'h') RETURNING id`);
      await db.query(`INSERT INTO embeddings (track_id, model_id, kind, embedding) VALUES ($1, $2, 'audio', '[1,0]')`, [track.id, model.id]);
      expect((await migrate(db)).applied).toContain("007_embedding_catalog.sql");
      expect(await catalogOf(db, track.id)).toEqual(["legacy"]);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(backends())("per-catalog HNSW indexes on $name", (backend) => {
  let db: Database;
  let model: ModelRecord;
  const ids: Record<string, string[]> = { acme: [], globex: [], initech: [] };
  const rand = mulberry32(8);

  beforeAll(async () => {
    db = await backend.open();
    const models = new ModelRepository(db);
    model = await models.register({ version: "cat-m1", name: "cat", dimensions: DIMS, metrics: {} });
    await db.transaction((tx) => new ModelRepository(tx).activate(model.id));
    await models.ensureVectorIndexes(model);
    // bulk load through the bench's writer (it names no catalog on embeddings: the trigger fills it)
    const rows = Array.from({ length: TRACKS }, (_, i) => {
      const catalog = i < TRACKS * SHARES[0] ? CATALOGS[0] : i % 2 ? CATALOGS[1] : CATALOGS[2];
      const id = randomUUID();
      ids[catalog].push(id);
      return { id, externalId: `x${i}`, catalog, metadata: {}, audio: randomUnit(rand), description: randomUnit(rand) };
    });
    await new BenchRepository(db).insertBatch(model, rows);
    await new BenchRepository(db).analyze();
  }, 120_000);
  afterAll(() => backend.dispose());

  it("keeps embeddings.catalog equal to the track's on insert, on a forged value and on a catalog change", async () => {
    const tracks = new TrackRepository(db);
    const embeddings = new EmbeddingRepository(db);
    const { record } = await tracks.insert(newTrack("moving", `sync-${backend.name}`));
    await embeddings.upsert(record.id, model.id, "audio", randomUnit(rand));
    expect(await catalogOf(db, record.id)).toEqual(["moving"]);

    // a writer naming another catalog is overruled by the track's
    await db.query(`UPDATE embeddings SET catalog = 'forged' WHERE track_id = $1`, [record.id]);
    await db.query(
      `INSERT INTO embeddings (track_id, model_id, kind, embedding, catalog) VALUES ($1, $2, 'description', $3::vector, 'forged')`,
      [record.id, model.id, `[${Array.from(randomUnit(rand)).join(",")}]`],
    );
    expect(await catalogOf(db, record.id)).toEqual(["moving", "moving"]);

    await db.query(`UPDATE tracks SET catalog = 'moved' WHERE id = $1`, [record.id]);
    expect(await catalogOf(db, record.id)).toEqual(["moved", "moved"]);
    // re-embedding (upsert of the vector only) keeps it
    await embeddings.upsert(record.id, model.id, "audio", randomUnit(rand));
    expect(await catalogOf(db, record.id)).toEqual(["moved", "moved"]);
    await db.query(`DELETE FROM tracks WHERE id = $1`, [record.id]);

    const [{ n }] = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM embeddings e JOIN tracks t ON t.id = e.track_id WHERE e.catalog <> t.catalog`,
    );
    expect(Number(n)).toBe(0);
  });

  it("refuses to index or drop a catalog whose name is not a plain name", async () => {
    const svc = new CatalogIndexService(db);
    await expect(svc.create("acme'; DROP TABLE tracks; --")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(svc.create("two words")).rejects.toThrow(/cannot be indexed/);
    await expect(svc.drop("a'b")).rejects.toBeInstanceOf(InvalidInputError);
    await expect(svc.drop("never-indexed")).rejects.toThrow(/no per-catalog indexes/);
    expect(await svc.list()).toEqual([]);
  });

  it("answers a one-catalog search the same with its partial index, and the plan uses that index", async () => {
    const search = new SearchRepository(db);
    // one signal: its top 10 are exactly the exact top 10 (fused answers re-score the union of two
    // candidate lists, so they can differ from a brute-force fused ranking by design)
    const query = (vector: Float32Array, catalogs: string[], signal: "audio" | "description" = "audio"): VectorQuery => ({
      model, audioVector: signal === "audio" ? vector : null, descriptionVector: signal === "description" ? vector : null,
      signal, alpha: 1, limit: 10, excludeTrackIds: [], filter: { catalogs },
    });
    const probes = Array.from({ length: 5 }, () => randomUnit(rand));
    const exact = async (v: Float32Array) => {
      const rows = await db.query<{ track_id: string }>(
        `SELECT track_id FROM embeddings WHERE model_id = $1 AND kind = 'audio' AND catalog = 'acme'
          ORDER BY embedding::vector(${DIMS}) <=> $2::vector(${DIMS}), track_id LIMIT 10`,
        [model.id, `[${Array.from(v).join(",")}]`],
      );
      return rows.map((r) => r.track_id);
    };
    const before = await Promise.all(probes.map((v) => search.nearest(query(v, ["acme"]))));

    const svc = new CatalogIndexService(db);
    const names = await svc.create("acme");
    expect(names.sort()).toEqual([catalogIndexName(model.id, "audio", "acme", "vector"), catalogIndexName(model.id, "description", "acme", "vector")].sort());
    expect(await svc.create("acme")).toEqual(names); // idempotent

    const listed = await svc.list();
    expect(listed.map((r) => [r.catalog, r.kind, r.exists, r.rows])).toEqual([
      ["acme", "audio", true, ids.acme.length],
      ["acme", "description", true, ids.acme.length],
    ]);
    expect(listed.every((r) => (r.bytes ?? 0) > 0)).toBe(true);

    for (const [i, v] of probes.entries()) {
      const after = await search.nearest(query(v, ["acme"]));
      expect(after.map((h) => h.trackId)).toEqual(before[i].map((h) => h.trackId));
      expect(after.map((h) => h.trackId)).toEqual(await exact(v));
      expect(after.every((h) => ids.acme.includes(h.trackId))).toBe(true);
    }

    const plan = [
      ...(await search.explain(query(probes[0], ["acme"]), { seqscan: false })),
      ...(await search.explain(query(probes[0], ["acme"], "description"), { seqscan: false })),
    ].join("\n");
    const audioIndex = catalogIndexName(model.id, "audio", "acme", "vector");
    const descriptionIndex = catalogIndexName(model.id, "description", "acme", "vector");
    // the bound catalog lets the planner prove the partial predicate: node-pg's and PGlite's unnamed
    // statements get a custom plan with the value folded in (`catalog = 'acme'::text` in the plan)
    expect(plan).toContain(audioIndex);
    expect(plan).toContain(descriptionIndex);
    // two catalogs: the global index, as before
    const both = (await search.explain(query(probes[0], ["acme", "globex"]), { seqscan: false })).join("\n");
    expect(both).not.toContain(audioIndex);
    expect(both).toContain(`embeddings_hnsw_m${model.id}_audio`);
  });

  it("builds a registered catalog's indexes for a model added later, and drops them for every model", async () => {
    const models = new ModelRepository(db);
    const later = await models.register({ version: "cat-m2", name: "cat", dimensions: 4, metrics: {} });
    await models.ensureVectorIndexes(later);
    const svc = new CatalogIndexService(db);
    const listed = await svc.list();
    expect(listed.filter((r) => r.modelId === later.id).map((r) => [r.catalog, r.kind, r.exists])).toEqual([
      ["acme", "audio", true],
      ["acme", "description", true],
    ]);

    const dropped = await svc.drop("acme");
    expect(dropped).toHaveLength(4);
    expect(await svc.list()).toEqual([]);
    const left = await db.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' AND indexname LIKE '%\\_c%'`);
    expect(left).toEqual([]);
  });

  it("builds halfvec per-catalog indexes under TUNELENS_VECTOR_INDEX=halfvec, and searches use them", async () => {
    // the database as a process started with TUNELENS_VECTOR_INDEX=halfvec opens it
    const half = withVectorIndex(db, loadConfig({ TUNELENS_VECTOR_INDEX: "halfvec" }).vectorIndex);
    await new ModelRepository(half).ensureVectorIndexes(model); // the global halfvec indexes
    const svc = new CatalogIndexService(half);
    const names = await svc.create("initech");
    expect(names.every((n) => n.endsWith("_half"))).toBe(true);
    const plan = (
      await new SearchRepository(half).explain(
        { model, audioVector: randomUnit(rand), descriptionVector: null, signal: "audio", alpha: 1, limit: 10, excludeTrackIds: [], filter: { catalogs: ["initech"] } },
        { seqscan: false },
      )
    ).join("\n");
    expect(plan).toContain(catalogIndexName(model.id, "audio", "initech", "halfvec"));
    expect((await svc.drop("initech")).sort()).toEqual([...names].sort());
  }, 120_000);

  it("indexes catalogs past TUNELENS_CATALOG_INDEX_MIN_TRACKS automatically, only when asked", async () => {
    const svc = new CatalogIndexService(db);
    expect(await svc.autoCreate(null)).toEqual([]);
    // acme has 300 tracks, the others 1,350
    expect((await svc.autoCreate(1000)).sort()).toEqual(["globex", "initech"]);
    expect(await svc.autoCreate(1000)).toEqual([]); // already indexed
    for (const c of ["globex", "initech"]) await svc.drop(c);
  }, 120_000);
});
