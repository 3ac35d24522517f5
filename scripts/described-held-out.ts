/**
 * The held-out split with one catalog description per clip, so `tunelens eval` can compare the
 * audio, description and fused rankings (the plain held-out split has no descriptions, and then
 * only the audio ranking exists):
 *   npx tsx scripts/described-held-out.ts data/corpus/synthetic data/corpus/synthetic-val-described
 * Each clip's description is its tag-list caption (what a catalog's tags look like). Validation
 * clips hold out their query's phrasing style entirely, so a description is never the query text.
 */
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  process.stderr.write("usage: described-held-out.ts CORPUS_DIR OUT_DIR\n");
  process.exit(2);
}
const lines = (await readFile(path.join(source, "tracks.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
const held = lines
  .filter((t) => t.split === "val")
  .map((t) => {
    const i = Math.max(0, (t.captionStyles ?? []).indexOf("tags"));
    return { id: t.id, file: t.file, description: t.captions[i], labels: t.labels };
  });
const ids = new Set(held.map((t) => t.id));
const queries = (await readFile(path.join(source, "queries.jsonl"), "utf8"))
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .filter((q) => q.relevant.every((id: string) => ids.has(id)));
const leaks = queries.filter((q) => held.some((t) => t.description === q.text)).length;
if (leaks) throw new Error(`${leaks} queries equal a description`);
await rm(target, { recursive: true, force: true });
await mkdir(target, { recursive: true });
await symlink(path.resolve(source, "audio"), path.join(target, "audio"));
await writeFile(path.join(target, "tracks.jsonl"), held.map((t) => JSON.stringify(t)).join("\n") + "\n");
await writeFile(path.join(target, "queries.jsonl"), queries.map((q) => JSON.stringify(q)).join("\n") + "\n");
process.stdout.write(`${held.length} held-out clips with descriptions, ${queries.length} queries → ${target}\n`);
