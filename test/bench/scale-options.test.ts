// Scale options on a real PostgreSQL server: the read-replica pool (DATABASE_READ_URL) answers
// searches and refuses writes; TUNELENS_VECTOR_INDEX=halfvec builds a halfvec HNSW index that the
// search statement uses. Real: Postgres + pgvector, repositories, the tiny ONNX model.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { openReadReplica } from "../../src/db/read-replica.ts";
import { ModelRepository } from "../../src/db/repositories/model.repository.ts";
import { SearchService } from "../../src/services/search.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { tinyModelCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";

const serverUrl = process.env.TUNELENS_TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("scale options on PostgreSQL", () => {
  const name = `tunelens_t_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  let url: string;
  let primary: Database;
  let replica: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    primary = await openDatabase({ url });
    ({ runtime, tracks } = await tinyModelCatalog(primary, { n: 300, seed: "replica" }));
    replica = await openReadReplica(url);
  }, 120_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await replica?.close();
    await primary?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("the read-only pool answers text and track searches", async () => {
    const search = new SearchService(replica, runtime);
    const byTrack = await search.similarTracks(tracks[0].id, { first: 5 });
    expect(byTrack.hits).toHaveLength(5);
    const byText = await search.searchByText("calm piano", { first: 5 });
    expect(byText.hits).toHaveLength(5);
  });

  it("refuses writes, so a write routed to the replica pool fails loudly", async () => {
    await expect(replica.query(`UPDATE tracks SET title = 'x' WHERE id = $1`, [tracks[0].id])).rejects.toThrow(/read-only/);
    await expect(replica.transaction((tx) => tx.query(`DELETE FROM tracks`))).rejects.toThrow(/read-only/);
    // the primary still writes
    await primary.query(`UPDATE tracks SET title = 'x' WHERE id = $1`, [tracks[0].id]);
  });

  it("TUNELENS_VECTOR_INDEX=halfvec builds a halfvec HNSW index and searches use it", async () => {
    expect(() => loadConfig({ TUNELENS_VECTOR_INDEX: "float8" })).toThrow(/vector or halfvec/);
    // a second handle on the same database, opened as a server configured with halfvec would be
    const half = await openDatabase({ url, vectorIndex: loadConfig({ TUNELENS_VECTOR_INDEX: "halfvec" }).vectorIndex });
    try {
      await halfvecIndexIsBuiltAndUsed(half);
    } finally {
      await half.close();
    }
  });

  async function halfvecIndexIsBuiltAndUsed(half: Database): Promise<void> {
    await new ModelRepository(half).ensureVectorIndexes(runtime.model);
    const rows = await primary.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'embeddings' AND indexdef ILIKE '%halfvec_cosine_ops%'`,
    );
    expect(rows.map((r) => r.indexname).sort()).toEqual([`embeddings_hnsw_m${runtime.model.id}_audio_half`, `embeddings_hnsw_m${runtime.model.id}_description_half`]);
    // built with the served graph parameters (docs/performance.md chose them), not pgvector's defaults
    for (const r of rows) expect(r.indexdef).toMatch(/m='?16'?, ef_construction='?128'?/);
    // the float index gone, the halfvec one must answer (and answers agree with the float ranking's top hit)
    const before = await new SearchService(half, runtime).similarTracks(tracks[1].id, { first: 5 }, { signal: "audio", alpha: 1 });
    await primary.query(`DROP INDEX embeddings_hnsw_m${runtime.model.id}_audio`);
    const after = await new SearchService(half, runtime).similarTracks(tracks[1].id, { first: 5 }, { signal: "audio", alpha: 1 });
    expect(after.hits).toHaveLength(5);
    expect(after.hits[0].trackId).toBe(before.hits[0].trackId);
    const m = runtime.model;
    const plan = await primary.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`);
      return tx.query<Record<string, string>>(
        `EXPLAIN SELECT track_id FROM embeddings WHERE model_id = ${m.id} AND kind = 'audio'
          ORDER BY embedding::halfvec(${m.dimensions}) <=> $1::halfvec(${m.dimensions}) LIMIT 5`,
        [`[${Array.from(tracks[1].audio).join(",")}]`],
      );
    });
    expect(plan.map((r) => Object.values(r).join(" ")).join("\n")).toMatch(/_audio_half/);
  }
});
