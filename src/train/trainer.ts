import cliProgress from "cli-progress";
import * as tf from "@tensorflow/tfjs";
import type { LogMelSpectrogram } from "../embedding/log-mel.ts";
import { summarize } from "../eval/retrieval-metrics.ts";
import { Adam } from "./adam.ts";
import { centreCrop, trainingCrop, type ColourAugmentOptions, type SpecAugmentOptions } from "./augment.ts";
import { loadCheckpoint, readCheckpointMeta, saveCheckpoint, type CheckpointMeta } from "./checkpoint.ts";
import { multiPositiveInfoNce, positiveMask } from "./loss.ts";
import { ALIGNMENT_LOG_SCALE, alignmentLoss, alignmentTargetMatrix, type AlignmentTargets } from "./alignment-loss.ts";
import {
  LOG_SCALE_MAX,
  LOG_SCALE_MIN,
  audioForward,
  initDualEncoder,
  textForward,
  updateRunningStats,
  type BatchNormMoments,
  type DualEncoderConfig,
  type DualEncoderParams,
} from "./model.ts";
import { CheckpointableRng } from "../util/random.ts";

/** A training clip: normalised log-mel, the text-feature rows of its captions, an optional label. */
export interface TrainItem {
  key: string;
  spec: LogMelSpectrogram;
  /** rows of TrainingData.text; equal texts share a row (so they count as positives) */
  captions: number[];
  /** value of the label used by --label-positives */
  label?: string;
}

export interface TrainingData {
  items: TrainItem[];
  text: Float32Array[];
  validation?: TrainItem[];
}

export interface TrainerOptions {
  epochs: number;
  batch: number;
  lr: number;
  seed: number;
  /** two crops of one clip are positives (SimCLR-style audio↔audio term; uses uncaptioned clips) */
  cropPositives: boolean;
  /** clips sharing a label are positives too (multi-positive InfoNCE) */
  labelPositives: boolean;
  specAugment: SpecAugmentOptions | null;
  /** random EQ, tilt, gain and band limit per crop (src/train/augment.ts); null = off */
  colourAugment?: ColourAugmentOptions | null;
  weightDecay?: number;
  bnMomentum?: number;
  /** linear warm-up steps before the cosine decay */
  warmupSteps?: number;
  checkpointDir?: string;
  resume?: boolean;
  progress?: boolean;
  onEpoch?: (report: EpochReport) => void;
  /** after every step (for logs when no progress bar is shown) */
  onStep?: (step: number, stepsPerEpoch: number, loss: number, stepsPerSecond: number) => void;
  /** weight of the alignment regularisation toward label-cluster centroids (0 = off; src/train/alignment-loss.ts) */
  alignWeight?: number;
  alignment?: AlignmentTargets;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  stepsPerSecond: number;
  val?: RecallReport;
}

export interface RecallReport {
  queries: number;
  r1: number;
  r5: number;
  r10: number;
}

export interface TrainResult {
  params: DualEncoderParams;
  history: CheckpointMeta["history"];
  seconds: number;
  steps: number;
}

export class Trainer {
  readonly params: DualEncoderParams;
  private readonly adam: Adam;
  private rng: CheckpointableRng;
  private readonly trainableList: tf.Variable[];
  private readonly nameOf = new Map<string, string>();

  constructor(
    readonly config: DualEncoderConfig,
    private readonly data: TrainingData,
    private readonly options: TrainerOptions,
  ) {
    this.rng = new CheckpointableRng(options.seed);
    this.params = initDualEncoder(config, this.rng);
    this.adam = new Adam(this.params.trainable, { lr: options.lr, weightDecay: options.weightDecay ?? 0 });
    this.trainableList = [...this.params.trainable.values()];
    for (const [name, v] of this.params.trainable) this.nameOf.set(v.name, name);
  }

  /** Clips the loss can use: captioned ones, plus uncaptioned ones when crops are positives. */
  private usable(): number[] {
    return this.data.items.flatMap((item, i) => (item.captions.length > 0 || this.options.cropPositives ? [i] : []));
  }

  stepsPerEpoch(): number {
    return Math.floor(this.usable().length / this.options.batch);
  }

  private recipe(): Record<string, unknown> {
    const { epochs: _e, checkpointDir: _c, resume: _r, progress: _p, onEpoch: _o, onStep: _s, colourAugment, ...recipe } = this.options;
    // the band statistics inside the colour options are data, not recipe: keep the knobs only
    return colourAugment ? { ...recipe, colourAugment: { ...colourAugment, std: undefined, mean: undefined } } : recipe;
  }

