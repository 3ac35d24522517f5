import { existsSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadConfig } from "../../config.ts";
import { DEFAULT_AUDIO_TRANSFORMER } from "../../train/audio-transformer-config.ts";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= 0)) throw new InvalidArgumentError(`expected a number ≥ 0, got ${value}`);
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function intList(value: string): number[] {
  const list = value.split(",").map((v) => positiveInt(v.trim()));
  if (list.length === 0) throw new InvalidArgumentError("expected comma-separated integers");
  return list;
}

function patchSize(value: string): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(value.trim());
  if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) throw new InvalidArgumentError(`expected mel bands × frames such as 16x8, got ${value}`);
  return [Number(m[1]), Number(m[2])];
}

/**
 * Where a training writes when --out is not given: a new folder of the models directory named
 * after the model and the time (`tunelens-20261202-195501`), never the shipped model's folder.
 */
export function defaultTrainOut(modelsDir: string, name: string | undefined, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return path.join(modelsDir, `${name ?? "tunelens"}-${stamp}`);
}

/** A model folder that exists is replaced only when asked to (--force): it may be the served model. */
export function checkTrainOut(out: string, force: boolean): void {
  if (!force && existsSync(path.join(out, "model.json"))) {
    throw new InvalidArgumentError(`${out} already holds a model (model.json); pass --force to replace it, or choose another --out`);
  }
}

/** `tunelens train`: trains the dual encoder on one or more corpora and writes a model folder. */
/**
 * The trainer, whose packages (packages/train: tfjs, the MIDI writer) a serving-only install
 * (`npm ci --workspaces=false`, docs/install.md) leaves out: say so instead of a resolver error.
 */
async function loadTraining(): Promise<typeof import("../../train/pipeline.ts")> {
  try {
    return await import("../../train/pipeline.ts");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ERR_MODULE_NOT_FOUND" && /@tensorflow\/|@tonejs\//.test(e.message)) {
      throw new Error("training needs the packages of packages/train, which this serving-only install left out: run `npm ci` (without --workspaces=false)", { cause: err });
    }
    throw err;
  }
}

