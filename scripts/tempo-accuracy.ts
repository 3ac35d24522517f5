/**
 * Tempo estimator accuracy against labelled tempos (docs/tempo.md): for each data set, the tracks
 * with a known tempo — `labels.bpm` in tracks.jsonl (the synthetic corpus), or the tempo stated in
 * the caption of the query a clip was generated from (mustango-captions) — are decoded and their
 * tempo estimated by the ingest path (describeAudio). Prints, per set, the share within 4 % of the
 * label (Accuracy 1) and within 4 % of the label, half or double it (octave errors allowed).
 *
 *   npx tsx scripts/tempo-accuracy.ts [--limit N] [--json FILE] DIR...
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { decodeAudioFile } from "../src/embedding/audio-decoder.ts";
import { describeAudio } from "../src/embedding/audio-descriptors.ts";
import { parseQueryConstraints } from "../src/services/query-constraints/parse-query.ts";

interface Line {
  id: string;
  file: string;
  labels?: { bpm?: number };
}

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const limit = Number(flag("--limit") ?? Infinity);
const jsonOut = flag("--json");

const jsonl = async <T>(file: string): Promise<T[]> =>
  (await readFile(file, "utf8").catch(() => "")).split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as T);

export const within = (estimate: number, label: number, tolerance = 0.04) => Math.abs(estimate - label) <= tolerance * label;

const report: Record<string, unknown>[] = [];
for (const dir of args) {
  const tracks = await jsonl<Line>(path.join(dir, "tracks.jsonl"));
  const stated = new Map<string, number>();
  for (const q of await jsonl<{ text: string; relevant: string[] }>(path.join(dir, "queries.jsonl"))) {
    const bpm = parseQueryConstraints(q.text)?.bpm;
    if (bpm) for (const id of q.relevant) stated.set(id, bpm);
  }
  const labelled = tracks.map((t) => ({ t, bpm: t.labels?.bpm ?? stated.get(t.id) ?? null })).filter((x): x is { t: Line; bpm: number } => x.bpm !== null);
  // every k-th track: the synthetic corpus cycles through its genres, so a stride keeps the mix
  const stride = Math.max(1, Math.floor(labelled.length / Math.min(limit, labelled.length)));
  const sample = labelled.filter((_, i) => i % stride === 0).slice(0, limit);
  let acc1 = 0;
  let acc2 = 0;
  let none = 0;
  const rows: Array<{ id: string; label: number; estimate: number | null }> = [];
  for (const { t, bpm } of sample) {
    const estimate = describeAudio(await decodeAudioFile(path.join(dir, t.file))).bpm;
    rows.push({ id: t.id, label: bpm, estimate });
    if (estimate === null) none++;
    else {
      if (within(estimate, bpm)) acc1++;
      if ([1, 0.5, 2].some((k) => within(estimate, bpm * k))) acc2++;
    }
  }
  const n = sample.length;
  const r = { dataset: path.basename(path.resolve(dir)), tracks: n, accuracy1: acc1 / n, accuracyOctave: acc2 / n, noEstimate: none / n, rows };
  report.push(r);
  console.log(`${r.dataset}: ${n} labelled tracks, within 4 % ${(100 * r.accuracy1).toFixed(1)} %, allowing octave ${(100 * r.accuracyOctave).toFixed(1)} %, no estimate ${(100 * r.noEstimate).toFixed(1)} %`);
}
if (jsonOut) await writeFile(jsonOut, JSON.stringify(report, null, 1));
