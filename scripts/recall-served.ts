/**
 * Recall@10 of the SERVED search statement (SearchRepository.pool at the first candidate depth, as a
 * first page runs it) against brute force, at several ef_search values, on a 100k catalog on real
 * PostgreSQL: unfiltered (audio signal and the default fused ranking) and with the bench's
 * selective filter. Issue #18 item 3; the figures are in docs/performance.md.
 *
 *   DATABASE_URL=postgres://… npx tsx scripts/recall-served.ts --vectors synthetic|model \
 *     [--tracks 100000] [--queries 200] [--ef 128,400,1000] [--graph 16:128] [--json out.json]
 *
 * --vectors model: every track's audio and description vectors are the shipped model's own
 * embeddings (text tower) of a synthetic caption and of a paraphrase of it, built from the
 * track's genre, a mood, instruments, tempo, production and use; queries are the bench sentences
 * through the same tower. The audio tower is not used: at ≈ 350× realtime on one core, 100k
 * ten-second clips would take ≈ 50 CPU-minutes, while the two towers share one embedding space.
 * --graph m:ef_construction rebuilds the two served indexes with those parameters first.
 * After the --ef points, one more with the served defaults (Config.vectorIndex: the fused and the
 * single-signal least ef_search).
 */
import os from "node:os";
import { writeFileSync } from "node:fs";
import { pino } from "pino";
import { loadConfig } from "../src/config.ts";
import { loadEncoder } from "../src/embedding/onnx-encoder.ts";
import { withVectorIndex } from "../src/db/database.ts";
import { SearchRepository, type PoolQuery } from "../src/db/repositories/search.repository.ts";
import { CANDIDATE_DEPTHS } from "../src/services/ranking/tiered-ranking.ts";
import { startBenchServer } from "../src/bench/bench-server.ts";
import { benchQuerySentences } from "../src/bench/query-sentences.ts";
import { BENCH_GENRES, seededRng, type SyntheticCatalog } from "../src/bench/synthetic-catalog.ts";
import { meanIndexRecallAtK } from "../src/bench/recall.ts";
import { sampleLatency } from "../src/bench/latency-sampler.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const vectors = arg("vectors", "synthetic") as "synthetic" | "model";
const tracks = Number(arg("tracks", "100000"));
const nq = Number(arg("queries", "200"));
const efs = arg("ef", "128,400,1000").split(",").map(Number);
const graph = arg("graph", "");
const out = arg("json", "");
const log = (m: string) => console.error(`[${new Date().toISOString().slice(11, 19)} load ${os.loadavg()[0].toFixed(2)}] ${m}`);

const MOODS = ["dark", "bright", "melancholic", "energetic", "calm", "dreamy", "aggressive", "romantic", "tense", "uplifting", "nostalgic", "playful", "brooding", "euphoric", "gentle", "eerie", "triumphant", "moody", "warm", "cold", "hypnotic", "groovy", "somber", "joyful"];
const INSTRUMENTS = ["piano", "acoustic guitar", "electric guitar", "strings", "synth pads", "808 drums", "brass section", "saxophone", "upright bass", "organ", "flute", "choir", "ukulele", "harp", "marimba", "violin", "cello", "analog synth", "drum machine", "hand percussion", "banjo", "accordion", "steel drums", "sitar", "female vocals", "male vocals", "rhodes", "bells", "trumpet", "turntables"];
const TEMPI = ["slow", "mid-tempo", "fast", "very fast", "laid-back", "driving", "half-time", "swinging", "steady", "rubato", "uptempo", "downtempo"];
const PRODUCTION = ["lo-fi", "polished", "raw", "spacious", "dense", "vintage", "modern", "live", "minimal", "layered", "distorted", "clean", "reverb-heavy", "dry", "tape-saturated"];
const USES = ["for a commercial", "for studying", "for a film trailer", "for a video game", "for a workout", "for a rainy day", "for a party", "for meditation", "for a road trip", "for a documentary", "for a wedding", "for late night", "for a podcast intro", "for dancing", "for a thriller scene"];

