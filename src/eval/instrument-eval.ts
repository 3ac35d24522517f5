import path from "node:path";
import type { Database } from "../db/database.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import { discoverCatalog } from "../ingest/catalog-source.ts";
import { labelValues, readQueryLines, readTrackLines } from "../ingest/dataset-lines.ts";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { EmbeddingRepository } from "../db/repositories/embedding.repository.ts";
import { decodeAudioBytes } from "../embedding/audio-decoder.ts";
import { defaultInstrumentVocabulary, instrumentsNamedIn, type InstrumentVocabulary } from "../labels/instrument-vocabulary.ts";
import { PROMPT_TEMPLATES, type PromptTemplate } from "../labels/word-vectors.ts";
import { InstrumentService, SERVED_INSTRUMENT_TEMPLATE } from "../services/instrument.service.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import type { MoodOrder } from "../services/zero-shot-scorer.ts";
import { seededRandom } from "../util/random.ts";
import { averagePrecision, hitAtK, mean, precisionAtK, randomBaseline, rankOf, recallAtK, shuffled } from "./instrument-metrics.ts";

/**
 * Zero-shot instrument tags measured (issue #20, docs/instruments.md), from the audio embedding
 * alone, through InstrumentService (the path Track.instruments takes), on a scratch database
 * holding only the data set (so percentiles are within that set):
 *
 * - **labelled** (the synthetic corpus's held-out split): each clip's `labels.instruments`
 *   (canonical General MIDI names) read as vocabulary labels, plus the broader vocabulary words
 *   covering them (guitar for electric guitar, synth for synth pad): per clip, precision@k and
 *   recall@k of its top-k instruments; per word, average precision of the clips ranked by it.
 * - **prompts** (musiclm-prompts): queries whose text names a vocabulary instrument; for each of
 *   their clips, is the named instrument among the clip's top-k instruments?
 *
 * Every figure has its random baseline measured in the same run: the same metric over random
 * orders of the vocabulary (per clip) or of the clips (per word).
 */

export const CLIP_KS = [1, 3, 5] as const;
/** Random orders drawn per clip for the per-clip baselines. */
const DRAWS = 200;
/** A word is evaluated per word when at least this many clips have it. */
const MIN_CLIPS_PER_WORD = 5;

export interface OrderFigures {
  order: MoodOrder;
  /** labelled: mean precision@k / recall@k; prompts: share of (prompt, clip) pairs with the named instrument in the top k */
  atK: Record<string, { model: number; random: number }>;
}

export interface TemplateFigures {
  template: PromptTemplate;
  orders: OrderFigures[];
  /** labelled: mean over words of the average precision of clips ranked by the word; prompts: mean catalog percentile of the named instrument */
  ranking: { model: number; random: number };
}

export interface InstrumentEvalResult {
  dataset: string;
  kind: "labelled" | "prompts";
  model: string;
  clips: number;
  vocabulary: number;
  /** labelled: clips with a truth; prompts: (prompt, clip) pairs */
  cases: number;
  templates: TemplateFigures[];
  /** served template, per word: labelled = AP vs random; prompts = per prompt named rank (percentile order) */
  detail: Array<{ name: string; n: number; model: number; random: number }>;
  /** prompts naming an instrument outside the vocabulary cannot count; none are read that way */
  notes: string[];
}

interface Ingested {
  ids: Map<string, string>;
}

/**
 * Only what the scores need: each clip decoded, its audio embedded and stored with a track row
 * (no tempo/key analysis, tags or descriptions, which the full ingest adds and these figures
 * never read; on a shared machine that halves the time).
 */
async function ingest(db: Database, runtime: ModelRuntime, dir: string, log?: (m: string) => void): Promise<Ingested> {
  const items = await discoverCatalog(dir);
  log?.(`embedding the audio of ${items.length} tracks of ${dir}…`);
  const ids = new Map<string, string>();
  let failed = 0;
  for (const [i, item] of items.entries()) {
    try {
      const bytes = new Uint8Array(await readFile(item.file));
      const audio = await decodeAudioBytes(bytes, item.file);
      const vector = await runtime.encoder.embedAudio(audio);
      const contentHash = createHash("sha256").update(bytes).digest("hex");
      const id = await db.transaction(async (tx) => {
        const { record } = await new TrackRepository(tx).insert({
          catalog: item.catalog,
          externalId: item.externalId,
          title: null,
          artist: null,
          album: null,
          durationSeconds: audio.samples.length / audio.sampleRate,
          sourceFile: item.file,
          contentHash,
          metadata: {},
        });
        await new EmbeddingRepository(tx).upsert(record.id, runtime.model.id, "audio", vector);
        return record.id;
      });
      ids.set(item.externalId ?? id, id);
    } catch (err) {
      failed++;
      log?.(`  ${item.file}: ${(err as Error).message}`);
    }
    if ((i + 1) % 25 === 0) log?.(`  ${i + 1}/${items.length}`);
  }
  if (failed) log?.(`${failed} of ${items.length} tracks failed and are left out`);
  return { ids };
}

