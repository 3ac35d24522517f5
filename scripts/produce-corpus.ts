/**
 * Writes a "produced" copy of a rendered corpus's training clips: each clip through its own random
 * production chain (EQ, compression, saturation, reverb, noise floor, lossy codec; see
 * src/corpus/production-chain.ts), same captions and labels. Train with both folders
 * (`tunelens train --data data/corpus/synthetic data/corpus/produced`) so the audio tower hears
 * each arrangement both dry and produced. Validation clips are not copied: the held-out split
 * stays the rendered one.
 *
 *   npx tsx scripts/produce-corpus.ts --in data/corpus/synthetic --out data/corpus/produced --seed 1 --jobs 2
 *
 * Resumable: clips already written with a valid WAV are skipped.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import cliProgress from "cli-progress";
import { Command } from "commander";
import { planChain, produceClip } from "../src/corpus/production-chain.ts";
import { isValidClip, readWavInfo } from "../src/corpus/wav.ts";

const opts = new Command()
  .requiredOption("--in <dir>", "rendered corpus (tracks.jsonl + audio/)")
  .requiredOption("--out <dir>", "output folder")
  .option("--seed <n>", "chain seed", "1")
  .option("--jobs <n>", "parallel clips", String(Math.max(1, Math.min(2, cpus().length))))
  .option("--max-clips <n>", "produce only the first n training clips (a smaller produced share)")
  .option("--existing-only", "produce nothing new: list the clips an earlier (interrupted) run already wrote")
  .parse()
  .opts<{ in: string; out: string; seed: string; jobs: string; maxClips?: string; existingOnly?: boolean }>();
const seed = Number(opts.seed);

interface Line { id: string; file: string; split?: string; params?: Record<string, unknown>; [k: string]: unknown }
const lines = (await readFile(join(opts.in, "tracks.jsonl"), "utf8")).split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Line);
let train = lines.filter((l) => (l.split ?? "train") === "train").slice(0, opts.maxClips ? Number(opts.maxClips) : undefined);
if (opts.existingOnly) {
  const valid = await Promise.all(train.map(async (l) => isValidClip(await readWavInfo(join(opts.out, "audio", `${l.id}.wav`)), 16000, 10)));
  train = train.filter((_, i) => valid[i]);
}
await mkdir(join(opts.out, "audio"), { recursive: true });

const bar = new cliProgress.SingleBar({ format: "producing [{bar}] {value}/{total} clips | ETA {eta_formatted} | failed {failed}" }, cliProgress.Presets.shades_classic);
bar.start(train.length, 0, { failed: 0 });
const failures: string[] = [];
const written: Line[] = [];
let next = 0;
let done = 0;
async function worker(): Promise<void> {
  while (next < train.length) {
    const line = train[next++]!;
    const out = join(opts.out, "audio", `${line.id}.wav`);
    const chain = planChain(seed, line.id);
    try {
      if (!isValidClip(await readWavInfo(out), 16000, 10)) await produceClip(resolve(opts.in, line.file), out, chain, seed);
      written.push({ ...line, file: `audio/${line.id}.wav`, params: { ...line.params, production: chain } });
    } catch (err) {
      failures.push(`${line.id}: ${String(err).slice(0, 200)}`);
    }
    bar.update(++done, { failed: failures.length });
  }
}
await Promise.all(Array.from({ length: Math.max(1, Number(opts.jobs)) }, () => worker()));
bar.stop();
written.sort((a, b) => train.indexOf(a) - train.indexOf(b));
await writeFile(join(opts.out, "tracks.jsonl.tmp"), written.map((l) => JSON.stringify(l)).join("\n") + "\n");
await rename(join(opts.out, "tracks.jsonl.tmp"), join(opts.out, "tracks.jsonl"));
await writeFile(join(opts.out, "corpus.json"), JSON.stringify({ generator: "scripts/produce-corpus.ts", source: opts.in, seed, tracks: written.length, failures: failures.slice(0, 20) }, null, 2) + "\n");
console.log(`wrote ${written.length} produced clips to ${opts.out}; ${failures.length} failed`);
if (failures.length) console.error(failures.slice(0, 5).join("\n"));
