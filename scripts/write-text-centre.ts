/**
 * Gives a trained model query centring (model.json `text.centre`) without retraining: the mean unit
 * text vector of its training corpus's captions (the `train` split; never an evaluation set's texts).
 * With --out, the model folder is copied there first under a new --version, so the original stays
 * as it was (a changed text tower is a new model version: stored description vectors differ).
 *
 *   npx tsx scripts/write-text-centre.ts --model models/tunelens-default --bank data/corpus/synthetic --out DIR --version v0.4
 *
 * `tunelens train` does the same at the end of every training (`--no-query-centre` to skip).
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { TEXT_CENTRE_BANK, writeTextCentre } from "../src/train/text-centre.ts";

const program = new Command()
  .requiredOption("--model <dir>", "model folder")
  .requiredOption("--bank <corpus>", "training corpus (tracks.jsonl) whose train-split captions are averaged")
  .option("--bank-size <n>", "captions drawn", String(TEXT_CENTRE_BANK))
  .option("--out <dir>", "copy the model here first and centre the copy")
  .option("--version <v>", "with --out: the copy's model version")
  .option("--name <name>", "with --out: the copy's model name")
  .parse();
const opts = program.opts<{ model: string; bank: string; bankSize: string; out?: string; version?: string; name?: string }>();

let dir = opts.model;
if (opts.out) {
  await cp(opts.model, opts.out, { recursive: true, errorOnExist: true, force: false });
  dir = opts.out;
  const file = path.join(dir, "model.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as { version: string; name: string };
  if (opts.version) manifest.version = opts.version;
  if (opts.name) manifest.name = opts.name;
  await writeFile(file, JSON.stringify(manifest, null, 2) + "\n");
}
const rows = (await readFile(path.join(opts.bank, "tracks.jsonl"), "utf8"))
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { split?: string; captions?: string[] });
const captions = rows.filter((t) => t.split === "train").flatMap((t) => t.captions ?? []);
const result = await writeTextCentre(dir, captions, Number(opts.bankSize));
process.stderr.write(`${dir}: text.centre from ${result.captions} training captions, norm ${result.norm.toFixed(3)}\n`);
