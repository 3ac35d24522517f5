/**
 * A catalog of tracks with seeded random vectors, written through the real repositories, for
 * tests that exercise ranking, filters and experiments without decoding audio. Vectors are
 * inserted before the HNSW indexes are built (bulk load first, as in production).
 */
import type { Database } from "../../src/db/database.ts";
import { EmbeddingRepository } from "../../src/db/repositories/embedding.repository.ts";
import { ModelRepository, type ModelRecord } from "../../src/db/repositories/model.repository.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { DescriptionRepository } from "../../src/db/repositories/description.repository.ts";
import { loadEncoder } from "../../src/embedding/onnx-encoder.ts";
import { seededRandom, type RandomSource } from "../../src/util/random.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { writeTinyModel } from "../helpers/tiny-model.ts";

export const GENRES = ["techno", "jazz", "ambient", "folk", "hiphop"];
export const MOODS = ["calm", "dark", "happy", "melancholic"];

export interface CatalogTrack {
  id: string;
  audio: Float32Array;
  description: Float32Array;
  bpm: number;
  genre: string;
  mood: string;
  tags: string[];
  artist: string;
}

export function randomUnit(rng: RandomSource, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let n = 0;
  for (let i = 0; i < dims; i++) {
    // Box–Muller: a Gaussian per coordinate makes the direction uniform on the sphere.
    const g = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    v[i] = g;
    n += g * g;
  }
  n = Math.sqrt(n);
  for (let i = 0; i < dims; i++) v[i] /= n;
  return v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Registers model `version` (active) and `n` tracks: bpm uniform in [60, 180), one genre, mood and
 * artist each drawn uniformly, tag "rare" on every 40th track and "vocal" on every other one.
 */
export async function seedVectorCatalog(
  db: Database,
  opts: { n: number; dims: number; seed: string; version?: string },
): Promise<{ model: ModelRecord; tracks: CatalogTrack[] }> {
  const rng = seededRandom(opts.seed);
  const models = new ModelRepository(db);
  const model = await db.transaction(async (tx) => {
    const repo = new ModelRepository(tx);
    const m = await repo.register({ version: opts.version ?? `vectors-${opts.seed}`, name: "random vectors", dimensions: opts.dims, metrics: {} });
    await repo.activate(m.id);
    return m;
  });
  const tracks: CatalogTrack[] = [];
  await db.transaction(async (tx) => {
    const repo = new TrackRepository(tx);
    const embeddings = new EmbeddingRepository(tx);
    const descriptions = new DescriptionRepository(tx);
    for (let i = 0; i < opts.n; i++) {
      const t = {
        bpm: Math.round(60 + 120 * rng()),
        genre: GENRES[Math.floor(rng() * GENRES.length)],
        mood: MOODS[Math.floor(rng() * MOODS.length)],
        artist: `Artist ${Math.floor(rng() * 20)}`,
        tags: [...(i % 40 === 0 ? ["rare"] : []), ...(i % 2 === 0 ? ["vocal"] : [])],
      };
      const { record } = await repo.insert({
        catalog: i % 10 === 0 ? "special" : "main",
        externalId: `t${i}`,
        title: `Track ${i}`,
        artist: t.artist,
        album: null,
        durationSeconds: 60,
        sourceFile: null,
        contentHash: `${opts.seed}-${i}`,
        // `mood` only on even tracks: odd tracks carry it in a description sentence instead
        metadata: { bpm: t.bpm, genre: t.genre, tags: t.tags, ...(i % 2 === 0 ? { mood: t.mood } : {}) },
      });
      if (i % 2 === 1) await descriptions.insertMany(record.id, [{ source: "web", text: `A ${t.mood} ${t.genre} piece`, provenance: {} }]);
      const audio = randomUnit(rng, opts.dims);
      const description = randomUnit(rng, opts.dims);
      await embeddings.upsert(record.id, model.id, "audio", audio);
      await embeddings.upsert(record.id, model.id, "description", description);
      tracks.push({ id: record.id, audio, description, ...t });
    }
  });
  await models.ensureVectorIndexes(model);
  return { model: { ...model, active: true }, tracks };
}

/**
 * A catalog on the tiny real ONNX model (8 dimensions; its text tower is a bag of words over
 * piano/techno/bass/calm/drums/guitar), so text search and similar-track search both run for real.
 */
export async function tinyModelCatalog(db: Database, opts: { n: number; seed: string }): Promise<{ runtime: ModelRuntime; tracks: CatalogTrack[] }> {
  const dir = tempDir("tunelens-tiny-");
  const manifest = writeTinyModel(dir, { version: `tiny-${opts.seed}`, dimensions: 8 });
  const { model, tracks } = await seedVectorCatalog(db, { n: opts.n, dims: 8, seed: opts.seed, version: manifest.version });
  return { runtime: { encoder: await loadEncoder(dir), model }, tracks };
}

/**
 * The same catalog as seedVectorCatalog (same random draws, same tracks) written with a few
 * set-based statements instead of one per row: 5,000+ tracks load in seconds, also on PGlite.
 */
export async function seedVectorCatalogBulk(
  db: Database,
  opts: { n: number; dims: number; seed: string; version?: string },
): Promise<{ model: ModelRecord; tracks: CatalogTrack[] }> {
  const rng = seededRandom(opts.seed);
  const model = await db.transaction(async (tx) => {
    const repo = new ModelRepository(tx);
    const m = await repo.register({ version: opts.version ?? `vectors-${opts.seed}`, name: "random vectors", dimensions: opts.dims, metrics: {} });
    await repo.activate(m.id);
    return m;
  });
  const rows: Array<{ i: number; t: Omit<CatalogTrack, "id" | "audio" | "description">; audio: Float32Array; description: Float32Array }> = [];
  for (let i = 0; i < opts.n; i++) {
    const t = {
      bpm: Math.round(60 + 120 * rng()),
      genre: GENRES[Math.floor(rng() * GENRES.length)],
      mood: MOODS[Math.floor(rng() * MOODS.length)],
      artist: `Artist ${Math.floor(rng() * 20)}`,
      tags: [...(i % 40 === 0 ? ["rare"] : []), ...(i % 2 === 0 ? ["vocal"] : [])],
    };
    rows.push({ i, t, audio: randomUnit(rng, opts.dims), description: randomUnit(rng, opts.dims) });
  }
  const tracks: CatalogTrack[] = [];
  const vec = (v: Float32Array) => `[${Array.from(v).join(",")}]`;
  await db.transaction(async (tx) => {
    for (let at = 0; at < rows.length; at += 1000) {
      const chunk = rows.slice(at, at + 1000);
      const ids = await tx.query<{ id: string; external_id: string }>(
        `INSERT INTO tracks (catalog, external_id, title, artist, duration_seconds, content_hash, metadata)
         SELECT x->>'catalog', x->>'externalId', x->>'title', x->>'artist', 60, x->>'hash', x->'metadata'
           FROM jsonb_array_elements($1::jsonb) x
         RETURNING id, external_id`,
        [
          JSON.stringify(
            chunk.map(({ i, t }) => ({
              catalog: i % 10 === 0 ? "special" : "main",
              externalId: `t${i}`,
              title: `Track ${i}`,
              artist: t.artist,
              hash: `${opts.seed}-${i}`,
              metadata: { bpm: t.bpm, genre: t.genre, tags: t.tags, ...(i % 2 === 0 ? { mood: t.mood } : {}) },
            })),
          ),
        ],
      );
      const idOf = new Map(ids.map((r) => [r.external_id, r.id]));
      const withIds = chunk.map((r) => ({ ...r, id: idOf.get(`t${r.i}`)! }));
      await tx.query(
        `INSERT INTO embeddings (track_id, model_id, kind, embedding)
         SELECT (x->>'id')::uuid, $2, k.kind, (CASE k.kind WHEN 'audio' THEN x->>'a' ELSE x->>'d' END)::vector
           FROM jsonb_array_elements($1::jsonb) x CROSS JOIN (VALUES ('audio'), ('description')) k(kind)`,
        [JSON.stringify(withIds.map((r) => ({ id: r.id, a: vec(r.audio), d: vec(r.description) }))), model.id],
      );
      const described = withIds.filter((r) => r.i % 2 === 1);
      await tx.query(
        `INSERT INTO descriptions (track_id, source, text)
         SELECT (x->>'id')::uuid, 'web', x->>'text' FROM jsonb_array_elements($1::jsonb) x`,
        [JSON.stringify(described.map((r) => ({ id: r.id, text: `A ${r.t.mood} ${r.t.genre} piece` })))],
      );
      for (const r of withIds) tracks.push({ id: r.id, audio: r.audio, description: r.description, ...r.t });
    }
  });
  await new ModelRepository(db).ensureVectorIndexes(model);
  return { model: { ...model, active: true }, tracks };
}

/** tinyModelCatalog, bulk-loaded (seedVectorCatalogBulk). */
export async function tinyModelCatalogBulk(db: Database, opts: { n: number; seed: string }): Promise<{ runtime: ModelRuntime; tracks: CatalogTrack[] }> {
  const dir = tempDir("tunelens-tiny-");
  const manifest = writeTinyModel(dir, { version: `tiny-${opts.seed}`, dimensions: 8 });
  const { model, tracks } = await seedVectorCatalogBulk(db, { n: opts.n, dims: 8, seed: opts.seed, version: manifest.version });
  return { runtime: { encoder: await loadEncoder(dir), model }, tracks };
}