/** Real model embeddings of a caption and a paraphrase per track (see the header). */
async function modelVectors(catalog: SyntheticCatalog, modelDir: string): Promise<void> {
  const rng = seededRng(7);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const captions: string[] = [];
  const paraphrases: string[] = [];
  for (let i = 0; i < catalog.tracks.length; i++) {
    const genre = BENCH_GENRES[catalog.genreOf[i]].replace(/-/g, " ");
    const [mood, inst, inst2, tempo, prod, use] = [pick(MOODS), pick(INSTRUMENTS), pick(INSTRUMENTS), pick(TEMPI), pick(PRODUCTION), pick(USES)];
    captions.push(`${mood} ${tempo} ${genre} with ${inst} and ${inst2}, ${prod} production`);
    paraphrases.push(`a ${prod} ${genre} track, ${mood}, ${inst} over ${inst2}, ${use}`);
  }
  const encoder = await loadEncoder(modelDir);
  try {
    const batch = 512;
    for (let i = 0; i < captions.length; i += batch) {
      const a = await encoder.embedTexts(captions.slice(i, i + batch));
      const d = await encoder.embedTexts(paraphrases.slice(i, i + batch));
      a.forEach((v, j) => { catalog.tracks[i + j].audio = v; catalog.tracks[i + j].description = d[j]; });
      if (i % 20480 === 0) log(`encoded ${i} captions`);
    }
  } finally {
    await encoder.close();
  }
}

/**
 * Exact top 10 per query by brute force, one pass over the catalog: the audio similarity, the
 * fused one (0.5·audio + 0.5·description, the default ranking's score) and the fused one among
 * the tracks the selective filter admits.
 */
function bruteForce(catalog: SyntheticCatalog, queries: readonly Float32Array[]) {
  type Top = Array<{ i: number; s: number }>;
  const push = (top: Top, i: number, s: number) => {
    if (top.length === 10 && s <= top[9].s) return;
    if (top.length === 10) top.pop();
    let j = top.length;
    while (j > 0 && top[j - 1].s < s) j--;
    top.splice(j, 0, { i, s });
  };
  const tops = queries.map(() => ({ audio: [] as Top, fused: [] as Top, fusedFiltered: [] as Top }));
  const dot = (a: Float32Array, b: Float32Array) => {
    let s = 0;
    for (let j = 0; j < a.length; j++) s += a[j] * b[j];
    return s;
  };
  catalog.tracks.forEach((t, i) => {
    const ok = catalog.accepts(i);
    queries.forEach((q, k) => {
      const a = dot(t.audio, q);
      const f = 0.5 * a + 0.5 * dot(t.description, q);
      push(tops[k].audio, i, a);
      push(tops[k].fused, i, f);
      if (ok) push(tops[k].fusedFiltered, i, f);
    });
  });
  const ids = (top: Top) => top.map((x) => catalog.tracks[x.i].id);
  return {
    audio: tops.map((t) => ids(t.audio)),
    fused: tops.map((t) => ids(t.fused)),
    fusedFiltered: tops.map((t) => ids(t.fusedFiltered)),
  };
}

