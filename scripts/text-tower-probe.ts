/* eslint-disable @typescript-eslint/no-explicit-any -- tfjs op results are typed loosely; this probe only chains them */
/**
 * Text-tower probe: which text front end generalises from our training captions to the words
 * people type? The audio tower of a trained model is frozen; its embeddings of the training clips
 * are the targets; for each front end a fresh text MLP (features → 512 → dim, as in the model) is
 * trained with InfoNCE against them, several seeds each, and scored text→track on the evaluation
 * sets (whose audio is embedded by the same frozen tower). A full training per front end costs
 * ~40× more; this isolates the text side, which is the choice the issue asks to re-decide.
 *
 *   npx tsx scripts/text-tower-probe.ts --audio-model models/tunelens-default --data data/corpus/synthetic \
 *     --eval data/eval/musiclm-prompts ../shared/data/mustango-captions --backbones bow,glove+bow,use,use+bow,use+glove+bow --seeds 1,2
 *
 * Evaluation sets are only scored, never trained on. Writes a Markdown table (--report) and JSON (--json).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { decodeAudioFile } from "../src/embedding/audio-decoder.ts";
import type { TextFrontend } from "../src/embedding/model-manifest.ts";
import { loadEncoder } from "../src/embedding/onnx-encoder.ts";
import { buildVocabulary, frontendParts } from "../src/embedding/text-frontend.ts";
import { randomRecallAt } from "../src/eval/retrieval-metrics.ts";
import { readQueryLines, readTrackLines } from "../src/ingest/dataset-lines.ts";
import { readCorpus } from "../src/train/corpus.ts";
import { DEFAULT_GLOVE_TOP_WORDS, prepareGloveSubset } from "../src/train/glove-subset.ts";
import { loadTextFeatures } from "../src/train/text-cache.ts";
import { useWasmBackend } from "../src/train/wasm-backend.ts";

const opts = new Command()
  .requiredOption("--audio-model <dir>", "model whose audio tower is frozen")
  .requiredOption("--data <dirs...>", "training corpora (captions)")
  .requiredOption("--eval <dirs...>", "evaluation sets (tracks.jsonl + queries.jsonl + audio/)")
  .option("--backbones <list>", "text front ends", "bow,glove+bow,use,use+bow,use+glove+bow")
  .option("--seeds <list>", "seeds per front end", "1,2")
  .option("--epochs <n>", "epochs", "25")
  .option("--max-captions <n>", "captions per clip", "4")
  .option("--cache-dir <dir>", "feature cache", "data/cache")
  .option("--json <file>")
  .option("--report <file>")
  .parse()
  .opts<{ audioModel: string; data: string[]; eval: string[]; backbones: string; seeds: string; epochs: string; maxCaptions: string; cacheDir: string; json?: string; report?: string }>();

const log = (s: string) => process.stderr.write(s + "\n");
const encoder = await loadEncoder(opts.audioModel);
const modelTag = createHash("sha256").update(await readFile(path.join(opts.audioModel, "audio.onnx"))).digest("hex").slice(0, 10);

/** Audio embeddings by absolute file path, cached per frozen tower. */
async function audioEmbeddings(files: string[]): Promise<Map<string, Float32Array>> {
  const cacheFile = path.join(opts.cacheDir, `probe-audio-${modelTag}.json`);
  let cache: Record<string, number[]> = {};
  try {
    cache = JSON.parse(await readFile(cacheFile, "utf8"));
  } catch {}
  let fresh = 0;
  for (const f of files) {
    if (cache[f]) continue;
    cache[f] = Array.from(await encoder.embedAudio(await decodeAudioFile(f)));
    if (++fresh % 200 === 0) {
      log(`  audio ${fresh} new`);
      await writeFile(cacheFile, JSON.stringify(cache));
    }
  }
  await mkdir(opts.cacheDir, { recursive: true });
  if (fresh) await writeFile(cacheFile, JSON.stringify(cache));
  return new Map(files.map((f) => [f, Float32Array.from(cache[f]!)]));
}

