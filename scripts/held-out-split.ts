/**
 * Writes the held-out (`split: "val"`) part of a corpus as a data set folder of its own, so that
 * `tunelens eval` scores only clips the model never trained on:
 *   npx tsx scripts/held-out-split.ts data/corpus/synthetic data/corpus/synthetic-val
 * The audio folder is a symlink to the corpus's; captions are dropped (they are training text),
 * each clip keeps its `labels` (scoring only) and the corpus's val queries are copied.
 */
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  process.stderr.write("usage: held-out-split.ts CORPUS_DIR OUT_DIR\n");
  process.exit(2);
}
const lines = (await readFile(path.join(source, "tracks.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
const held = lines.filter((t) => t.split === "val").map((t) => ({ id: t.id, file: t.file, labels: t.labels }));
const ids = new Set(held.map((t) => t.id));
const queries = (await readFile(path.join(source, "queries.jsonl"), "utf8"))
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .filter((q) => q.relevant.every((id: string) => ids.has(id)));
await rm(target, { recursive: true, force: true });
await mkdir(target, { recursive: true });
await symlink(path.resolve(source, "audio"), path.join(target, "audio"));
await writeFile(path.join(target, "tracks.jsonl"), held.map((t) => JSON.stringify(t)).join("\n") + "\n");
await writeFile(path.join(target, "queries.jsonl"), queries.map((q) => JSON.stringify(q)).join("\n") + "\n");
process.stdout.write(`${held.length} held-out clips, ${queries.length} queries → ${target}\n`);