export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description("train the contrastive dual encoder (tfjs, WASM backend) and export it as ONNX")
    .requiredOption("--data <dir...>", "corpus folders (tracks.jsonl + audio/), several allowed")
    .option("--out <dir>", "model folder to write (default: a new folder <models dir>/<name>-<UTC time>; an existing model is replaced only with --force)")
    .option("--force", "replace the model already in --out", false)
    .option("--name <name>", "model name in model.json (default: the folder name)")
    .option("--model-version <version>", "version string stored with every embedding", "v0.1")
    .option("--epochs <n>", "training epochs (0 exports the random initialisation: the untrained baseline)", nonNegativeInt, 20)
    .option("--batch <n>", "clips per batch", positiveInt, 48)
    .option("--dim <n>", "embedding dimensions", positiveInt, 256)
    .option("--lr <rate>", "peak Adam learning rate", positiveNumber, 1e-3)
    .option("--seed <n>", "random seed (weights, crops, order)", (v) => Number.parseInt(v, 10), 1)
    .addOption(new Option("--text-backbone <kind>", "text features").choices(["use+bow", "bow", "use", "glove+bow", "glove", "use+glove+bow", "use+glove"]).default("glove+bow"))
    .option("--crop-positives", "two crops of one clip are positives (audio↔audio term; uses uncaptioned audio)", false)
    .option("--label-positives", "clips sharing a label are positives (multi-positive InfoNCE)", false)
    .option("--label-key <key>", "which label --label-positives compares", "genre")
    .option("--align-weight <w>", "weight of the alignment term pulling audio toward its mood words' centroids (0 = off)", nonNegativeNumber, 0)
    .option("--no-spec-augment", "disable SpecAugment time/frequency masks")
    .option("--no-query-centre", "do not write text.centre (the mean training-caption vector that queries are moved away from)")
    .option("--colour-augment", "random EQ, tilt, gain and band limit per training crop (another production of the same music)", false)
    .option("--channels <list>", "conv channels per block", intList, [8, 16, 32, 64, 128])
    .addOption(new Option("--audio-tower <kind>", "audio tower: the log-mel CNN, or a small transformer over log-mel patches").choices(["cnn", "transformer"]).default("cnn"))
    .option("--patch <MxF>", "with --audio-tower transformer: patch size in mel bands × frames", patchSize, [DEFAULT_AUDIO_TRANSFORMER.patchMels, DEFAULT_AUDIO_TRANSFORMER.patchFrames])
    .option("--layers <n>", "with --audio-tower transformer: transformer blocks", positiveInt, DEFAULT_AUDIO_TRANSFORMER.layers)
    .option("--width <n>", "with --audio-tower transformer: token width", positiveInt, DEFAULT_AUDIO_TRANSFORMER.width)
    .option("--heads <n>", "with --audio-tower transformer: attention heads", positiveInt, DEFAULT_AUDIO_TRANSFORMER.heads)
    .option("--text-hidden <n>", "text tower hidden width", positiveInt, 512)
    .option("--vocabulary-size <n>", "bag-of-words vocabulary size", positiveInt, 2000)
    .option("--max-captions <n>", "use only the first n captions of each clip", positiveInt)
    .option("--caption-variety <n>", "add n short-prompt / reordered captions per training clip, built from its own labels and captions (0 = off)", nonNegativeInt, 0)
    .option("--train-clips <n>", "use only the first n training clips (data-size ablation)", positiveInt)
    .option("--glove-top-words <n>", "most frequent GloVe words stored in the model besides the caption words", positiveInt)
    .option("--resume", "continue from the checkpoint in --checkpoint-dir", false)
    .option("--checkpoint-dir <dir>", "where checkpoints go (default data/checkpoints/<model folder name>)")
    .option("--cache-dir <dir>", "feature cache", "data/cache")
    .option("--no-progress", "no progress bars")
    .option("--backbone <name>", "instead: fit a projection head on this frozen backbone from models/ (e.g. a CLAP export) on the --data corpora")
    .option("--ridge <lambda>", "with --backbone: ridge strength of the head", positiveNumber, 0.1)
    .action(async (opts) => {
      if (opts.out) checkTrainOut(path.resolve(opts.out), opts.force);
      if (opts.backbone) {
        const { fitHeadOnBackbone } = await import("../fit-head.ts");
        return fitHeadOnBackbone(opts.backbone, opts.data, { out: opts.out, ridge: opts.ridge });
      }
      const out: string = opts.out ?? defaultTrainOut(loadConfig().modelsDir, opts.name);
      process.stderr.write(`training into ${out}\n`);
      // Loaded on demand: tfjs registers global kernels that the serving commands never need.
      const { runTraining } = await loadTraining();
      await runTraining({
        data: opts.data,
        out,
        name: opts.name,
        version: opts.modelVersion,
        epochs: opts.epochs,
        batch: opts.batch,
        dim: opts.dim,
        lr: opts.lr,
        seed: opts.seed,
        textBackbone: opts.textBackbone,
        cropPositives: opts.cropPositives,
        labelPositives: opts.labelPositives,
        labelKey: opts.labelKey,
        alignWeight: opts.alignWeight,
        specAugment: opts.specAugment,
        colourAugment: opts.colourAugment,
        queryCentre: opts.queryCentre,
        channels: opts.channels,
        ...(opts.audioTower === "transformer"
          ? { transformer: { patchMels: opts.patch[0], patchFrames: opts.patch[1], layers: opts.layers, width: opts.width, heads: opts.heads, mlp: 2 * opts.width } }
          : {}),
        textHidden: opts.textHidden,
        vocabularySize: opts.vocabularySize,
        maxCaptions: opts.maxCaptions,
        captionVariety: opts.captionVariety,
        trainClips: opts.trainClips,
        gloveTopWords: opts.gloveTopWords,
        resume: opts.resume,
        checkpointDir: opts.checkpointDir ?? path.join("data", "checkpoints", path.basename(path.resolve(out))),
        cacheDir: opts.cacheDir,
        progress: opts.progress && process.stderr.isTTY === true,
      });
    });
}
