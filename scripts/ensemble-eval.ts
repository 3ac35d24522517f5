/**
 * Seed-ensemble probe: does averaging several models' cosine similarities rank better than each
 * member alone? The ensemble score of (query, track) is the mean over members of their cosines —
 * the dot product of the members' concatenated embeddings, each scaled by 1/sqrt(k) — so serving it
 * would only mean storing the concatenation (k × 256 dims) and encoding with every member.
 * Text→track with audio ranking, the same protocol and metrics as `tunelens eval` (a query is found
 * at k when one of its relevant tracks is in the top k); every member is also scored alone, so its
 * figures can be checked against `tunelens eval`.
 *
 *   npx tsx scripts/ensemble-eval.ts --model models/a models/b -- data/eval/musiclm-prompts ../shared/data/mustango-captions
 *
 * Evaluation sets are only scored. Prints a Markdown table; --json writes the figures.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { decodeAudioFile } from "../src/embedding/audio-decoder.ts";
import { loadEncoder } from "../src/embedding/onnx-encoder.ts";
import { randomBaseline, summarize, type QueryOutcome, type RetrievalMetrics } from "../src/eval/retrieval-metrics.ts";

const program = new Command()
  .requiredOption("--model <dirs...>", "member model folders (two or more)")
  .option("--json <file>", "write the figures as JSON")
  .argument("<sets...>", "evaluation sets (tracks.jsonl, queries.jsonl, audio/)")
  .parse();
const opts = program.opts<{ model: string[]; json?: string }>();
const sets = program.args;
const log = (s: string) => process.stderr.write(s + "\n");

interface SetData { name: string; files: string[]; queries: { text: string; relevant: Set<number> }[] }

async function readSet(dir: string): Promise<SetData> {
  const lines = async (f: string) => (await readFile(path.join(dir, f), "utf8")).split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  const tracks = (await lines("tracks.jsonl")) as { id: string; file: string; split?: string }[];
  // a corpus folder (synthetic-val) holds its queries in queries.jsonl too; its training clips are not in the catalogue
  const catalogue = tracks.filter((t) => !t.split || t.split !== "train");
  const index = new Map(catalogue.map((t, i) => [t.id, i]));
  const queries = ((await lines("queries.jsonl")) as { text: string; relevant: (string | number)[] }[])
    .map((q) => ({ text: q.text, relevant: new Set(q.relevant.map((r) => index.get(String(r))).filter((i): i is number => i !== undefined)) }))
    .filter((q) => q.relevant.size > 0);
  return { name: path.basename(path.resolve(dir)), files: catalogue.map((t) => path.resolve(dir, t.file)), queries };
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function outcomesOf(scores: number[][], set: SetData): QueryOutcome[] {
  return set.queries.map((q, qi) => {
    const order = scores[qi]!.map((s, ti) => ({ s, ti })).sort((a, b) => b.s - a.s);
    const ranks = order.flatMap((x, r) => (q.relevant.has(x.ti) ? [r + 1] : []));
    return { relevantRanks: ranks, relevantCount: q.relevant.size };
  });
}

function metrics(scores: number[][], set: SetData): RetrievalMetrics {
  return summarize(outcomesOf(scores, set), set.files.length);
}

/**
 * People type short prompts and long captions; a choice must not trade one for the other
 * unnoticed. Queries of the realistic sets (not our synthetic split) pooled by length: each
 * query's ranks are within its own catalogue, so recall pools; medRank beyond a catalogue is capped
 * at the largest catalogue + 1.
 */