/** A clip's truth: the labels its instrument names name, and the broader words whose GM programs cover one of them. */
export function truthOf(names: readonly string[], vocabulary: InstrumentVocabulary): Set<string> {
  const byLabel = new Map(vocabulary.instruments.map((e) => [e.label, e]));
  const named = new Set(names.flatMap((n) => instrumentsNamedIn(n, vocabulary)));
  for (const label of [...named]) {
    const gm = byLabel.get(label)?.gm ?? [];
    if (!gm.length) continue;
    // broader: shares a GM program and stands for more of them (bass for double bass, synth for synth pad)
    for (const e of vocabulary.instruments) if (e.gm.length > gm.length && gm.some((p) => e.gm.includes(p))) named.add(e.label);
  }
  return named;
}

/** Each clip's full ranking of the vocabulary (with percentiles) under one template and order. */
async function rankings(db: Database, runtime: ModelRuntime, template: PromptTemplate, trackIds: string[], labels: string[], order: MoodOrder) {
  const service = new InstrumentService(db, runtime, template, labels);
  // every label, also past Track.instruments' top 50: ranks, percentiles and per-word scores need all of them
  return service.rankAll(trackIds, labels, order);
}

export async function evaluateInstrumentsLabelled(db: Database, runtime: ModelRuntime, dir: string, opts: { log?: (m: string) => void } = {}): Promise<InstrumentEvalResult> {
  const vocabulary = defaultInstrumentVocabulary();
  const labels = vocabulary.instruments.map((e) => e.label);
  const records = await readTrackLines(dir);
  const { ids } = await ingest(db, runtime, dir, opts.log);
  const clips = records
    .map((r) => ({ trackId: ids.get(r.id), truth: truthOf(labelValues(r.labels?.instruments), vocabulary) }))
    .filter((c): c is { trackId: string; truth: Set<string> } => !!c.trackId && c.truth.size > 0);
  if (!clips.length) throw new Error(`${dir}/tracks.jsonl has no clip with labels.instruments`);
  const random = seededRandom(`instruments|${dir}`);
  const templates: TemplateFigures[] = [];
  let detail: InstrumentEvalResult["detail"] = [];
  for (const template of Object.keys(PROMPT_TEMPLATES) as PromptTemplate[]) {
    opts.log?.(`scoring "${PROMPT_TEMPLATES[template]}"…`);
    const orders: OrderFigures[] = [];
    let perWord: InstrumentEvalResult["detail"] = [];
    for (const order of ["percentile", "score"] as const) {
      const scored = await rankings(db, runtime, template, clips.map((c) => c.trackId), labels, order);
      const ranked = scored.map((s) => s.map((l) => l.label));
      const atK: OrderFigures["atK"] = {};
      for (const k of CLIP_KS) {
        atK[`P@${k}`] = {
          model: mean(clips.map((c, i) => precisionAtK(ranked[i], c.truth, k))),
          random: randomBaseline(labels, clips.map((c) => c.truth), (r, t) => precisionAtK(r, t, k), DRAWS, random),
        };
        atK[`R@${k}`] = {
          model: mean(clips.map((c, i) => recallAtK(ranked[i], c.truth, k))),
          random: randomBaseline(labels, clips.map((c) => c.truth), (r, t) => recallAtK(r, t, k), DRAWS, random),
        };
      }
      orders.push({ order, atK });
      if (order === "score") {
        // per word: every clip ranked by the word's score (the percentile order is the same order)
        const scoreOf = scored.map((s) => new Map(s.map((l) => [l.label, l.score])));
        perWord = labels
          .map((word) => {
            const relevant = clips.map((c) => c.truth.has(word));
            const n = relevant.filter(Boolean).length;
            if (n < MIN_CLIPS_PER_WORD) return null;
            const byScore = clips.map((_, i) => i).sort((a, b) => scoreOf[b].get(word)! - scoreOf[a].get(word)! || a - b);
            const shuffledAp = mean(Array.from({ length: DRAWS }, () => averagePrecision(shuffled(relevant, random))));
            return { name: word, n, model: averagePrecision(byScore.map((i) => relevant[i])), random: shuffledAp };
          })
          .filter((x): x is NonNullable<typeof x> => x !== null);
      }
    }
    templates.push({ template, orders, ranking: { model: mean(perWord.map((w) => w.model)), random: mean(perWord.map((w) => w.random)) } });
    if (template === SERVED_INSTRUMENT_TEMPLATE) detail = perWord;
  }
  return { dataset: path.basename(dir), kind: "labelled", model: runtime.model.version, clips: ids.size, vocabulary: labels.length, cases: clips.length, templates, detail, notes: [] };
}