async function main() {
  const cfg = loadConfig();
  const postgresUrl = process.env.DATABASE_URL;
  if (!postgresUrl) throw new Error("DATABASE_URL (a PostgreSQL server with pgvector) is required");
  const sentences = benchQuerySentences(nq);
  const encoder = await loadEncoder(cfg.modelDir);
  const queries = await encoder.embedTexts(sentences);
  await encoder.close();
  const started = Date.now();
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]), 5000).unref();
  const server = await startBenchServer({
    backend: "postgres", tracks, postgresUrl, queryVectors: queries, logger: pino({ level: "warn" }), log,
    revector: vectors === "model" ? (c) => modelVectors(c, cfg.modelDir) : undefined,
  });
  try {
    const { running, catalog, repo } = server;
    const { db } = running.opened;
    const { model } = running.opened.runtime;
    if (graph) {
      const [m, efc] = graph.split(":").map(Number);
      const t0 = performance.now();
      await repo.rebuildServedIndexes(model, { m, efConstruction: efc });
      log(`rebuilt the served indexes with m ${m}, ef_construction ${efc} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const sizes = await repo.hnswIndexSizes("embeddings");
    const truth = bruteForce(catalog, queries);
    log("brute-force top 10 computed");
    // one repository per ef_search: the setting travels on the database handle (Config.vectorIndex)
    let search = new SearchRepository(db);
    const pool = (q: Float32Array, signal: PoolQuery["signal"], filtered: boolean) =>
      search.pool({ model, source: { kind: "vectors", audioVector: q, descriptionVector: q }, signal, alpha: 0.5, depth: CANDIDATE_DEPTHS[0], filter: filtered ? catalog.selectiveFilter : null });
    const points = [];
    // each --ef value for fused and single-signal pools alike, then the served defaults (Config:
    // TUNELENS_HNSW_EF_SEARCH for fused pools, TUNELENS_HNSW_EF_SEARCH_SINGLE for one signal)
    const settings = [...efs.map((ef) => ({ served: false, index: { ...db.vectorIndex, efSearch: ef, singleSignalEfSearch: ef } })), { served: true, index: db.vectorIndex }];
    for (const { served, index } of settings) {
      search = new SearchRepository(withVectorIndex(db, index));
      const plan = (await search.explain({ model, audioVector: queries[0], descriptionVector: queries[0], signal: "fused", alpha: 0.5, limit: CANDIDATE_DEPTHS[0], excludeTrackIds: [] })).join("\n");
      const planFiltered = (await search.explain({ model, audioVector: queries[0], descriptionVector: queries[0], signal: "fused", alpha: 0.5, limit: CANDIDATE_DEPTHS[0], excludeTrackIds: [], filter: catalog.selectiveFilter })).join("\n");
      const answers = { audio: [] as string[][], fused: [] as string[][], fusedFiltered: [] as string[][] };
      const lat = {
        audio: await sampleLatency(nq, async (i) => { answers.audio[i] = (await pool(queries[i], "audio", false)).rows.slice(0, 10).map((r) => r.trackId); }, 10),
        fused: await sampleLatency(nq, async (i) => { answers.fused[i] = (await pool(queries[i], "fused", false)).rows.slice(0, 10).map((r) => r.trackId); }, 10),
        fusedFiltered: await sampleLatency(nq, async (i) => { answers.fusedFiltered[i] = (await pool(queries[i], "fused", true)).rows.slice(0, 10).map((r) => r.trackId); }, 10),
      };
      const point = {
        served,
        efSearch: Math.min(1000, Math.max(index.efSearch, CANDIDATE_DEPTHS[0])),
        singleSignalEfSearch: Math.min(1000, Math.max(index.singleSignalEfSearch, CANDIDATE_DEPTHS[0])),
        recall: { audio: meanIndexRecallAtK(answers.audio, truth.audio, 10), fused: meanIndexRecallAtK(answers.fused, truth.fused, 10), fusedFiltered: meanIndexRecallAtK(answers.fusedFiltered, truth.fusedFiltered, 10) },
        p50Ms: { audio: lat.audio.p50Ms, fused: lat.fused.p50Ms, fusedFiltered: lat.fusedFiltered.p50Ms },
        p99Ms: { audio: lat.audio.p99Ms, fused: lat.fused.p99Ms, fusedFiltered: lat.fusedFiltered.p99Ms },
        usesHnsw: /hnsw/i.test(plan), usesHnswFiltered: /hnsw/i.test(planFiltered),
        loadAverage: os.loadavg()[0],
      };
      log(JSON.stringify(point));
      points.push(point);
    }
    // raw-SQL baseline in the same run: the plain single-signal k-NN (LIMIT 10) at pgvector's ef_search 40, no re-scoring
    const raw = await sampleLatency(nq, (i) => repo.nearestAudio(model, queries[i], 10, { settings: { efSearch: 40, iterative: "relaxed_order" } }), 10);
    const exact = await sampleLatency(20, (i) => repo.nearestAudio(model, queries[i], 10, { exact: true }), 2);
    const result = {
      vectors, tracks, queries: nq, graph: graph || "16:128", filterShare: catalog.selectivity, indexBytes: sizes.reduce((s, x) => s + x.bytes, 0),
      points, rawKnnEf40: raw, exactScan: exact,
      minutes: (Date.now() - started) / 60000, loadAverage: { min: Math.min(...loads), max: Math.max(...loads), mean: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length) },
      at: new Date().toISOString(),
    };
    log(`raw k-NN p50 ${raw.p50Ms} ms, exact p50 ${exact.p50Ms} ms`);
    if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
