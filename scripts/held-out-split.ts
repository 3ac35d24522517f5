/**
 * Writes the held-out (`split: "val"`) part of a corpus as a data set folder of its own, so that
 * `tunelens eval` scores only clips the model never trained on:
 *   npx tsx scripts/held-out-split.ts data/corpus/synthetic data/corpus/synthetic-val
 *   npx tsx scripts/held-out-split.ts --with-descriptions data/corpus/synthetic data/corpus/synthetic-val-described
 * Its audio files are hard links to the corpus's (copies across file systems); captions are dropped (they are training text),
 * each clip keeps its `labels` (scoring only) and the corpus's val queries are copied.
 * --with-descriptions keeps one catalog description per clip, its tag-list caption (what a
 * catalog's tags look like), so eval can compare the audio, description and fused rankings.
 * Validation clips hold out their query's phrasing style entirely, so a description is never the
 * query text (checked below).
 */
import { copyFile, link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";

const program = new Command()
  .argument("<corpus>", "corpus folder (tracks.jsonl with split, queries.jsonl, audio/)")
  .argument("<out>", "output data set folder (replaced)")
  .option("--with-descriptions", "keep each clip's tag-list caption as its catalog description")
  .parse();
const [source, target] = program.args;
const withDescriptions = Boolean(program.opts<{ withDescriptions?: boolean }>().withDescriptions);

interface CorpusTrack {
  id: string;
  file: string;
  split: string;
  labels: unknown;
  captions: string[];
  captionStyles?: string[];
}
const lines: CorpusTrack[] = (await readFile(path.join(source, "tracks.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
const held = lines
  .filter((t) => t.split === "val")
  .map((t) => {
    if (!withDescriptions) return { id: t.id, file: t.file, labels: t.labels };
    const i = Math.max(0, (t.captionStyles ?? []).indexOf("tags"));
    return { id: t.id, file: t.file, description: t.captions[i], labels: t.labels };
  });
const ids = new Set(held.map((t) => t.id));
const queries: Array<{ text: string; relevant: string[] }> = (await readFile(path.join(source, "queries.jsonl"), "utf8"))
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .filter((q) => q.relevant.every((id: string) => ids.has(id)));
const descriptions = new Set(held.map((t) => ("description" in t ? t.description : undefined)).filter(Boolean));
const leaks = queries.filter((q) => descriptions.has(q.text)).length;
if (leaks) throw new Error(`${leaks} queries equal a description`);
await rm(target, { recursive: true, force: true });
await mkdir(target, { recursive: true });
// Hard links (a copy across file systems), not a symlink to the corpus's audio folder: ingest
// refuses files that resolve outside the data set folder (src/ingest/catalog-source.ts), so a
// linked folder would leave the split with no tracks at all.
for (const t of held) {
  const to = path.join(target, t.file);
  await mkdir(path.dirname(to), { recursive: true });
  await link(path.resolve(source, t.file), to).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "EXDEV" && err.code !== "EPERM") throw err;
    return copyFile(path.resolve(source, t.file), to);
  });
}
await writeFile(path.join(target, "tracks.jsonl"), held.map((t) => JSON.stringify(t)).join("\n") + "\n");
await writeFile(path.join(target, "queries.jsonl"), queries.map((q) => JSON.stringify(q)).join("\n") + "\n");
process.stdout.write(`${held.length} held-out clips${withDescriptions ? " with descriptions" : ""}, ${queries.length} queries → ${target}\n`);
