import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * `models/<version>/model.json`: everything the serving side needs to turn audio and text into
 * vectors of the shared space. Training writes it; `loadEncoder` reads it. The front-end
 * parameters live here (not in code) so that serving computes exactly what training saw.
 */
export const logMelFrontendSchema = z.object({
  kind: z.literal("logmel"),
  sampleRate: z.number().int().positive(),
  nMels: z.number().int().positive(),
  nFft: z.number().int().positive(),
  hopLength: z.number().int().positive(),
  fMin: z.number().nonnegative(),
  fMax: z.number().positive(),
  /** frames per window fed to the audio tower: input shape [N, 1, nMels, windowFrames] */
  windowFrames: z.number().int().positive(),
  /** hop between windows at inference; window embeddings are mean-pooled */
  hopFrames: z.number().int().positive(),
  /** at most this many windows per track (evenly spaced) to bound encode time */
  maxWindows: z.number().int().positive().default(24),
  /** per-mel-band normalisation applied after log compression (length nMels) */
  mean: z.array(z.number()).optional(),
  std: z.array(z.number()).optional(),
});
export type LogMelFrontend = z.infer<typeof logMelFrontendSchema>;

export const textFrontendSchema = z.object({
  /**
   * "use+bow": USE-lite 512-d sentence vector ⊕ bag-of-words over `vocabulary`; "bow": words only;
   * "glove+bow" / "glove": weighted mean of GloVe word vectors from `glove` (⊕ bag-of-words)
   * "use+glove+bow" / "use+glove": both sentence and word vectors (⊕ bag-of-words)
   */
  kind: z.enum(["use+bow", "bow", "use", "glove+bow", "glove", "use+glove+bow", "use+glove"]),
  /** file (relative to the model folder) holding a JSON array of words */
  vocabulary: z.string().optional(),
  /** file (relative to the model folder) holding the GloVe subset (src/embedding/glove-table.ts) */
  glove: z.string().optional(),
});
export type TextFrontend = z.infer<typeof textFrontendSchema>;

const towerSchema = <F extends z.ZodTypeAny>(frontend: F) =>
  z.object({
    onnx: z.string(),
    input: z.string(),
    output: z.string(),
    frontend,
  });

export const modelManifestSchema = z.object({
  name: z.string(),
  version: z.string().regex(/^[A-Za-z0-9._-]+$/),
  dimensions: z.number().int().positive().max(4096),
  audio: towerSchema(logMelFrontendSchema),
  text: towerSchema(textFrontendSchema),
  trained: z.boolean().default(true),
  metrics: z.record(z.string(), z.unknown()).default({}),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;

export interface LoadedManifest {
  manifest: ModelManifest;
  /** absolute folder holding model.json and the files it names */
  dir: string;
}

export async function readModelManifest(dir: string): Promise<LoadedManifest> {
  const file = path.join(dir, "model.json");
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    throw new Error(`model manifest not found: ${file}`);
  }
  const parsed = modelManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(`invalid model manifest ${file}: ${parsed.error.message}`);
  }
  return { manifest: parsed.data, dir: path.resolve(dir) };
}
