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