  async run(): Promise<TrainResult> {
    const o = this.options;
    let startEpoch = 0;
    let history: CheckpointMeta["history"] = [];
    if (o.resume && o.checkpointDir && (await readCheckpointMeta(o.checkpointDir))) {
      const meta = await loadCheckpoint(o.checkpointDir, this.params, this.adam);
      if (JSON.stringify(meta.recipe) !== JSON.stringify(this.recipe())) {
        throw new Error(`checkpoint in ${o.checkpointDir} was trained with a different recipe: ${JSON.stringify(meta.recipe)}`);
      }
      this.rng = new CheckpointableRng(meta.rng);
      startEpoch = meta.epoch;
      history = meta.history;
    }
    const steps = this.stepsPerEpoch();
    if (steps === 0) throw new Error(`not enough training clips for one batch of ${o.batch}`);
    const totalSteps = steps * o.epochs;
    const bar = o.progress
      ? new cliProgress.SingleBar(
          { format: "epoch {epoch} |{bar}| {value}/{total} steps | loss {loss} | {sps} steps/s | eta {eta_formatted}", hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    const started = performance.now();
    let stepsRun = 0;
    for (let epoch = startEpoch; epoch < o.epochs; epoch++) {
      const order = this.rng.shuffle(this.usable());
      const epochStart = performance.now();
      let lossSum = 0;
      bar?.start(steps, 0, { epoch: `${epoch + 1}/${o.epochs}`, loss: "-", sps: "-" });
      for (let s = 0; s < steps; s++) {
        this.adam.lr = this.learningRate(this.adam.step, totalSteps);
        const loss = this.step(order.slice(s * o.batch, (s + 1) * o.batch));
        lossSum += loss;
        stepsRun++;
        const sps = (s + 1) / ((performance.now() - epochStart) / 1000);
        bar?.update(s + 1, { loss: loss.toFixed(3), sps: sps.toFixed(2) });
        o.onStep?.(s + 1, steps, loss, sps);
      }
      bar?.stop();
      const report: EpochReport = {
        epoch: epoch + 1,
        loss: lossSum / steps,
        stepsPerSecond: steps / ((performance.now() - epochStart) / 1000),
        val: this.data.validation?.length ? this.validate(this.data.validation) : undefined,
      };
      history = [...history, { epoch: report.epoch, loss: report.loss, valRecallAt10: report.val?.r10 }];
      if (o.checkpointDir) {
        await saveCheckpoint(o.checkpointDir, this.params, this.adam, {
          epoch: epoch + 1,
          rng: this.rng.state(),
          config: this.config,
          recipe: this.recipe(),
          history,
        });
      }
      // after the checkpoint, so a callback that aborts the run loses nothing
      o.onEpoch?.(report);
    }
    return { params: this.params, history, seconds: (performance.now() - started) / 1000, steps: stepsRun };
  }

  /** Linear warm-up, then cosine decay to a tenth of the base rate. */
  private learningRate(step: number, total: number): number {
    const warm = this.options.warmupSteps ?? Math.min(100, Math.floor(total / 10));
    const w = warm > 0 ? Math.min(1, (step + 1) / warm) : 1;
    const t = Math.min(1, step / Math.max(1, total));
    return this.options.lr * w * (0.1 + 0.45 * (1 + Math.cos(Math.PI * t)));
  }

  /** One optimizer step on the given clips; returns the loss. */
  step(batch: number[]): number {
    const o = this.options;
    const { nMels, windowFrames } = this.config;
    const items = batch.map((i) => this.data.items[i]);
    const crops = o.cropPositives ? 2 : 1;
    const size = nMels * windowFrames;
    const audio = new Float32Array(crops * items.length * size);
    for (let c = 0; c < crops; c++) {
      items.forEach((item, i) => audio.set(trainingCrop(item.spec, windowFrames, this.rng, o.specAugment, o.colourAugment ?? null), (c * items.length + i) * size));
    }
    const captioned = items.flatMap((item, i) => (item.captions.length ? [i] : []));
    const rows = captioned.map((i) => items[i].captions[this.rng.int(items[i].captions.length)]);
    const label = (i: number): string | undefined => (o.labelPositives ? items[i].label : undefined);
    const sharesLabel = (i: number, j: number): boolean => label(i) !== undefined && label(i) === label(j);

    const moments: BatchNormMoments[] = [];
    const lossValue = tf.tidy(() => {
      const x = tf.tensor4d(audio, [crops * items.length, nMels, windowFrames, 1]);
      const textInput = rows.length ? tf.stack(rows.map((r) => tf.tensor1d(this.data.text[r]))) as tf.Tensor2D : null;
      const maskTA = positiveMask(rows.length, rows.length, (i, j) => rows[i] === rows[j] || captioned[i] === captioned[j] || sharesLabel(captioned[i], captioned[j]));
      const select = positiveMask(captioned.length, crops * items.length, (i, j) => captioned[i] === j);
      const maskAA = positiveMask(items.length, items.length, (i, j) => i === j || sharesLabel(i, j));
      const align = o.alignWeight && o.alignment
        ? { centroids: tf.tensor2d(o.alignment.centroids.map((c) => Array.from(c))), targets: alignmentTargetMatrix(items.map((it) => it.key), o.alignment) }
        : null;
      const { value, grads } = tf.variableGrads(() => {
        const emb = audioForward(this.params, this.config, x, true, moments);
        for (const m of moments) {
          tf.keep(m.mean);
          tf.keep(m.variance);
        }
        let loss = tf.scalar(0);
        if (textInput && rows.length > 1) {
          // a one-hot matmul instead of tf.gather: wasm has no UnsortedSegmentSum for gather's gradient
          const a = tf.matMul(select, emb) as tf.Tensor2D;
          const t = textForward(this.params, textInput);
          const scale = tf.clipByValue(this.params.trainable.get("logScale")!, LOG_SCALE_MIN, LOG_SCALE_MAX);
          loss = tf.add(loss, multiPositiveInfoNce(a, t, maskTA, scale));
        }
        if (o.cropPositives) {
          const [e1, e2] = tf.split(emb, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
          const scale = tf.clipByValue(this.params.trainable.get("logScaleAudio")!, LOG_SCALE_MIN, LOG_SCALE_MAX);
          loss = tf.add(loss, multiPositiveInfoNce(e1, e2, maskAA, scale));
        }
        if (align) {
          // one crop per clip is enough for a term on each clip's own embedding
          const first = (crops > 1 ? tf.split(emb, crops, 0)[0] : emb) as tf.Tensor2D;
          loss = tf.add(loss, tf.mul(alignmentLoss(first, align.centroids, align.targets, ALIGNMENT_LOG_SCALE), o.alignWeight!));
        }
        return loss as tf.Scalar;
      }, this.trainableList);
      const named: Record<string, tf.Tensor> = {};
      for (const [varName, g] of Object.entries(grads)) named[this.nameOf.get(varName)!] = g;
      this.adam.apply(this.params.trainable, named);
      return value.dataSync()[0];
    });
    updateRunningStats(this.params, moments, this.options.bnMomentum ?? 0.9);
    tf.dispose(moments.flatMap((m) => [m.mean, m.variance]));
    // keep the learned temperatures inside CLIP's range (the clip above stops their gradient there)
    tf.tidy(() => {
      for (const name of ["logScale", "logScaleAudio"]) {
        const v = this.params.trainable.get(name)!;
        v.assign(tf.clipByValue(v, LOG_SCALE_MIN, LOG_SCALE_MAX));
      }
    });
    return lossValue;
  }

  /** Text→audio recall on clips' first captions, centre windows, BatchNorm in inference mode. */
  validate(items: TrainItem[]): RecallReport {
    const withText = items.filter((i) => i.captions.length > 0);
    const scores = tf.tidy(() => {
      const { nMels, windowFrames } = this.config;
      const audio = embedInChunks(withText.map((i) => centreCrop(i.spec, windowFrames)), (chunk) =>
        audioForward(this.params, this.config, tf.tensor4d(concat(chunk), [chunk.length, nMels, windowFrames, 1]), false),
      );
      const text = embedInChunks(withText.map((i) => this.data.text[i.captions[0]]), (chunk) =>
        textForward(this.params, tf.tensor2d(concat(chunk), [chunk.length, chunk[0].length])),
      );
      return tf.matMul(text, audio, false, true);
    });
    const matrix = scores.arraySync() as number[][];
    scores.dispose();
    return validationRecall(matrix);
  }

  dispose(): void {
    this.adam.dispose();
    for (const v of this.params.trainable.values()) v.dispose();
    for (const v of this.params.stats.values()) v.dispose();
  }
}

function concat(rows: Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  let o = 0;
  for (const r of rows) {
    out.set(r, o);
    o += r.length;
  }
  return out;
}

function embedInChunks(rows: Float32Array[], embed: (chunk: Float32Array[]) => tf.Tensor2D, size = 64): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  for (let i = 0; i < rows.length; i += size) parts.push(embed(rows.slice(i, i + size)));
  return tf.concat(parts, 0);
}

/**
 * Validation recall of a square score matrix whose query i has column i as its one relevant item,
 * scored by the evaluation protocol's own metrics (src/eval/retrieval-metrics.ts).
 */
export function validationRecall(scores: number[][]): RecallReport {
  const outcomes = scores.map((row, i) => ({ relevantRanks: [1 + row.filter((s, j) => j !== i && s > row[i]).length], relevantCount: 1 }));
  const m = summarize(outcomes, scores.length);
  return { queries: outcomes.length, r1: m.recallAt1, r5: m.recallAt5, r10: m.recallAt10 };
}