const train = (await Promise.all(opts.data.map(readCorpus))).flat().filter((t) => t.split === "train");
for (const t of train) t.captions = t.captions.slice(0, Number(opts.maxCaptions));
log(`${train.length} training clips; embedding audio with the frozen tower of ${opts.audioModel}`);
const trainAudio = await audioEmbeddings(train.map((t) => t.file));

interface EvalSet { name: string; files: string[]; ids: string[]; queries: { text: string; relevant: Set<number> }[]; audio: Float32Array[] }
const evalSets: EvalSet[] = [];
for (const dir of opts.eval) {
  const tracks = await readTrackLines(dir);
  const idx = new Map(tracks.map((t, i) => [t.id, i]));
  const queries = ((await readQueryLines(dir)) ?? []).map((q) => ({ text: q.text, relevant: new Set(q.relevant.map((r) => idx.get(r)!)) }));
  const files = tracks.map((t) => path.resolve(dir, t.file));
  const emb = await audioEmbeddings(files);
  evalSets.push({ name: path.basename(path.resolve(dir)), files, ids: tracks.map((t) => t.id), queries, audio: files.map((f) => emb.get(f)!) });
}

const tf = await useWasmBackend();
const captions = train.flatMap((t) => t.captions);
const vocabulary = buildVocabulary(captions, { minCount: 2, maxSize: 2000 });
const vocabFile = `vocab-${createHash("sha256").update(JSON.stringify(vocabulary)).digest("hex").slice(0, 12)}.json`;
await writeFile(path.join(opts.cacheDir, vocabFile), JSON.stringify(vocabulary));

interface Row { backbone: string; seed: number; set: string; r1: number; r5: number; r10: number; queries: number }
const rows: Row[] = [];
for (const backbone of opts.backbones.split(",") as TextFrontend["kind"][]) {
  const parts = frontendParts(backbone);
  const glove = parts.glove ? await prepareGloveSubset(captions, opts.cacheDir, DEFAULT_GLOVE_TOP_WORDS, log) : undefined;
  const fe: TextFrontend = { kind: backbone, ...(parts.bow ? { vocabulary: vocabFile } : {}), ...(glove ? { glove } : {}) };
  const evalTexts = evalSets.flatMap((s) => s.queries.map((q) => q.text));
  const texts = [...new Set([...captions, ...evalTexts])];
  const feats = await loadTextFeatures(texts, fe, opts.cacheDir, opts.cacheDir, log);
  const row = new Map(texts.map((t, i) => [t, feats.rows[i]!]));
  const pairs = train.flatMap((t) => t.captions.map((c) => ({ text: row.get(c)!, audio: trainAudio.get(t.file)! })));
  for (const seed of opts.seeds.split(",").map(Number)) {
    const r = trainTextTower(pairs, feats.dimensions, seed);
    for (const set of evalSets) {
      const q = r(set.queries.map((x) => row.get(x.text)!));
      const outcome = set.queries.map((query, qi) => {
        const scores = set.audio.map((a, ti) => ({ ti, s: dot(q[qi]!, a) }));
        scores.sort((x, y) => y.s - x.s);
        return scores.findIndex((x) => query.relevant.has(x.ti)) + 1;
      });
      const at = (k: number) => outcome.filter((rank) => rank <= k).length / outcome.length;
      rows.push({ backbone, seed, set: set.name, r1: at(1), r5: at(5), r10: at(10), queries: outcome.length });
      log(`${backbone} seed ${seed} ${set.name}: R@1 ${at(1).toFixed(3)} R@5 ${at(5).toFixed(3)} R@10 ${at(10).toFixed(3)}`);
    }
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Trains features → 512 (ReLU) → dim against fixed audio vectors; returns the encoder. */
function trainTextTower(pairs: { text: Float32Array; audio: Float32Array }[], inDim: number, seed: number): (x: Float32Array[]) => Float32Array[] {
  const dim = pairs[0]!.audio.length;
  const init = tf.initializers.glorotUniform({ seed });
  const w1 = tf.variable(init.apply([inDim, 512]) as any);
  const b1 = tf.variable(tf.zeros([512]));
  const w2 = tf.variable(tf.initializers.glorotUniform({ seed: seed + 1 }).apply([512, dim]) as any);
  const b2 = tf.variable(tf.zeros([dim]));
  const logScale = tf.variable(tf.scalar(Math.log(1 / 0.07)));
  const forward = (x: any) => {
    const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const y = tf.add(tf.matMul(h, w2), b2);
    return tf.div(y, tf.add(tf.norm(y, 2, 1, true), 1e-8));
  };
  const optimizer = tf.train.adam(1e-3);
  let state = seed * 2654435761 >>> 0 || 1;
  const rand = () => ((state = (Math.imul(state ^ (state >>> 15), 1 | state) + 0x6d2b79f5) >>> 0) / 4294967296);
  const batch = 256;
  const order = pairs.map((_, i) => i);
  for (let epoch = 0; epoch < Number(opts.epochs); epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let s = 0; s + batch <= order.length; s += batch) {
      const ids = order.slice(s, s + batch);
      const xt = tf.tensor2d(concat(ids.map((i) => pairs[i]!.text), inDim), [batch, inDim]);
      const xa = tf.tensor2d(concat(ids.map((i) => pairs[i]!.audio), dim), [batch, dim]);
      const labels = tf.oneHot(tf.range(0, batch, 1, "int32"), batch);
      optimizer.minimize(() => {
        const logits = tf.mul(tf.matMul(forward(xt), xa, false, true), tf.exp(tf.clipByValue(logScale, 0, Math.log(100))));
        const l1 = tf.losses.softmaxCrossEntropy(labels, logits);
        const l2 = tf.losses.softmaxCrossEntropy(labels, tf.transpose(logits));
        return tf.div(tf.add(l1, l2), 2) as any;
      });
      tf.dispose([xt, xa, labels]);
    }
  }
  return (x) => tf.tidy(() => {
    const y = forward(tf.tensor2d(concat(x, inDim), [x.length, inDim])).arraySync() as number[][];
    return y.map((v) => Float32Array.from(v));
  });
}

function concat(rows: Float32Array[], d: number): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(r, i * d));
  return out;
}

