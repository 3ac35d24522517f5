import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import cliProgress from "cli-progress";
import { buildVocabulary, frontendParts } from "../embedding/text-frontend.ts";
import type { LogMelFrontend, TextFrontend } from "../embedding/model-manifest.ts";
import type { LogMelSpectrogram } from "../embedding/log-mel.ts";
import { bandStatistics, loadAudioCache, normalizeSpectrogram } from "./audio-cache.ts";
import { DEFAULT_COLOUR_AUGMENT, DEFAULT_SPEC_AUGMENT } from "./augment.ts";
import { readCorpus, type CorpusTrack } from "./corpus.ts";
import { captionVariants } from "./caption-variety.ts";
import { exportModel } from "./export-onnx.ts";
import { writeTextCentre } from "./text-centre.ts";
import { DEFAULT_GLOVE_TOP_WORDS, prepareGloveSubset } from "./glove-subset.ts";
import { countParameters, type DualEncoderConfig } from "./model.ts";
import type { AudioTransformerConfig } from "./audio-transformer-config.ts";
import { loadTextFeatures } from "./text-cache.ts";
import { Trainer, type EpochReport, type TrainItem } from "./trainer.ts";
import { useWasmBackend } from "./wasm-backend.ts";
import { TextCentroidAlignment } from "./text-centroid-alignment.ts";
import { MOOD_WORDS } from "../corpus/moods.ts";

/** Front end of the shipped models: 64 mel bands, 32 ms hop, 4.1 s windows (see MODEL_CARD). */
export const DEFAULT_AUDIO_FRONTEND: LogMelFrontend = {
  kind: "logmel",
  sampleRate: 16000,
  nMels: 64,
  nFft: 1024,
  hopLength: 512,
  fMin: 30,
  fMax: 8000,
  windowFrames: 128,
  hopFrames: 64,
  maxWindows: 24,
};

export interface TrainRunOptions {
  data: string[];
  out: string;
  name?: string;
  version: string;
  epochs: number;
  batch: number;
  dim: number;
  lr: number;
  seed: number;
  textBackbone: TextFrontend["kind"];
  cropPositives: boolean;
  labelPositives: boolean;
  labelKey: string;
  specAugment: boolean;
  /** random EQ / tilt / gain / band limit per training crop (generator invariance; src/train/augment.ts) */
  colourAugment?: boolean;
  channels: number[];
  /** a small transformer over log-mel patches instead of the CNN (src/train/audio-transformer.ts) */
  transformer?: AudioTransformerConfig;
  textHidden: number;
  vocabularySize: number;
  /** use only the first N captions of each clip (bounds USE-lite time on big corpora) */
  maxCaptions?: number;
  /** write text.centre (query centring) into the exported model; default true for a trained model */
  queryCentre?: boolean;
  /** extra short-prompt / reordered captions per training clip from its own labels (src/train/caption-variety.ts; 0 = off) */
  captionVariety?: number;
  /** keep only the first N training clips (training-set-size ablation) */
  trainClips?: number;
  /** most frequent GloVe words kept in the model folder besides the training-caption words */
  gloveTopWords?: number;
  /** weight of the alignment regularisation toward the corpus's mood-word centroids (0 = off; src/train/alignment-loss.ts) */
  alignWeight?: number;
  resume: boolean;
  checkpointDir?: string;
  cacheDir: string;
  progress: boolean;
  log?: (line: string) => void;
}

export interface TrainRunResult {
  outDir: string;
  history: EpochReport[];
  seconds: number;
}

/**
 * The whole recipe behind `tunelens train`: read corpora → cached log-mel and text features →
 * per-band statistics and vocabulary from the training split → train → export the model folder.
 */
