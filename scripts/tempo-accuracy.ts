/**
 * Tempo estimator accuracy against labelled tempos (docs/tempo.md): for each data set, the tracks
 * with a known tempo — `labels.bpm` in tracks.jsonl (the synthetic corpus), the tempo stated in
 * the caption of the query a clip was generated from (mustango-captions), or a `--labels` file
 * (id → stated tempo, e.g. test/fixtures/librosa-stated-tempos.json) — are decoded and their
 * onset autocorrelation computed once by the ingest path (audio-descriptors.ts). Every run prints,
 * per set, the estimator as shipped before (LEGACY_TEMPO) and now (DEFAULT_TEMPO) side by side:
 * Accuracy 1 = within 4 % of the label, Accuracy 2 = within 4 % of the label, ½, 2×, ⅓ or 3× it
 * (octave errors allowed, the MIREX convention), and how the misses are spread.
 *
 *   npx tsx scripts/tempo-accuracy.ts [--limit N] [--labels FILE] [--json FILE] [--cache DIR] DIR...
 *   npx tsx scripts/tempo-accuracy.ts --grid --limit 600 data/corpus/synthetic
 *
 * --grid chooses TempoOptions on the even positions of the first set's sample and reports the
 * best setting on the odd positions (held out), so the choice is not measured on what tuned it.
 * --cache keeps each set's autocorrelations (DIR/<set>-<limit>.json): a second run skips decoding.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { decodeAudioFile } from "../src/embedding/audio-decoder.ts";
import {
  analysisSignal, ANALYSIS_RATE, DEFAULT_TEMPO, LEGACY_TEMPO, pickTempo, tempoAutocorrelation,
  type TempoAutocorrelation, type TempoOptions,
} from "../src/embedding/audio-descriptors.ts";
import { readQueryLines, readTrackLines } from "../src/ingest/dataset-lines.ts";
import { parseQueryConstraints } from "../src/services/query-constraints/parse-query.ts";

interface Line {
  id: string;
  file: string;
  labels?: { bpm?: number };
}
interface Clip {
  id: string;
  label: number;
  ac: TempoAutocorrelation | null;
}

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const bool = (name: string) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const limit = Number(flag("--limit") ?? Infinity);
const jsonOut = flag("--json");
const labelsFile = flag("--labels");
const grid = bool("--grid");
const cacheDir = flag("--cache");

export const within = (estimate: number, label: number, tolerance = 0.04) => Math.abs(estimate - label) <= tolerance * label;

type Outcome = "exact" | "half" | "double" | "third" | "triple" | "2:3 or 3:2" | "other" | "none";
function outcome(estimate: number | null, label: number): Outcome {
  if (estimate === null) return "none";
  if (within(estimate, label)) return "exact";
  const ratios: Array<[number, Outcome]> = [[0.5, "half"], [2, "double"], [1 / 3, "third"], [3, "triple"], [2 / 3, "2:3 or 3:2"], [3 / 2, "2:3 or 3:2"]];
  return ratios.find(([k]) => within(estimate, label * k))?.[1] ?? "other";
}

interface Score { n: number; acc1: number; acc2: number; counts: Record<string, number> }
function score(clips: readonly Clip[], o: TempoOptions): Score {
  const counts: Record<string, number> = {};
  let acc1 = 0;
  let acc2 = 0;
  for (const c of clips) {
    const k = outcome(c.ac ? pickTempo(c.ac, o) : null, c.label);
    counts[k] = (counts[k] ?? 0) + 1;
    if (k === "exact") acc1++;
    if (["exact", "half", "double", "third", "triple"].includes(k)) acc2++;
  }
  return { n: clips.length, acc1: acc1 / Math.max(1, clips.length), acc2: acc2 / Math.max(1, clips.length), counts };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const line = (name: string, s: Score) =>
  `  ${name.padEnd(8)} within 4 % ${pct(s.acc1).padStart(7)}   Acc2 (octave errors allowed) ${pct(s.acc2).padStart(7)}   ${Object.entries(s.counts).sort().map(([k, v]) => `${k} ${v}`).join(", ")}`;

async function loadSet(dir: string, stated: Map<string, number>): Promise<Clip[]> {
  const tracks: Line[] = (await readTrackLines(dir)).map(({ id, file, labels }) => ({ id, file, labels: { bpm: typeof labels?.bpm === "number" ? labels.bpm : undefined } }));
  for (const q of (await readQueryLines(dir)) ?? []) {
    const bpm = parseQueryConstraints(q.text)?.bpm;
    if (bpm) for (const id of q.relevant) if (!stated.has(id)) stated.set(id, bpm);
  }
  const labelled = tracks.map((t) => ({ t, bpm: t.labels?.bpm ?? stated.get(t.id) ?? null })).filter((x): x is { t: Line; bpm: number } => x.bpm !== null);
  // every k-th track: the synthetic corpus cycles through its genres, so a stride keeps the mix
  const stride = Math.max(1, Math.floor(labelled.length / Math.min(limit, labelled.length)));
  const sample = labelled.filter((_, i) => i % stride === 0).slice(0, limit);
  const cacheFile = cacheDir ? path.join(cacheDir, `${path.basename(path.resolve(dir))}-${limit}.json`) : null;
  if (cacheFile) {
    const cached = await readFile(cacheFile, "utf8").then((s) => JSON.parse(s) as Array<Clip & { ac: (Omit<TempoAutocorrelation, "ac"> & { ac: number[] }) | null }>, () => null);
    if (cached) return cached.map((c) => ({ ...c, ac: c.ac ? { ...c.ac, ac: Float64Array.from(c.ac.ac) } : null }));
  }
  const clips: Clip[] = [];
  for (const { t, bpm } of sample) {
    const audio = await decodeAudioFile(path.join(dir, t.file));
    clips.push({ id: t.id, label: bpm, ac: tempoAutocorrelation(analysisSignal(audio), ANALYSIS_RATE) });
  }
  if (cacheFile) {
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFile(cacheFile, JSON.stringify(clips.map((c) => ({ ...c, ac: c.ac ? { ...c.ac, ac: Array.from(c.ac.ac) } : null }))));
  }
  return clips;
}

const extra = labelsFile ? new Map(Object.entries(JSON.parse(await readFile(labelsFile, "utf8")).tempos as Record<string, number>)) : new Map<string, number>();
const report: Record<string, unknown>[] = [];
const sets: Array<{ name: string; clips: Clip[] }> = [];
for (const dir of args) {
  const clips = await loadSet(dir, new Map(extra));
  const name = path.basename(path.resolve(dir));
  sets.push({ name, clips });
  const before = score(clips, LEGACY_TEMPO);
  const after = score(clips, DEFAULT_TEMPO);
  console.log(`${name}: ${clips.length} labelled tracks`);
  console.log(line("before", before));
  console.log(line("after", after));
  report.push({
    dataset: name, tracks: clips.length, before, after, legacy: LEGACY_TEMPO, options: DEFAULT_TEMPO,
    rows: clips.map((c) => ({ id: c.id, label: c.label, before: c.ac ? pickTempo(c.ac, LEGACY_TEMPO) : null, after: c.ac ? pickTempo(c.ac, DEFAULT_TEMPO) : null })),
  });
}

if (grid && sets.length) {
  const { clips } = sets[0];
  const tune = clips.filter((_, i) => i % 2 === 0);
  const held = clips.filter((_, i) => i % 2 === 1);
  const candidates: TempoOptions[] = [];
  // clarity ≥ 0.15: white noise reaches 0.10 (test/embedding/audio-descriptors.test.ts wants no tempo for it)
  for (const priorBpm of [110, 120, 130, 140, 150, 160])
    for (const priorOctaves of [0.5, 0.7, 1, 1.4])
      for (const harmonicSupport of [0, 0.1, 0.25, 0.5])
        for (const clarity of [0.15, 0.2])
          for (const halfRatio of [0.8, 0.9, 1.01]) candidates.push({ priorBpm, priorOctaves, harmonicSupport, clarity, halfRatio });
  // rank by Accuracy 1, then Accuracy 2 (an octave error is a smaller miss than a wrong tempo)
  const ranked = candidates.map((o) => ({ o, s: score(tune, o) })).sort((a, b) => b.s.acc1 - a.s.acc1 || b.s.acc2 - a.s.acc2);
  console.log(`\ngrid: ${candidates.length} settings chosen on ${tune.length} clips (even positions), held out ${held.length} (odd)`);
  for (const { o, s } of ranked.slice(0, 12)) console.log(`  tune ${pct(s.acc1)} / ${pct(s.acc2)}  held out ${pct(score(held, o).acc1)} / ${pct(score(held, o).acc2)}  ${JSON.stringify(o)}`);
  for (const [name, o] of [["legacy", LEGACY_TEMPO], ["default", DEFAULT_TEMPO]] as const) {
    console.log(`  ${name}: tune ${pct(score(tune, o).acc1)} / ${pct(score(tune, o).acc2)}  held out ${pct(score(held, o).acc1)} / ${pct(score(held, o).acc2)}`);
  }
  report.push({ grid: ranked.slice(0, 20).map(({ o, s }) => ({ options: o, tune: s, heldOut: score(held, o) })) });
}
if (jsonOut) await writeFile(jsonOut, JSON.stringify(report, null, 1));
