import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Adam } from "./adam.ts";
import type { DualEncoderConfig, DualEncoderParams } from "./model.ts";
import type { CheckpointableRngState } from "../util/random.ts";

/** Everything needed to continue a run exactly where it stopped (end of an epoch). */
export interface CheckpointMeta {
  /** epochs completed */
  epoch: number;
  adamStep: number;
  rng: CheckpointableRngState;
  config: DualEncoderConfig;
  /** free-form run options, compared on resume so a different recipe is not silently mixed in */
  recipe: Record<string, unknown>;
  history: { epoch: number; loss: number; valRecallAt10?: number }[];
  tensors: { name: string; shape: number[]; offset: number }[];
}

function allTensors(params: DualEncoderParams, adam: Adam): [string, tf.Variable][] {
  return [
    ...[...params.trainable].map(([k, v]) => [`param.${k}`, v] as [string, tf.Variable]),
    ...[...params.stats].map(([k, v]) => [`stat.${k}`, v] as [string, tf.Variable]),
    ...[...adam.m].map(([k, v]) => [`adam.m.${k}`, v] as [string, tf.Variable]),
    ...[...adam.v].map(([k, v]) => [`adam.v.${k}`, v] as [string, tf.Variable]),
  ];
}

export async function saveCheckpoint(
  dir: string,
  params: DualEncoderParams,
  adam: Adam,
  meta: Omit<CheckpointMeta, "tensors" | "adamStep">,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = allTensors(params, adam);
  const datas = await Promise.all(entries.map(([, v]) => v.data() as Promise<Float32Array>));
  const total = datas.reduce((n, d) => n + d.length, 0);
  const all = new Float32Array(total);
  const tensors: CheckpointMeta["tensors"] = [];
  let offset = 0;
  entries.forEach(([name, v], i) => {
    all.set(datas[i], offset);
    tensors.push({ name, shape: v.shape, offset });
    offset += datas[i].length;
  });
  const full: CheckpointMeta = { ...meta, adamStep: adam.step, tensors };
  // tensors first, then the index that makes them valid: a crash leaves the previous pair usable
  await writeFile(path.join(dir, "checkpoint.bin.tmp"), new Uint8Array(all.buffer));
  await writeFile(path.join(dir, "checkpoint.json.tmp"), JSON.stringify(full));
  await rename(path.join(dir, "checkpoint.bin.tmp"), path.join(dir, "checkpoint.bin"));
  await rename(path.join(dir, "checkpoint.json.tmp"), path.join(dir, "checkpoint.json"));
}

export async function readCheckpointMeta(dir: string): Promise<CheckpointMeta | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, "checkpoint.json"), "utf8")) as CheckpointMeta;
  } catch {
    return null;
  }
}

/** Restores weights, BatchNorm statistics and optimizer state in place; returns the metadata. */
export async function loadCheckpoint(dir: string, params: DualEncoderParams, adam: Adam): Promise<CheckpointMeta> {
  const meta = await readCheckpointMeta(dir);
  if (!meta) throw new Error(`no checkpoint in ${dir}`);
  const bytes = await readFile(path.join(dir, "checkpoint.bin"));
  const all = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(all.buffer).set(bytes);
  const byName = new Map(meta.tensors.map((t) => [t.name, t]));
  for (const [name, variable] of allTensors(params, adam)) {
    const entry = byName.get(name);
    if (!entry || entry.shape.join("x") !== variable.shape.join("x")) {
      throw new Error(`checkpoint ${dir} does not match the model: ${name} missing or reshaped`);
    }
    const n = variable.size;
    tf.tidy(() => variable.assign(tf.tensor(all.slice(entry.offset, entry.offset + n), variable.shape)));
  }
  adam.step = meta.adamStep;
  return meta;
}