export async function runTraining(o: TrainRunOptions): Promise<TrainRunResult> {
  const log = o.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const fe: LogMelFrontend = { ...DEFAULT_AUDIO_FRONTEND };

  const corpora: { dir: string; tracks: CorpusTrack[] }[] = [];
  for (const dir of o.data) {
    const tracks = await readCorpus(dir);
    if (o.maxCaptions !== undefined) for (const t of tracks) t.captions = t.captions.slice(0, o.maxCaptions);
    // after --max-captions, so N variants are added to however many captions a clip keeps; training clips only
    if (o.captionVariety) for (const t of tracks) if (t.split === "train" && t.captions.length) t.captions.push(...captionVariants(t, o.captionVariety, o.seed));
    corpora.push({ dir, tracks });
  }
  const specs = new Map<string, LogMelSpectrogram>();
  for (const { dir, tracks } of corpora) {
    const bar = o.progress ? new cliProgress.SingleBar({ format: `log-mel ${path.basename(dir)} |{bar}| {value}/{total}` }, cliProgress.Presets.shades_classic) : null;
    bar?.start(tracks.length, 0);
    const cached = await loadAudioCache(dir, tracks, fe, o.cacheDir, (done) => bar?.update(done));
    bar?.stop();
    for (const [k, v] of cached) specs.set(k, v);
  }
  const tracks = corpora.flatMap((c) => c.tracks);
  // --train-clips keeps the first N training clips (corpus order cycles through the genres, so any prefix is balanced)
  const train = tracks.filter((t) => t.split === "train").slice(0, o.trainClips ?? Infinity);
  const val = tracks.filter((t) => t.split === "val");
  log(`corpora ${o.data.join(", ")}: ${train.length} training clips (${train.filter((t) => t.captions.length).length} captioned), ${val.length} validation`);

  const { mean, std } = bandStatistics(train.map((t) => specs.get(t.key)!), fe.nMels);
  fe.mean = mean.map((x) => Math.fround(x));
  fe.std = std.map((x) => Math.fround(x));

  // Vocabulary from training captions only; the text cache hashes it, so it lives in the cache dir.
  const trainCaptions = train.flatMap((t) => t.captions);
  const parts = frontendParts(o.textBackbone);
  const useBow = parts.bow;
  const vocabulary = useBow ? buildVocabulary(trainCaptions, { minCount: 2, maxSize: o.vocabularySize }) : [];
  const vocabFile = `vocab-${createHash("sha256").update(JSON.stringify(vocabulary)).digest("hex").slice(0, 12)}.json`;
  await mkdir(o.cacheDir, { recursive: true });
  await writeFile(path.join(o.cacheDir, vocabFile), JSON.stringify(vocabulary));
  // Alignment: each corpus mood category is a cluster of its caption words (src/corpus/moods.ts).
  const moodClusters = Object.entries(MOOD_WORDS);
  const alignWords = o.alignWeight ? moodClusters.flatMap(([, words]) => words) : [];
  const texts = [...new Set([...trainCaptions, ...val.flatMap((t) => t.captions), ...alignWords])];
  const rowOf = new Map(texts.map((t, i) => [t, i]));
  log(`text features (${o.textBackbone}, vocabulary ${vocabulary.length}) for ${texts.length} distinct captions`);
  // GloVe: the subset (top words ∪ training-caption words) is written to the cache and later copied into the model folder
  const gloveFile = parts.glove ? await prepareGloveSubset(trainCaptions, o.cacheDir, o.gloveTopWords ?? DEFAULT_GLOVE_TOP_WORDS, log) : undefined;
  const textFe: TextFrontend = { kind: o.textBackbone, ...(useBow ? { vocabulary: vocabFile } : {}), ...(gloveFile ? { glove: gloveFile } : {}) };
  const text = await loadTextFeatures(texts, textFe, o.cacheDir, o.cacheDir, log);

  const toItem = (t: CorpusTrack): TrainItem => ({
    key: t.key,
    spec: normalizeSpectrogram(specs.get(t.key)!, fe.mean!, fe.std!),
    captions: t.captions.map((c) => rowOf.get(c)!),
    label: t.labels[o.labelKey],
  });

  const alignment = o.alignWeight
    ? new TextCentroidAlignment(
        moodClusters.map(([, words]) => words.map((w) => rowOf.get(w)!)),
        new Map(train.map((t) => [t.key, (t.labels.moods ?? "").split("|").map((m) => moodClusters.findIndex(([c]) => c === m)).filter((i) => i >= 0)])),
      )
    : undefined;
  const tf = await useWasmBackend();
  const config: DualEncoderConfig = {
    nMels: fe.nMels,
    windowFrames: fe.windowFrames,
    channels: o.channels,
    ...(o.transformer ? { transformer: o.transformer } : {}),
    textInputDim: text.dimensions,
    textHidden: o.textHidden,
    dim: o.dim,
  };
  const history: EpochReport[] = [];
  const trainer = new Trainer(
    config,
    { items: train.map(toItem), text: text.rows, validation: val.map(toItem) },
    {
      epochs: o.epochs,
      batch: o.batch,
      lr: o.lr,
      seed: o.seed,
      cropPositives: o.cropPositives,
      labelPositives: o.labelPositives,
      alignWeight: o.alignWeight ?? 0,
      alignment,
      specAugment: o.specAugment ? DEFAULT_SPEC_AUGMENT : null,
      colourAugment: o.colourAugment ? { ...DEFAULT_COLOUR_AUGMENT, mean, std } : null,
      weightDecay: 1e-4,
      checkpointDir: o.checkpointDir,
      resume: o.resume,
      progress: o.progress,
      onStep: (step, steps, loss, sps) => {
        if (!o.progress && (step % 20 === 0 || step === steps)) log(`  step ${step}/${steps} loss ${loss.toFixed(4)} ${sps.toFixed(2)} steps/s`);
      },
      onEpoch: (r) => {
        history.push(r);
        // centroids follow the text tower as it trains
        alignment?.refresh(trainer.params, text.rows);
        const val = r.val ? ` | val R@1 ${r.val.r1.toFixed(3)} R@5 ${r.val.r5.toFixed(3)} R@10 ${r.val.r10.toFixed(3)} (${r.val.queries} queries)` : "";
        log(`epoch ${r.epoch}: loss ${r.loss.toFixed(4)} | ${r.stepsPerSecond.toFixed(2)} steps/s${val}`);
      },
    },
  );
  alignment?.refresh(trainer.params, text.rows);
  log(
    `model: audio ${countParameters(trainer.params, "audio.")} + text ${countParameters(trainer.params, "text.")} parameters; ` +
      `${trainer.stepsPerEpoch()} steps/epoch × ${o.epochs} epochs, batch ${o.batch}, backend ${tf.getBackend()}`,
  );
  const result = await trainer.run();
  const last = history.at(-1);
  await exportModel(o.out, trainer.params, config, {
    name: o.name ?? path.basename(path.resolve(o.out)),
    version: o.version,
    audioFrontend: fe,
    textFrontend: { kind: o.textBackbone, ...(useBow ? { vocabulary: "vocab.json" } : {}), ...(gloveFile ? { glove: "glove.bin" } : {}) },
    vocabulary,
    ...(gloveFile ? { gloveSource: path.join(o.cacheDir, gloveFile) } : {}),
    trained: o.epochs > 0,
    metrics: {
      training: {
        corpora: o.data.map((d) => path.basename(path.resolve(d))),
        trainClips: train.length,
        valClips: val.length,
        epochs: o.epochs,
        batch: o.batch,
        lr: o.lr,
        seed: o.seed,
        textBackbone: o.textBackbone,
        ...(o.trainClips !== undefined ? { trainClipsLimit: o.trainClips } : {}),
        maxCaptions: o.maxCaptions,
        ...(o.captionVariety ? { captionVariety: o.captionVariety } : {}),
        cropPositives: o.cropPositives,
        ...(o.colourAugment ? { colourAugment: true } : {}),
        labelPositives: o.labelPositives,
        ...(o.labelPositives ? { labelKey: o.labelKey } : {}),
        ...(o.alignWeight ? { alignWeight: o.alignWeight } : {}),
        ...(o.transformer ? { audioTower: { kind: "transformer", ...o.transformer } } : { channels: o.channels }),
        seconds: Math.round(result.seconds),
        steps: result.steps,
        host: `${os.cpus().length} cpu, tfjs ${tf.getBackend()}`,
      },
      ...(last?.val ? { syntheticVal: { r1: last.val.r1, r5: last.val.r5, r10: last.val.r10, queries: last.val.queries } } : {}),
      finalLoss: last?.loss,
    },
  });
  trainer.dispose();
  if (o.queryCentre !== false && o.epochs > 0) {
    const c = await writeTextCentre(o.out, trainCaptions);
    log(`query centre: ${c.scale} × the mean of ${c.captions} training captions (norm ${c.norm.toFixed(3)}) in model.json text.centre`);
  }
  log(`exported ${o.out} in ${Math.round(result.seconds)} s of training`);
  return { outDir: o.out, history, seconds: result.seconds };
}
