import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { ImputationRepository, type Neighbour } from "../../src/db/repositories/imputation.repository.ts";
import { ModelRepository, type ModelRecord } from "../../src/db/repositories/model.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { imputeField, knownValue } from "../../src/ingest/imputation.ts";
import { backends } from "../helpers/databases.ts";

const n = (trackId: string, similarity: number, metadata: Record<string, unknown>): Neighbour => ({
  trackId, metadata, similarity, audioSimilarity: similarity, metadataSimilarity: null,
});

describe("imputation vote", () => {
  it("takes the similarity-weighted majority among neighbours that know the field", () => {
    const out = imputeField("genre", [n("a", 0.9, { genre: "Jazz" }), n("b", 0.8, {}), n("c", 0.5, { genre: "rock" }), n("d", 0.45, { genre: "rock" })], 10);
    // rock has more voters but less similarity mass than jazz: 0.95 vs 0.9
    expect(out).toEqual({ field: "genre", value: "rock", confidence: 0.514, neighbours: ["a", "c", "d"] });
    const jazz = imputeField("genre", [n("a", 0.9, { genre: "Jazz" }), n("c", 0.5, { genre: "rock" }), n("d", 0.3, { genre: "rock" })], 10);
    expect(jazz?.value).toBe("jazz");
  });

  it("uses only the k nearest voters, the weighted median for bpm, and never imputed values", () => {
    expect(imputeField("mood", [n("a", 0.9, { mood: "calm" }), n("b", 0.8, { mood: "dark" }), n("c", 0.7, { mood: "dark" })], 1)?.value).toBe("calm");
    expect(imputeField("bpm", [n("a", 0.9, { bpm: 120 }), n("b", 0.5, { bpm: 90 }), n("c", 0.5, { bpm: 180 })], 10)?.value).toBe(120);
    expect(knownValue({ imputed: { genre: { value: "rock" } } }, "genre")).toBeNull();
    expect(knownValue({ llm: { genre: "unknown" }, web: { genre: ["House"] } }, "genre")).toBe("house");
    expect(knownValue({ audio: { bpm: 101.5 } }, "bpm")).toBe(101.5);
    expect(imputeField("genre", [n("a", 0.9, {})], 10)).toBeNull();
  });
});

describe.each(backends())("imputation neighbours on $name", (backend) => {
  let db: Database;
  let model: ModelRecord;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = await backend.open();
    model = await new ModelRepository(db).register({ version: "imputation-test", name: "t", dimensions: 2, metrics: {} });
    const vec = (x: number, y: number) => new Float32Array([x, y]);
    // "near-audio" sounds like the target; "near-text" is described like it.
    // "other-catalog" is identical to the target but belongs to another tenant's catalog.
    const rows: Array<[string, Float32Array, Float32Array | null, string]> = [
      ["target", vec(1, 0), vec(0, 1), "t"],
      ["near-audio", vec(0.99, 0.14), vec(1, 0), "t"],
      ["near-text", vec(0.6, 0.8), vec(0, 1), "t"],
      ["far", vec(-1, 0), null, "t"],
      ["other-catalog", vec(1, 0), vec(0, 1), "beta"],
    ];
    for (const [name, audio, text, catalog] of rows) {
      const { record } = await new TrackRepository(db).insert({ catalog, externalId: name, title: name, artist: null, album: null, durationSeconds: 1, sourceFile: null, contentHash: name, metadata: {} });
      ids[name] = record.id;
      await new EmbeddingRepository(db).upsert(record.id, model.id, "audio", audio);
      if (text) await new EmbeddingRepository(db).upsert(record.id, model.id, "description", text);
    }
  }, 60_000);
  afterAll(() => backend.dispose());

  it("ranks by weighted audio + description similarity, excluding the track itself", async () => {
    const repo = new ImputationRepository(db);
    const byName = (list: Neighbour[]) => list.map((x) => Object.keys(ids).find((k) => ids[k] === x.trackId));
    expect(byName(await repo.neighbours(ids.target, model.id, 1, 10))).toEqual(["near-audio", "near-text", "far"]);
    // 0.6·0.6 + 0.4·1 = 0.76 beats 0.6·0.99 + 0.4·0 = 0.594
    const weighted = await repo.neighbours(ids.target, model.id, 0.6, 10);
    expect(byName(weighted)).toEqual(["near-text", "near-audio", "far"]);
    expect(weighted[0].similarity).toBeCloseTo(0.76, 5);
    // a track without a description embedding is compared on audio alone
    expect(weighted[2]).toMatchObject({ metadataSimilarity: null, similarity: -1 });
  });

  it("takes neighbours only from the track's own catalog (no values leak between tenants)", async () => {
    const repo = new ImputationRepository(db);
    const found = (await repo.neighbours(ids.target, model.id, 0.6, 10)).map((x) => x.trackId);
    // the identical track in catalog beta would rank first if catalogs were mixed
    expect(found).not.toContain(ids["other-catalog"]);
    expect(found).toHaveLength(3);
    // and a beta track finds no neighbours at all: catalog t's tracks are not its neighbours
    expect(await repo.neighbours(ids["other-catalog"], model.id, 0.6, 10)).toEqual([]);
  });
});
