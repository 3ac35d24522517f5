import type { Encoder } from "../embedding/encoder.ts";
import type { ModelRecord } from "../db/repositories/model.repository.ts";

/** The model the process serves with: its encoder and its row in the `models` table. */
export interface ModelRuntime {
  encoder: Encoder;
  model: ModelRecord;
}
