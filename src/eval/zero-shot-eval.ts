import path from "node:path";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { Database } from "../db/database.ts";
import { LabelRepository } from "../db/repositories/label.repository.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import { discoverCatalog } from "../ingest/catalog-source.ts";
import { labelValues, readTrackLines } from "../ingest/dataset-lines.ts";
import { IngestService } from "../ingest/ingest-service.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { SERVED_MOOD_SETTINGS } from "../services/mood.service.ts";
import { clusterLabels, DEFAULT_CLUSTER_THRESHOLD } from "../labels/label-clustering.ts";
import { moodQuery, moodScore, vocabularyMean } from "../labels/mood-score.ts";
import { DEFAULT_VOCABULARY_FILES, defaultLabels, readVocabulary } from "../labels/vocabulary.ts";
import { PROMPT_TEMPLATES, wordVectorsFor, type PromptTemplate } from "../labels/word-vectors.ts";

/**
 * Zero-shot mood retrieval on a labelled data set (the synthetic corpus's held-out split): for a
 * mood word, rank every track by its calibrated score (audio embedding only: the split's
 * descriptions hold mood words, audio does not) and measure precision@k against the clips'
 * labels, beside the random baseline (the share of relevant tracks).
 */

/** The corpus's twelve mood categories: relevant = the category among the clip's `labels.moods`. */
export const CORPUS_MOODS = ["happy", "energetic", "uplifting", "calm", "relaxing", "romantic", "dark", "tense", "aggressive", "epic", "sad", "melancholic"];

/**
 * Words the training captions use as synonyms of a category (src/corpus/moods.ts MOOD_WORDS), so
 * seen in training; relevance = that category, exactly as the corpus defines the word.
 */
export const CAPTION_SYNONYMS: Record<string, string> = { wistful: "melancholic", triumphant: "uplifting", chill: "relaxing" };

/**
 * Words that occur nowhere in src/corpus (so in no training caption) nor in the model's
 * bag-of-words vocabulary. Their ground truth is only the valence/arousal quadrant, the one
 * mapping that is defensible without guessing a category: jubilant is +valence +arousal (Q1),
 * sinister −valence +arousal (Q2), glum −/− (Q3), restful +valence −arousal (Q4).
 */
export const HELD_OUT_WORDS: Record<string, "Q1" | "Q2" | "Q3" | "Q4"> = {
  jubilant: "Q1", joyous: "Q1", cheery: "Q1",
  sinister: "Q2", eerie: "Q2", ferocious: "Q2",
  glum: "Q3", lonely: "Q3", tragic: "Q3",
  restful: "Q4", placid: "Q4", sleepy: "Q4",
};

export const KS = [10, 30] as const;

export interface WordResult {
  word: string;
  group: "corpus mood" | "caption synonym" | "held-out word";
  truth: string;
  relevant: number;
  precision: Record<string, number>;
  random: number;
}

export interface VariantResult {
  template: PromptTemplate;
  clusters: boolean;
  meanP10: Record<WordResult["group"], number>;
}

export interface ZeroShotReport {
  dataset: string;
  model: string;
  tracks: number;
  served: { template: PromptTemplate; clusters: boolean };
  variants: VariantResult[];
  words: WordResult[];
}

interface Clip {
  id: string;
  moods: string[];
  quadrant: string | null;
}

async function readClips(dir: string): Promise<Clip[]> {
  return (await readTrackLines(dir)).flatMap(({ id, labels }) => {
    if (!labels) return [];
    const moods = labelValues(labels.moods);
    return [{ id, moods: moods.length ? moods : labelValues(labels.mood), quadrant: typeof labels.quadrant === "string" ? labels.quadrant : null }];
  });
}