const SHORT_PROMPT_WORDS = 8;
const byLength = new Map<string, { short: QueryOutcome[]; long: QueryOutcome[] }>();
let largestCatalogue = 0;
function poolByLength(ranking: string, scores: number[][], set: SetData) {
  if (set.name.startsWith("synthetic")) return;
  largestCatalogue = Math.max(largestCatalogue, set.files.length);
  const pool = byLength.get(ranking) ?? { short: [], long: [] };
  byLength.set(ranking, pool);
  outcomesOf(scores, set).forEach((o, qi) => (isShort(set.queries[qi]!.text) ? pool.short : pool.long).push(o));
}
const isShort = (text: string) => text.split(/\s+/).length <= SHORT_PROMPT_WORDS;
/** random R@k of the pooled queries (no median rank: the sets' catalogues differ in size; the table prints —): each set's exact random baseline, weighted by its queries in the pool */
const randomPool = { short: [] as { m: RetrievalMetrics; n: number }[], long: [] as { m: RetrievalMetrics; n: number }[] };
function poolRandom(set: SetData) {
  if (set.name.startsWith("synthetic")) return;
  for (const kind of ["short", "long"] as const) {
    const qs = set.queries.filter((q) => isShort(q.text) === (kind === "short"));
    if (qs.length) randomPool[kind].push({ m: randomBaseline(qs.map((q) => q.relevant.size), set.files.length), n: qs.length });
  }
}
function pooledRandom(parts: { m: RetrievalMetrics; n: number }[]): RetrievalMetrics {
  const total = parts.reduce((s, p) => s + p.n, 0);
  const w = (f: (m: RetrievalMetrics) => number) => parts.reduce((s, p) => s + f(p.m) * p.n, 0) / total;
  return { ...parts[0]!.m, queries: total, recallAt1: w((m) => m.recallAt1), recallAt5: w((m) => m.recallAt5), recallAt10: w((m) => m.recallAt10), medianRank: Number.NaN };
}

const encoders = await Promise.all(opts.model.map((m) => loadEncoder(m)));
const rows: { set: string; ranking: string; m: RetrievalMetrics }[] = [];
for (const dir of sets) {
  const set = await readSet(dir);
  log(`${set.name}: ${set.files.length} tracks, ${set.queries.length} queries`);
  // score[member][query][track]
  const perMember: number[][][] = encoders.map(() => []);
  const audio: Float32Array[][] = encoders.map(() => []);
  for (const file of set.files) {
    const decoded = await decodeAudioFile(file);
    for (const [k, enc] of encoders.entries()) audio[k]!.push(await enc.embedAudio(decoded));
  }
  for (const [k, enc] of encoders.entries()) {
    const text = await enc.embedTexts(set.queries.map((q) => q.text));
    perMember[k] = text.map((t) => audio[k]!.map((a) => dot(t, a)));
  }
  const mean = set.queries.map((_, qi) => set.files.map((_, ti) => perMember.reduce((s, m) => s + m[qi]![ti]!, 0) / encoders.length));
  opts.model.forEach((m, k) => rows.push({ set: set.name, ranking: path.basename(path.resolve(m)), m: metrics(perMember[k]!, set) }));
  opts.model.forEach((m, k) => poolByLength(path.basename(path.resolve(m)), perMember[k]!, set));
  rows.push({ set: set.name, ranking: `ensemble of ${encoders.length}`, m: metrics(mean, set) });
  poolByLength(`ensemble of ${encoders.length}`, mean, set);
  rows.push({ set: set.name, ranking: "random", m: randomBaseline(set.queries.map((q) => q.relevant.size), set.files.length) });
  poolRandom(set);
}
for (const e of encoders) await e.close();
for (const [ranking, pool] of byLength) {
  if (pool.short.length) rows.push({ set: `short prompts (≤ ${SHORT_PROMPT_WORDS} words)`, ranking, m: summarize(pool.short, largestCatalogue) });
  if (pool.long.length) rows.push({ set: `long captions (> ${SHORT_PROMPT_WORDS} words)`, ranking, m: summarize(pool.long, largestCatalogue) });
}
if (randomPool.short.length) rows.push({ set: `short prompts (≤ ${SHORT_PROMPT_WORDS} words)`, ranking: "random", m: pooledRandom(randomPool.short) });
if (randomPool.long.length) rows.push({ set: `long captions (> ${SHORT_PROMPT_WORDS} words)`, ranking: "random", m: pooledRandom(randomPool.long) });

const f = (x: number) => x.toFixed(3);
const table = ["| set | ranking | R@1 | R@5 | R@10 | medRank |", "| --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.set} | ${r.ranking} | ${f(r.m.recallAt1)} | ${f(r.m.recallAt5)} | ${f(r.m.recallAt10)} | ${Number.isNaN(r.m.medianRank) ? "—" : Number(r.m.medianRank.toFixed(1))} |`)];
console.log(table.join("\n"));
if (opts.json) await writeFile(opts.json, JSON.stringify({ models: opts.model, rows: rows.map((r) => ({ set: r.set, ranking: r.ranking, ...r.m, recallCurve: undefined })) }, null, 2) + "\n");
