import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * The lines of a data set folder (`tracks.jsonl`, `queries.jsonl`; docs/api.md "data set layout"),
 * read the same way by ingest, training and evaluation. Ids may be written as numbers or strings
 * and are strings from here on: `relevant: [3]` names the track whose line says `"id": 3`, which
 * ingest stores as external id "3". (Readers that each cast lines to their own shape disagreed:
 * training refused numeric ids, and evaluation compared numbers with stored strings, so every such
 * query counted as a miss.)
 */

const lineId = z.union([z.string().min(1).max(500), z.number()]).transform(String);

/**
 * One track line (or one `tracks.csv` record). Only `id` and `file` are required; every other
 * field passes through untouched, because ingest keeps catalog metadata verbatim. `labels` is
 * ground truth for evaluation and training, never ingested (catalog-source.ts drops it).
 */
export const trackLineSchema = z
  .object({
    id: lineId,
    file: z.string().min(1).max(4096),
    // ground truth only some readers use; a line whose labels are not an object is read without them
    labels: z.record(z.string(), z.unknown()).optional().catch(undefined),
  })
  .passthrough();
export type TrackLine = z.infer<typeof trackLineSchema>;

/** One query line: a text and the ids of the tracks relevant to it. */
export const queryLineSchema = z
  .object({
    id: lineId.optional(),
    text: z.string(),
    relevant: z.array(lineId).default([]),
  })
  .passthrough();
export type QueryLine = z.infer<typeof queryLineSchema>;

export class DatasetLineError extends Error {}

/** Parses JSON lines (blank lines skipped); an invalid line fails with `file:line: reason`. */
export function parseJsonLines<S extends z.ZodType>(text: string, schema: S, file: string): Array<z.output<S>> {
  const out: Array<z.output<S>> = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new DatasetLineError(`${file}:${i + 1}: not valid JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DatasetLineError(`${file}:${i + 1}: ${issue?.path.join(".") || "(line)"}: ${issue?.message}`);
    }
    out.push(parsed.data);
  });
  return out;
}

/** `<dir>/tracks.jsonl`, every line checked. */
export async function readTrackLines(dir: string): Promise<TrackLine[]> {
  const file = path.join(dir, "tracks.jsonl");
  return parseJsonLines(await readFile(file, "utf8"), trackLineSchema, file);
}

/** `<dir>/queries.jsonl`, every line checked; null when the data set has none. */
export async function readQueryLines(dir: string): Promise<QueryLine[] | null> {
  const file = path.join(dir, "queries.jsonl");
  const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  return text === null ? null : parseJsonLines(text, queryLineSchema, file);
}

/** A label written as one string or as a list, as a list of strings (anything else: none). */
export function labelValues(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
}