// Mean ± spread over seeds, per front end and set, beside the exact random baseline.
const groups = new Map<string, Row[]>();
for (const r of rows) groups.set(`${r.backbone}|${r.set}`, [...(groups.get(`${r.backbone}|${r.set}`) ?? []), r]);
const fmt = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const spread = (Math.max(...xs) - Math.min(...xs)) / 2;
  return xs.length > 1 ? `${m.toFixed(3)} ± ${spread.toFixed(3)}` : m.toFixed(3);
};
const lines = ["| text front end | set | queries | R@1 | R@5 | R@10 |", "| --- | --- | --- | --- | --- | --- |"];
for (const set of evalSets) {
  const relevant = set.queries.map((q) => q.relevant.size);
  const rnd = (k: number) => relevant.reduce((a, r) => a + randomRecallAt(k, set.files.length, r), 0) / relevant.length;
  lines.push(`| random | ${set.name} | ${set.queries.length} | ${rnd(1).toFixed(3)} | ${rnd(5).toFixed(3)} | ${rnd(10).toFixed(3)} |`);
  for (const [key, rs] of groups) {
    if (!key.endsWith(`|${set.name}`)) continue;
    lines.push(`| ${rs[0]!.backbone} | ${set.name} | ${rs[0]!.queries} | ${fmt(rs.map((r) => r.r1))} | ${fmt(rs.map((r) => r.r5))} | ${fmt(rs.map((r) => r.r10))} |`);
  }
}
console.log(lines.join("\n"));
if (opts.report) await writeFile(opts.report, lines.join("\n") + "\n");
if (opts.json) await writeFile(opts.json, JSON.stringify({ audioModel: opts.audioModel, epochs: Number(opts.epochs), rows }, null, 2) + "\n");
await encoder.close();
