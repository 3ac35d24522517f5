import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadEncoder } from "../embedding/onnx-encoder.ts";

/** Captions drawn for the centre; the probe that measured centring used the same strided 4,000. */
export const TEXT_CENTRE_BANK = 4000;

export interface TextCentreResult {
  captions: number;
  /** norm of the centre: how far the mean caption is from the origin (1 = every caption the same) */
  norm: number;
}

/**
 * Writes `text.centre` into the model.json of `modelDir`: the mean unit text vector of an evenly
 * strided sample of `captions` (the model's own training captions, never an evaluation set's
 * texts), computed through the serving encoder itself, so the constant is what serving subtracts
 * from. Any centre already in the manifest is dropped first, so running it twice gives the same
 * file. Why centre at all: docs/model-levers.md, "Score normalisation at query time".
 */
export async function writeTextCentre(modelDir: string, captions: readonly string[], size = TEXT_CENTRE_BANK): Promise<TextCentreResult> {
  const file = path.join(modelDir, "model.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as { text: { centre?: number[] } };
  delete manifest.text.centre;
  await writeFile(file, JSON.stringify(manifest, null, 2) + "\n");

  const distinct = [...new Set(captions)];
  if (!distinct.length) throw new Error(`writeTextCentre: no captions to centre ${modelDir} on`);
  const stride = Math.max(1, Math.floor(distinct.length / size));
  const bank = distinct.filter((_, i) => i % stride === 0).slice(0, size);
  const encoder = await loadEncoder(modelDir);
  const sum = new Float64Array(encoder.dimensions);
  try {
    for (let i = 0; i < bank.length; i += 256) {
      for (const v of await encoder.embedTexts(bank.slice(i, i + 256))) for (let d = 0; d < v.length; d++) sum[d] += v[d];
    }
  } finally {
    await encoder.close();
  }
  const centre = Array.from(sum, (s) => Math.fround(s / bank.length));
  manifest.text.centre = centre;
  await writeFile(file, JSON.stringify(manifest, null, 2) + "\n");
  return { captions: bank.length, norm: Math.hypot(...centre) };
}