export async function evaluateInstrumentPrompts(db: Database, runtime: ModelRuntime, dir: string, opts: { log?: (m: string) => void } = {}): Promise<InstrumentEvalResult> {
  const vocabulary = defaultInstrumentVocabulary();
  const labels = vocabulary.instruments.map((e) => e.label);
  const queries = await readQueryLines(dir);
  if (!queries) throw new Error(`${dir} has no queries.jsonl`);
  const { ids } = await ingest(db, runtime, dir, opts.log);
  const trackIds = [...ids.values()];
  const naming = queries.map((q) => ({ ...q, named: instrumentsNamedIn(q.text, vocabulary) })).filter((q) => q.named.length > 0);
  // one case per (prompt, clip, named instrument)
  const cases = naming.flatMap((q) =>
    q.relevant.filter((r) => ids.has(r)).flatMap((r) => q.named.map((label) => ({ prompt: q.text, trackId: ids.get(r)!, label }))),
  );
  if (!cases.length) throw new Error(`no query of ${dir} names an instrument of the vocabulary`);
  const index = new Map(trackIds.map((id, i) => [id, i]));
  const random = seededRandom(`instruments|${dir}`);
  const templates: TemplateFigures[] = [];
  let detail: InstrumentEvalResult["detail"] = [];
  for (const template of Object.keys(PROMPT_TEMPLATES) as PromptTemplate[]) {
    opts.log?.(`scoring "${PROMPT_TEMPLATES[template]}"…`);
    const orders: OrderFigures[] = [];
    let percentiles: number[] = [];
    let randomPercentiles: number[] = [];
    for (const order of ["percentile", "score"] as const) {
      const scored = await rankings(db, runtime, template, trackIds, labels, order);
      const rankingOf = (c: (typeof cases)[number]) => scored[index.get(c.trackId)!].map((l) => l.label);
      const atK: OrderFigures["atK"] = {};
      for (const k of CLIP_KS) {
        atK[`hit@${k}`] = {
          model: mean(cases.map((c) => (hitAtK(rankingOf(c), new Set([c.label]), k) ? 1 : 0))),
          random: randomBaseline(labels, cases.map((c) => new Set([c.label])), (r, t) => (hitAtK(r, t, k) ? 1 : 0), DRAWS, random),
        };
      }
      orders.push({ order, atK });
      if (order === "percentile") {
        const percentileOf = (trackIndex: number, label: string) => scored[trackIndex].find((l) => l.label === label)?.percentile ?? 0.5;
        percentiles = cases.map((c) => percentileOf(index.get(c.trackId)!, c.label));
        // baseline: the same word's percentile on clips drawn at random from the set
        randomPercentiles = cases.flatMap((c) => Array.from({ length: DRAWS }, () => percentileOf(Math.floor(random() * trackIds.length), c.label)));
        if (template === SERVED_INSTRUMENT_TEMPLATE) {
          const byPrompt = new Map<string, number[]>();
          for (const c of cases) byPrompt.set(`${c.prompt} → ${c.label}`, [...(byPrompt.get(`${c.prompt} → ${c.label}`) ?? []), rankOf(rankingOf(c), c.label) ?? labels.length]);
          detail = [...byPrompt].map(([name, ranks]) => ({ name, n: ranks.length, model: mean(ranks), random: (labels.length + 1) / 2 }));
        }
      }
    }
    // a clip's percentile for the named word among this set's clips: 0.5 is what a random word gets on average
    templates.push({ template, orders, ranking: { model: mean(percentiles), random: mean(randomPercentiles) } });
  }
  const outside = queries.length - naming.length;
  return {
    dataset: path.basename(dir),
    kind: "prompts",
    model: runtime.model.version,
    clips: trackIds.length,
    vocabulary: labels.length,
    cases: cases.length,
    templates,
    detail,
    notes: [`${naming.length} of ${queries.length} prompts name a vocabulary instrument (${outside} do not and are left out): ${naming.map((q) => `"${q.text.length > 60 ? `${q.text.slice(0, 57)}…` : q.text}" → ${q.named.join(", ")}`).join("; ")}`],
  };
}
