/**
 * Quick text→track retrieval check of an exported model folder, without a database:
 *   npx tsx src/train/quick-eval.ts [modelDir] [datasetDir] [--json out.json] [--record]
 * Embeds the dataset's audio and queries with `loadEncoder` (the serving path) and prints
 * R@1/5/10 and median rank beside the random baseline; `--record` stores the figures in the
 * folder's model.json under metrics.quickEval.<dataset>. Evaluation only: never train on it.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { decodeAudioFile } from "../embedding/audio-decoder.ts";
import { modelManifestSchema } from "../embedding/model-manifest.ts";
import { loadEncoder } from "../embedding/onnx-encoder.ts";

export interface QuickEvalResult {
  model: string;
  version: string;
  dataset: string;
  tracks: number;
  queries: number;
  recall: Record<"r1" | "r5" | "r10", number>;
  randomRecall: Record<"r1" | "r5" | "r10", number>;
  medianRank: number;
}

function readJsonl<T>(text: string): T[] {
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

/** log C(n, k) */
function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(at least one of r relevant items among k drawn at random from n) = 1 − C(n−r, k)/C(n, k). */
export function randomRecallAtK(n: number, r: number, k: number): number {
  if (k >= n) return 1;
  return 1 - Math.exp(logChoose(n - r, k) - logChoose(n, k));
}

export async function quickEval(modelDir: string, datasetDir: string): Promise<QuickEvalResult> {
  const tracks = readJsonl<{ id: string; file: string }>(await readFile(path.join(datasetDir, "tracks.jsonl"), "utf8"));
  const queries = readJsonl<{ id: string; text: string; relevant: string[] }>(
    await readFile(path.join(datasetDir, "queries.jsonl"), "utf8"),
  );
  const encoder = await loadEncoder(modelDir);
  try {
    const audio: Float32Array[] = [];
    for (const t of tracks) audio.push(await encoder.embedAudio(await decodeAudioFile(path.join(datasetDir, t.file))));
    const text = await encoder.embedTexts(queries.map((q) => q.text));
    const ks = [1, 5, 10] as const;
    const hits = { r1: 0, r5: 0, r10: 0 };
    const random = { r1: 0, r5: 0, r10: 0 };
    const ranks: number[] = [];
    queries.forEach((q, i) => {
      const scores = audio.map((a, j) => ({ j, s: a.reduce((acc, x, d) => acc + x * text[i][d], 0) }));
      scores.sort((x, y) => y.s - x.s || x.j - y.j);
      const relevant = new Set(q.relevant);
      const first = scores.findIndex(({ j }) => relevant.has(tracks[j].id));
      ranks.push(first + 1);
      const r = tracks.filter((t) => relevant.has(t.id)).length;
      for (const k of ks) {
        if (first >= 0 && first < k) hits[`r${k}`] += 1;
        random[`r${k}`] += randomRecallAtK(tracks.length, r, k);
      }
    });
    const n = queries.length;
    ranks.sort((a, b) => a - b);
    return {
      model: path.resolve(modelDir),
      version: encoder.modelVersion,
      dataset: path.basename(path.resolve(datasetDir)),
      tracks: tracks.length,
      queries: n,
      recall: { r1: hits.r1 / n, r5: hits.r5 / n, r10: hits.r10 / n },
      randomRecall: { r1: random.r1 / n, r5: random.r5 / n, r10: random.r10 / n },
      medianRank: ranks[Math.floor((n - 1) / 2)],
    };
  } finally {
    await encoder.close();
  }
}

/** Merges a result into model.json (validated against the manifest schema before writing). */
export async function recordMetrics(modelDir: string, r: QuickEvalResult): Promise<void> {
  const file = path.join(modelDir, "model.json");
  const manifest = modelManifestSchema.parse(JSON.parse(await readFile(file, "utf8")));
  const previous = (manifest.metrics.quickEval ?? {}) as Record<string, unknown>;
  const { model: _model, ...figures } = r;
  manifest.metrics.quickEval = { ...previous, [r.dataset]: figures };
  await writeFile(file, JSON.stringify(manifest, null, 2) + "\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
  const recordAt = args.indexOf("--record");
  if (recordAt >= 0) args.splice(recordAt, 1);
  const [modelDir = "models/tunelens-default", datasetDir = "/work/shared/data/mustango-captions"] = args;
  const r = await quickEval(modelDir, datasetDir);
  const f = (x: number) => x.toFixed(3);
  console.log(`${r.dataset} (${r.tracks} tracks, ${r.queries} queries), model ${r.version}`);
  console.log(`  R@1 ${f(r.recall.r1)} (random ${f(r.randomRecall.r1)})  R@5 ${f(r.recall.r5)} (random ${f(r.randomRecall.r5)})  R@10 ${f(r.recall.r10)} (random ${f(r.randomRecall.r10)})  median rank ${r.medianRank}`);
  if (jsonFile) await writeFile(jsonFile, JSON.stringify(r, null, 2) + "\n");
  if (recordAt >= 0) await recordMetrics(modelDir, r);
  process.exit(0);
}
