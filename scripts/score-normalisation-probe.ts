/**
 * Probe: do catalogue-side or query-bank score normalisations (hubness reduction) rank better than
 * raw cosines? Text→track, audio ranking, the `tunelens eval` protocol. The query bank is the
 * training corpus's own captions (never an evaluation set's texts).
 *
 *   npx tsx scripts/score-normalisation-probe.ts --model models/tunelens-default --bank data/corpus/synthetic -- data/eval/musiclm-prompts ../shared/data/mustango-captions
 *
 * Variants: raw; gallery-centred (subtract the catalogue's mean audio vector, renormalise);
 * query-centred (subtract the bank's mean text vector); CSLS (2·cos − mean of the track's k best
 * bank cosines); dynamic inverted softmax (QB-Norm).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { decodeAudioFile } from "../src/embedding/audio-decoder.ts";
import { loadEncoder } from "../src/embedding/onnx-encoder.ts";
import { l2Normalize } from "../src/embedding/vector-norm.ts";
import { dot, vocabularyMean } from "../src/labels/mood-score.ts";
import { randomBaseline, summarize, type QueryOutcome } from "../src/eval/retrieval-metrics.ts";

const program = new Command()
  .requiredOption("--model <dir>", "model folder")
  .requiredOption("--bank <corpus>", "training corpus whose captions form the query bank")
  .option("--bank-size <n>", "captions drawn for the bank", "4000")
  .argument("<sets...>")
  .parse();
const opts = program.opts<{ model: string; bank: string; bankSize: string }>();
const lines = async (f: string) => (await readFile(f, "utf8")).split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));

const enc = await loadEncoder(opts.model);
const corpus = (await lines(path.join(opts.bank, "tracks.jsonl"))) as { split?: string; captions?: string[]; description?: string }[];
const captions = [...new Set(corpus.filter((t) => t.split === "train").flatMap((t) => t.captions ?? []))];
const stride = Math.max(1, Math.floor(captions.length / Number(opts.bankSize)));
const bankTexts = captions.filter((_, i) => i % stride === 0).slice(0, Number(opts.bankSize));
const bank: Float32Array[] = [];
for (let i = 0; i < bankTexts.length; i += 256) bank.push(...(await enc.embedTexts(bankTexts.slice(i, i + 256))));
process.stderr.write(`bank: ${bank.length} training captions\n`);

// embeddings are unit vectors, so vocabularyMean (which normalises first) is their plain mean
const meanOf = (vs: Float32Array[]) => vocabularyMean(vs, vs[0]!.length);
const centred = (a: Float32Array, mean: Float32Array) => l2Normalize(a.map((x, i) => x - mean[i]!));

for (const dir of program.args) {
  const tracks = (await lines(path.join(dir, "tracks.jsonl"))) as { id: string; file: string; split?: string }[];
  const cat = tracks.filter((t) => t.split !== "train");
  const index = new Map(cat.map((t, i) => [t.id, i]));
  const queries = ((await lines(path.join(dir, "queries.jsonl"))) as { text: string; relevant: (string | number)[] }[])
    .map((q) => ({ text: q.text, relevant: new Set(q.relevant.map((r) => index.get(String(r))).filter((i): i is number => i !== undefined)) }))
    .filter((q) => q.relevant.size);
  const audio: Float32Array[] = [];
  for (const t of cat) audio.push(await enc.embedAudio(await decodeAudioFile(path.resolve(dir, t.file))));
  const text = await enc.embedTexts(queries.map((q) => q.text));
  const score = (f: (qi: number, ti: number) => number) => {
    const outcomes: QueryOutcome[] = queries.map((q, qi) => {
      const order = audio.map((_, ti) => ({ s: f(qi, ti), ti })).sort((a, b) => b.s - a.s);
      return { relevantRanks: order.flatMap((x, r) => (q.relevant.has(x.ti) ? [r + 1] : [])), relevantCount: q.relevant.size };
    });
    const m = summarize(outcomes, audio.length);
    return `R@1 ${m.recallAt1.toFixed(3)} R@5 ${m.recallAt5.toFixed(3)} R@10 ${m.recallAt10.toFixed(3)} med ${m.medianRank}`;
  };
  const raw = text.map((t) => audio.map((a) => dot(t, a)));
  const gMean = meanOf(audio);
  const bMean = meanOf(bank);
  const audioC = audio.map((a) => centred(a, gMean));
  const textC = text.map((t) => centred(t, bMean));
  // each track's similarity to the bank: its hubness
  const bankSims = audio.map((a) => bank.map((b) => dot(a, b)).sort((x, y) => y - x));
  const topk = (ti: number, k: number) => bankSims[ti]!.slice(0, k).reduce((s, x) => s + x, 0) / k;
  const out: string[] = [`${path.basename(dir)} (${audio.length} tracks, ${queries.length} queries)`];
  out.push(`  random            ${(() => { const m = randomBaseline(queries.map((q) => q.relevant.size), audio.length); return `R@1 ${m.recallAt1.toFixed(3)} R@10 ${m.recallAt10.toFixed(3)}`; })()}`);
  out.push(`  raw               ${score((q, t) => raw[q]![t]!)}`);
  out.push(`  gallery-centred   ${score((q, t) => dot(text[q]!, audioC[t]!))}`);
  out.push(`  query-centred     ${score((q, t) => dot(textC[q]!, audio[t]!))}`);
  out.push(`  both centred      ${score((q, t) => dot(textC[q]!, audioC[t]!))}`);
  for (const k of [10, 50]) out.push(`  CSLS k=${k}`.padEnd(20) + score((q, t) => 2 * raw[q]![t]! - topk(t, k)));
  for (const beta of [10, 20, 50]) {
    // QB-Norm's inverted softmax without the dynamic gate: divide by the track's bank partition sum
    const z = audio.map((_, t) => Math.log(bankSims[t]!.reduce((s, x) => s + Math.exp(beta * x), 0)));
    out.push(`  inv-softmax β=${beta}`.padEnd(20) + score((q, t) => beta * raw[q]![t]! - z[t]!));
  }
  console.log(out.join("\n"));
}
await enc.close();
