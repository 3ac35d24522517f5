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

function metrics(scores: number[][], set: SetData): RetrievalMetrics {
  const outcomes: QueryOutcome[] = set.queries.map((q, qi) => {
    const order = scores[qi]!.map((s, ti) => ({ s, ti })).sort((a, b) => b.s - a.s);
    const ranks = order.flatMap((x, r) => (q.relevant.has(x.ti) ? [r + 1] : []));
    return { relevantRanks: ranks, relevantCount: q.relevant.size };
  });
  return summarize(outcomes, set.files.length);
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
  rows.push({ set: set.name, ranking: `ensemble of ${encoders.length}`, m: metrics(mean, set) });
  rows.push({ set: set.name, ranking: "random", m: randomBaseline(set.queries.map((q) => q.relevant.size), set.files.length) });
}
for (const e of encoders) await e.close();

const f = (x: number) => x.toFixed(3);
const table = ["| set | ranking | R@1 | R@5 | R@10 | medRank |", "| --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.set} | ${r.ranking} | ${f(r.m.recallAt1)} | ${f(r.m.recallAt5)} | ${f(r.m.recallAt10)} | ${Number(r.m.medianRank.toFixed(1))} |`)];
console.log(table.join("\n"));
if (opts.json) await writeFile(opts.json, JSON.stringify({ models: opts.model, rows: rows.map((r) => ({ set: r.set, ranking: r.ranking, ...r.m, recallCurve: undefined })) }, null, 2) + "\n");
