import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { parseJsonLines, readQueryLines, trackLineSchema } from "../ingest/dataset-lines.ts";

/**
 * A track line as training reads it (see H3's corpus layout): the data set line every reader
 * shares (ingest/dataset-lines.ts), with the fields training uses typed and defaulted.
 */
const corpusLineSchema = trackLineSchema.extend({
  captions: z.array(z.string()).default([]),
  /** a user's catalog line: one free-text description (the shared-data layout) */
  description: z.string().optional(),
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

/**
 * Reads `<dir>/tracks.jsonl`: each track's texts are its `captions` and its `description` (a user's
 * catalog), plus the text of every `queries.jsonl` query naming it as relevant — the same texts
 * `fit-head` pairs with audio. Queries are added to training-split tracks only: a validation
 * track's query is what validation asks (the synthetic corpus holds one phrasing out that way).
 * Uncaptioned tracks are kept: they serve crop-positive training.
 */
export async function readCorpus(dir: string): Promise<CorpusTrack[]> {
  const file = path.join(dir, "tracks.jsonl");
  const corpus = path.basename(path.resolve(dir));
  const tracks: CorpusTrack[] = parseJsonLines(await readFile(file, "utf8"), corpusLineSchema, file).map(({ id, captions, description, labels, split, ...line }) => ({
    key: `${corpus}/${id}`,
    corpus,
    id,
    file: path.resolve(dir, line.file),
    captions: [...new Set([...captions, ...(description ? [description] : [])].map((c) => c.trim()).filter(Boolean))],
    labels: flattenLabels(labels ?? {}),
    split,
  }));
  const byId = new Map(tracks.map((t) => [t.id, t]));
  for (const query of (await readQueryLines(dir)) ?? []) {
    const text = query.text.trim();
    for (const id of query.relevant) {
      const t = byId.get(id);
      if (text && t?.split === "train" && !t.captions.includes(text)) t.captions.push(text);
    }
  }
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

