import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/** One line of a training corpus's `tracks.jsonl` (see H3's corpus layout). */
const corpusLineSchema = z.object({
  id: z.string(),
  file: z.string(),
  captions: z.array(z.string()).default([]),
  labels: z.record(z.string(), z.unknown()).default({}),
  split: z.enum(["train", "val", "test"]).default("train"),
});

export interface CorpusTrack {
  /** unique across corpora: `<corpus folder name>/<id>` */
  key: string;
  corpus: string;
  id: string;
  /** absolute audio path */
  file: string;
  captions: string[];
  labels: Record<string, string>;
  split: "train" | "val" | "test";
}

/** Reads `<dir>/tracks.jsonl`. Uncaptioned tracks are kept: they serve crop-positive training. */
export async function readCorpus(dir: string): Promise<CorpusTrack[]> {
  const file = path.join(dir, "tracks.jsonl");
  const text = await readFile(file, "utf8");
  const corpus = path.basename(path.resolve(dir));
  const tracks: CorpusTrack[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const parsed = corpusLineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
    const { id, captions, labels, split } = parsed.data;
    tracks.push({
      key: `${corpus}/${id}`,
      corpus,
      id,
      file: path.resolve(dir, parsed.data.file),
      captions: captions.map((c) => c.trim()).filter(Boolean),
      labels: flattenLabels(labels),
      split,
    });
  });
  return tracks;
}

/** Labels as strings (arrays joined) so "shares a label" is string equality. */
function flattenLabels(labels: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v === "string" && v) out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else if (Array.isArray(v) && v.length) out[k] = v.map(String).sort().join("|");
  }
  return out;
}

