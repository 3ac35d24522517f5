import path from "node:path";
import type { Database } from "../db/database.ts";
import { ImputationRepository } from "../db/repositories/imputation.repository.ts";
import { readTrackLines } from "./dataset-lines.ts";
import { imputeField, type ImputedField } from "./imputation.ts";

export interface FieldScore {
  field: ImputedField;
  tracks: number;
  accuracy: number;
  /** always answering the most common value (bpm: the median) */
  majorityBaseline: number;
  majorityValue: string;
  meanConfidence: number;
}

export interface ImputationReport {
  dataset: string;
  k: number;
  audioWeight: number;
  scores: FieldScore[];
}

/**
 * Leave-one-out measurement of retrieval-based imputation on a labelled data set already ingested
 * into `db`: for each labelled track, hide its label, vote among its k nearest *other* tracks'
 * labels, and compare with the hidden label. Labels are read from tracks.jsonl here only: they
 * were never ingested. bpm counts as correct within ±8 %.
 */
export async function evaluateImputation(
  db: Database,
  modelId: number,
  datasetDir: string,
  opts: { k: number; audioWeight: number; fields?: ImputedField[] },
): Promise<ImputationReport> {
  const labels = await readLabels(datasetDir);
  const repo = new ImputationRepository(db);
  const ids = await repo.idsByExternalId([...labels.keys()]);
  const byTrack = new Map([...ids].map(([externalId, id]) => [id, labels.get(externalId)!]));
  const fields = opts.fields ?? ["genre", "mood", "bpm"];
  const tallies = new Map(fields.map((f) => [f, { n: 0, hit: 0, base: 0, conf: 0 }]));
  const majority = new Map(fields.map((f) => [f, majorityOf([...byTrack.values()].map((l) => l[f]))]));
  for (const [trackId, truth] of byTrack) {
    const neighbours = await repo.neighbours(trackId, modelId, opts.audioWeight, opts.k * 3);
    for (const field of fields) {
      const hidden = truth[field];
      if (hidden === null || hidden === undefined) continue;
      const t = tallies.get(field)!;
      const guess = imputeField(field, neighbours, opts.k, (n) => byTrack.get(n.trackId)?.[field] ?? null);
      t.n++;
      t.conf += guess?.confidence ?? 0;
      if (guess && same(field, guess.value, hidden)) t.hit++;
      if (same(field, majority.get(field)!, hidden)) t.base++;
    }
  }
  return {
    dataset: path.basename(datasetDir),
    k: opts.k,
    audioWeight: opts.audioWeight,
    scores: fields.map((field) => {
      const t = tallies.get(field)!;
      return {
        field,
        tracks: t.n,
        accuracy: t.n ? t.hit / t.n : 0,
        majorityBaseline: t.n ? t.base / t.n : 0,
        majorityValue: String(majority.get(field)!),
        meanConfidence: t.n ? t.conf / t.n : 0,
      };
    }),
  };
}

type Labels = Record<ImputedField, string | number | null>;

async function readLabels(dir: string): Promise<Map<string, Labels>> {
  const out = new Map<string, Labels>();
  for (const { id, labels } of await readTrackLines(dir)) {
    if (!labels) continue;
    const text = (v: unknown) => (typeof v === "string" && v ? v : null);
    out.set(id, { genre: text(labels.genre), mood: text(labels.mood), bpm: typeof labels.bpm === "number" ? labels.bpm : null });
  }
  return out;
}

function same(field: ImputedField, a: string | number, b: string | number): boolean {
  if (field === "bpm") return Math.abs(Number(a) - Number(b)) <= 0.08 * Number(b);
  return String(a).toLowerCase() === String(b).toLowerCase();
}

/** The most common value (ties: alphabetically first); for bpm, the median. */
function majorityOf(values: Array<string | number | null>): string | number {
  const present = values.filter((v): v is string | number => v !== null);
  if (present.length && typeof present[0] === "number") {
    const sorted = (present as number[]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
  const counts = new Map<string, number>();
  for (const v of present) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";
}

export function formatImputationReport(reports: readonly ImputationReport[]): string {
  const lines = ["| data set | k | audio weight | field | tracks | imputation accuracy | majority-class baseline | mean confidence |", "| --- | --- | --- | --- | --- | --- | --- | --- |"];
  for (const r of reports) {
    for (const s of r.scores) {
      lines.push(`| ${r.dataset} | ${r.k} | ${r.audioWeight} | ${s.field}${s.field === "bpm" ? " (±8 %)" : ""} | ${s.tracks} | ${(100 * s.accuracy).toFixed(1)} % | ${(100 * s.majorityBaseline).toFixed(1)} % (${s.majorityValue}) | ${s.meanConfidence.toFixed(2)} |`);
    }
  }
  return lines.join("\n");
}
