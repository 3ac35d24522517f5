import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { MIGRATIONS_DIR, migrate, splitStatements } from "../../src/db/migrator.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { ModelRepository } from "../../src/db/repositories/model.repository.ts";
import { SearchRepository } from "../../src/db/repositories/search.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { DescriptionRepository } from "../../src/db/repositories/description.repository.ts";
import { backends } from "../helpers/databases.ts";

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const newTrack = (hash: string, externalId: string) => ({
  catalog: "test", externalId, title: `t ${hash}`, artist: null, album: null,
  durationSeconds: 1, sourceFile: null, contentHash: hash, metadata: {},
});

describe.each(backends())("storage on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.dispose());

  it("applies every migration once and is idempotent", async () => {
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["descriptions", "embeddings", "models", "schema_migrations", "tracks"]),
    );
  });

  it("checks a current schema with reads only, no transaction per migration (warm start)", async () => {
    let transactions = 0;
    const statements: string[] = [];
    const counting: Database = {
      kind: db.kind,
      vectorIndex: db.vectorIndex,
      query: (sql, params) => {
        statements.push(sql);
        return db.query(sql, params);
      },
      transaction: (fn) => {
        transactions++;
        return db.transaction(fn);
      },
      close: () => db.close(),
    };
    expect((await migrate(counting)).applied).toEqual([]);
    expect(transactions).toBe(0);
    expect(statements.every((s) => /^\s*SELECT/i.test(s))).toBe(true);
  });

  it("still applies a migration added to a current schema", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tunelens-migrations-"));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      writeFileSync(path.join(dir, "999_added_later.sql"), "CREATE TABLE added_later (id int PRIMARY KEY);");
      expect((await migrate(db, dir)).applied).toEqual(["999_added_later.sql"]);
      expect(await db.query("SELECT id FROM added_later")).toEqual([]);
      expect((await migrate(db, dir)).applied).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stores tracks once per content hash and rolls back a failed transaction", async () => {
    const tracks = new TrackRepository(db);
    const a = await tracks.insert(newTrack("h-a", "a"));
    const again = await tracks.insert({ ...newTrack("h-a", "a2") });
    expect(a.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.record.id).toBe(a.record.id);

    await expect(
      db.transaction(async (tx) => {
        await new TrackRepository(tx).insert(newTrack("h-rollback", "rb"));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await tracks.findByContentHash("h-rollback", "test")).toBeNull();
  });

  it("keeps one active model and finds nearest vectors through the partial HNSW index", async () => {
    const models = new ModelRepository(db);
    const m1 = await models.register({ version: "m1", name: "test", dimensions: 3, metrics: {} });
    const m2 = await models.register({ version: "m2", name: "test", dimensions: 4, metrics: {} });
    await db.transaction((tx) => new ModelRepository(tx).activate(m1.id));
    await db.transaction((tx) => new ModelRepository(tx).activate(m2.id));
    expect((await models.findActive())?.version).toBe("m2");
    await expect(models.register({ version: "m1", name: "test", dimensions: 5, metrics: {} })).rejects.toThrow(/3 dimensions/);
    await models.ensureVectorIndexes(m1);

    const tracks = new TrackRepository(db);
    const embeddings = new EmbeddingRepository(db);
    const ids: string[] = [];
    const vectors = [[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0, 1]];
    for (const [i, v] of vectors.entries()) {
      const { record } = await tracks.insert(newTrack(`v-${i}`, `v${i}`));
      ids.push(record.id);
      await embeddings.upsert(record.id, m1.id, "audio", unit(v));
    }
    // a vector of another model and dimension must not interfere
    await embeddings.upsert(ids[0], m2.id, "audio", unit([1, 1, 1, 1]));

    const search = new SearchRepository(db);
    const hits = await search.nearest({
      model: m1, audioVector: unit([1, 0.05, 0]), descriptionVector: null, signal: "audio", alpha: 1,
      limit: 3, excludeTrackIds: [ids[1]],
    });
    expect(hits.map((h) => h.trackId)).toEqual([ids[0], ids[2], ids[3]]);
    expect(hits[0].score).toBeGreaterThan(0.99);

    const plan = await db.transaction(async (tx) => {
      await tx.query("SET LOCAL enable_seqscan = off");
      const rows = await tx.query<Record<string, string>>(
        `EXPLAIN SELECT track_id FROM embeddings WHERE model_id = ${m1.id} AND kind = 'audio'
          ORDER BY embedding::vector(3) <=> '[1,0,0]'::vector(3) LIMIT 2`,
      );
      return rows.map((r) => Object.values(r)[0]).join("\n");
    });
    expect(plan).toContain(`embeddings_hnsw_m${m1.id}_audio`);
  });

  it("deduplicates descriptions per track and source", async () => {
    const { record } = await new TrackRepository(db).insert(newTrack("d-1", "d1"));
    const repo = new DescriptionRepository(db);
    const d = { source: "web" as const, text: "a slow waltz", provenance: { origin: "test" } };
    expect(await repo.insertMany(record.id, [d, d])).toBe(1);
    expect(await repo.insertMany(record.id, [d, { ...d, source: "user" as const }])).toBe(1);
    const [list] = await repo.findByTrackIds([record.id]);
    expect(list.map((x) => x.source).sort()).toEqual(["user", "web"]);
  });
});

describe("splitStatements", () => {
  it("drops comments and empty statements", () => {
    expect(splitStatements("-- a; comment\nCREATE TABLE a (x int);\n\n;SELECT 1")).toEqual(["CREATE TABLE a (x int)", "SELECT 1"]);
  });

  it("keeps dollar-quoted bodies and quoted semicolons whole (trigger functions, sql/007)", () => {
    const fn = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.x := 'a;b'; -- why;\n  RETURN NEW;\nEND\n$$";
    expect(splitStatements(`${fn};\nSELECT 'x;y';\nSELECT $t$ ; $t$`)).toEqual([fn, "SELECT 'x;y'", "SELECT $t$ ; $t$"]);
  });
});