function precisionAt(ranked: readonly boolean[], k: number): number {
  const top = ranked.slice(0, k);
  return top.filter(Boolean).length / Math.max(1, top.length);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export async function evaluateZeroShotMoods(db: Database, runtime: ModelRuntime, dir: string, opts: { log?: (m: string) => void } = {}): Promise<ZeroShotReport> {
  const clips = await readClips(dir);
  if (!clips.length) throw new Error(`${dir}/tracks.jsonl has no clip with labels`);
  const items = await discoverCatalog(dir);
  opts.log?.(`ingesting ${items.length} tracks of ${dir}…`);
  await new IngestService({ db, ...runtime }).ingestAll(items);
  const stored = await new TrackRepository(db).page(100_000, null);
  const idOf = new Map(stored.map((t) => [t.externalId ?? t.id, t.id]));
  const audio = await new LabelRepository(db).trackVectors(runtime.model.id, "audio", stored.map((t) => t.id));
  const scored = clips.filter((c) => audio.has(idOf.get(c.id) ?? ""));
  const vectors = scored.map((c) => audio.get(idOf.get(c.id)!)!);

  const cases: Array<{ word: string; group: WordResult["group"]; truth: string; relevant: (c: Clip) => boolean }> = [
    ...CORPUS_MOODS.map((m) => ({ word: m, group: "corpus mood" as const, truth: m, relevant: (c: Clip) => c.moods.includes(m) })),
    ...Object.entries(CAPTION_SYNONYMS).map(([w, m]) => ({ word: w, group: "caption synonym" as const, truth: m, relevant: (c: Clip) => c.moods.includes(m) })),
    ...Object.entries(HELD_OUT_WORDS).map(([w, q]) => ({ word: w, group: "held-out word" as const, truth: q, relevant: (c: Clip) => c.quadrant === q })),
  ];
  const moodVocabularies = DEFAULT_VOCABULARY_FILES.map(readVocabulary).filter((v) => v.kind === "mood");

  const run = async (template: PromptTemplate, useClusters: boolean): Promise<WordResult[]> => {
    const words = wordVectorsFor(runtime.encoder, template);
    const vocab = await words.vectors(defaultLabels().moods);
    const centre = vocabularyMean([...vocab.values()], runtime.encoder.dimensions);
    const asked = await words.vectors(cases.map((c) => c.word));
    const centroidOf = new Map<string, Float32Array>();
    if (useClusters) {
      const members = await words.vectors(moodVocabularies.flatMap((v) => v.labels));
      const clusters = clusterLabels(moodVocabularies.flatMap((v) => v.labels.map((label) => ({ label, vocabulary: v.name, vector: members.get(label)! }))), DEFAULT_CLUSTER_THRESHOLD);
      for (const c of clusters) for (const m of c.members) centroidOf.set(m.label, c.centroid);
    }
    return cases.map((c) => {
      const q = moodQuery(centroidOf.get(c.word) ?? asked.get(c.word)!, centre);
      const order = vectors.map((v, i) => ({ s: moodScore(v, q), i })).sort((a, b) => b.s - a.s || a.i - b.i);
      const ranked = order.map((o) => c.relevant(scored[o.i]));
      const relevant = ranked.filter(Boolean).length;
      return {
        word: c.word,
        group: c.group,
        truth: c.truth,
        relevant,
        precision: Object.fromEntries(KS.map((k) => [`p@${k}`, precisionAt(ranked, k)])),
        random: relevant / Math.max(1, ranked.length),
      };
    });
  };

  const variants: VariantResult[] = [];
  let servedWords: WordResult[] = [];
  for (const template of Object.keys(PROMPT_TEMPLATES) as PromptTemplate[]) {
    for (const clusters of [false, true]) {
      opts.log?.(`scoring template "${PROMPT_TEMPLATES[template]}"${clusters ? " with cluster centroids" : ""}…`);
      const results = await run(template, clusters);
      const byGroup = (g: WordResult["group"]) => mean(results.filter((r) => r.group === g).map((r) => r.precision["p@10"]));
      variants.push({ template, clusters, meanP10: { "corpus mood": byGroup("corpus mood"), "caption synonym": byGroup("caption synonym"), "held-out word": byGroup("held-out word") } });
      if (template === SERVED_MOOD_SETTINGS.template && clusters === SERVED_MOOD_SETTINGS.useClusters) servedWords = results;
    }
  }
  return {
    dataset: path.basename(dir),
    model: runtime.model.version,
    tracks: scored.length,
    served: { template: SERVED_MOOD_SETTINGS.template, clusters: SERVED_MOOD_SETTINGS.useClusters },
    variants,
    words: servedWords,
  };
}

const f2 = (x: number) => x.toFixed(2);
const best = (r: ZeroShotReport) =>
  [...r.variants].sort((a, b) => b.meanP10["corpus mood"] + b.meanP10["held-out word"] - (a.meanP10["corpus mood"] + a.meanP10["held-out word"]))[0];
const meanRandom = (r: ZeroShotReport, g: WordResult["group"]) => mean(r.words.filter((w) => w.group === g).map((w) => w.random));

/** Markdown (for `tunelens eval --append`) and the plot files it links, written next to the report. */
export async function formatZeroShotReport(r: ZeroShotReport, reportDir: string | null): Promise<{ text: string; files: Array<[string, string]> }> {
  const files: Array<[string, string]> = [];
  const plotName = `zero-shot-moods-${r.dataset}.svg`;
  const lines = [
    "# Zero-shot moods",
    "",
    `Generated by \`tunelens labels eval\` on ${new Date().toISOString().slice(0, 10)}: model \`${r.model}\`, data set \`${r.dataset}\` (${r.tracks} clips, never trained on), ` +
      "ingested into a scratch database. For each word every clip is ranked by its calibrated mood score from the **audio embedding alone** " +
      "(the split's descriptions contain mood words; audio does not), and precision@k is measured against the clips' labels; *random* is the share of relevant clips (the expected precision of a random ranking).",
    "",
    "Score: σ((cos(audio, word) − mean cosine to the default mood vocabulary) / T), T = 0.05 — a logistic of the cosine centred on the vocabulary (0.5 = as close as to the average mood word). " +
      "Track.moods, `filter.mood` and `sort: {by: MOOD}` use the same score.",
    "",
    "Ground truth: corpus moods and caption synonyms count a clip relevant when the category is among its two `labels.moods`; " +
      "held-out words (in no caption, not in the model's bag-of-words vocabulary) only by valence/arousal quadrant (`labels.quadrant`), the one mapping that needs no guess.",
    "",
    "## Prompt template and label clusters (mean precision@10)",
    "",
    "| template | word → cluster centroid | corpus moods (12) | caption synonyms (3) | held-out words (12) |",
    "| --- | --- | --- | --- | --- |",
    ...r.variants.map((v) => {
      const served = v.template === r.served.template && v.clusters === r.served.clusters ? " **(served)**" : "";
      return `| \`${PROMPT_TEMPLATES[v.template]}\`${served} | ${v.clusters ? "yes" : "no"} | ${f2(v.meanP10["corpus mood"])} | ${f2(v.meanP10["caption synonym"])} | ${f2(v.meanP10["held-out word"])} |`;
    }),
    `| random (share of relevant clips) | | ${f2(meanRandom(r, "corpus mood"))} | ${f2(meanRandom(r, "caption synonym"))} | ${f2(meanRandom(r, "held-out word"))} |`,
    "",
    `Best mean of the corpus-mood and held-out columns: \`${PROMPT_TEMPLATES[best(r).template]}\`${best(r).clusters ? " with centroids" : ""}; served: \`${PROMPT_TEMPLATES[r.served.template]}\`${r.served.clusters ? " with centroids" : ""}. ` +
      "The choice is made on the same split it is reported on (6 variants: a small selection effect). " +
      "Held-out words belong to no cluster, so the centroid column cannot change their figures. With 10 clips per word, one clip moves P@10 by 0.10.",
    "",
    `## Per word (served: \`${PROMPT_TEMPLATES[r.served.template]}\`${r.served.clusters ? ", cluster centroids" : ""})`,
    "",
    "| word | kind | relevant = | relevant clips | P@10 | P@30 | random |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...r.words.map((w) => `| ${w.word} | ${w.group} | ${w.truth} | ${w.relevant} | ${f2(w.precision["p@10"])} | ${f2(w.precision["p@30"])} | ${f2(w.random)} |`),
    "",
  ];
  if (reportDir) {
    files.push([path.join(reportDir, plotName), await renderPlot(r)]);
    lines.push(`![zero-shot mood precision@10 vs random](${plotName})`, "");
  }
  return { text: lines.join("\n"), files };
}

function renderPlot(r: ZeroShotReport): Promise<string> {
  const values = r.words.flatMap((w) => [
    { word: w.word, group: w.group, value: w.precision["p@10"], series: "P@10" },
    { word: w.word, group: w.group, value: w.random, series: "random" },
  ]);
  const spec: vl.TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `zero-shot mood precision@10, ${r.dataset} (${r.model})`,
    data: { values },
    mark: "bar",
    width: 18,
    height: 220,
    encoding: {
      column: { field: "word", type: "nominal", sort: r.words.map((w) => w.word), header: { labelAngle: -60, labelAlign: "right", title: null } },
      x: { field: "series", type: "nominal", axis: null },
      y: { field: "value", type: "quantitative", title: "precision@10", scale: { domain: [0, 1] } },
      color: { field: "series", type: "nominal", title: null },
    },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  return view.toSVG();
}
