import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "../../src/db/database.ts";
import { loadEncoder } from "../../src/embedding/onnx-encoder.ts";
import { bootstrapModel } from "../../src/services/model-bootstrap.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { DEFAULT_MODEL_DIR } from "../../src/config.ts";

export const SHARED_DATA = fileURLToPath(new URL("../../../shared/data/", import.meta.url));
export const LIBROSA_MUSIC = path.join(SHARED_DATA, "librosa-music");
export const MUSTANGO = path.join(SHARED_DATA, "mustango-captions");

/** The model the suite serves: the shipped default unless TUNELENS_MODEL_DIR names another. */
export const TEST_MODEL_DIR = process.env.TUNELENS_MODEL_DIR || DEFAULT_MODEL_DIR;

/** The shipped default model, served through onnxruntime-node, registered in `db`. */
export async function shippedModelRuntime(db: Database): Promise<ModelRuntime> {
  const encoder = await loadEncoder(TEST_MODEL_DIR);
  return bootstrapModel(db, encoder, encoder.manifest);
}
