import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * `models/<name>/model.json`: everything the serving side needs to turn audio and text into
 * vectors of the shared space, for every kind of encoder. Training writes the trained tunelens
 * format (log-mel audio tower, feature text tower: TunelensManifest); pretrained (CLAP-style)
 * encoders add waveform audio input, a tokenizer or the OpenAI embeddings API as text tower, and
 * optional projection heads after either backbone. One schema reads both. The front-end
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

/** Raw mono waveform fed to the audio tower: [batch, sampleRate·clipSeconds] float32. */
export const waveformFrontendSchema = z.object({
  kind: z.literal("waveform"),
  sampleRate: z.number().int().min(8000).max(192000),
  /** the fixed clip length the export expects (LAION-CLAP: 10 s at 48 kHz = 480,000 samples) */
  clipSeconds: z.number().positive().max(120),
  /** hop between clip starts; default: clipSeconds (back-to-back windows) */
  hopSeconds: z.number().positive().optional(),
  /** at most this many windows per track (evenly spaced over the track) to bound encode time */
  maxWindows: z.number().int().positive().max(256).default(8),
  /** how window vectors become the track vector */
  pooling: z.enum(["mean", "max"]).default("mean"),
  /** audio shorter than a clip is zero-padded, or repeated to fill the clip (LAION-CLAP "repeatpad") */
  pad: z.enum(["zero", "repeat"]).default("zero"),
});
export type WaveformFrontend = z.infer<typeof waveformFrontendSchema>;

/** A Hugging Face tokenizer read from local files, fed as int64 ids and mask. */
export const tokenizerFrontendSchema = z.object({
  kind: z.literal("tokenizer"),
  /** tokenizer.json (relative to the model folder) */
  tokenizer: z.string().default("tokenizer.json"),
  /** tokenizer_config.json; optional (an empty config is used when absent) */
  tokenizerConfig: z.string().optional(),
  /** sequences are truncated (and padded) to this many tokens */
  maxLength: z.number().int().min(2).max(4096).default(77),
  inputIds: z.string().default("input_ids"),
  /** null for exports without a mask input */
  attentionMask: z.string().nullable().default("attention_mask"),
  tokenTypeIds: z.string().optional(),
  /** pad id when the tokenizer defines none */
  padId: z.number().int().nonnegative().default(0),
});
export type TokenizerFrontend = z.infer<typeof tokenizerFrontendSchema>;

/** Text embeddings from an OpenAI-compatible `/v1/embeddings` (OPENAI_BASE_URL, OPENAI_API_KEY). */
export const openAiFrontendSchema = z.object({
  kind: z.literal("openai"),
  model: z.string().min(1),
  /** asked of models that can shorten their vectors (text-embedding-3-*) */
  dimensions: z.number().int().positive().max(4096).optional(),
});
export type OpenAiFrontend = z.infer<typeof openAiFrontendSchema>;

/** An ONNX head [batch, backboneDim] → [batch, dimensions] applied after a frozen backbone. */
export const projectionSchema = z.object({
  onnx: z.string(),
  input: z.string().default("features"),
  output: z.string().default("embedding"),
});
export type Projection = z.infer<typeof projectionSchema>;

const audioTowerSchema = z.object({
  onnx: z.string(),
  input: z.string(),
  output: z.string(),
  /** second int64 input some exports take: the number of valid samples per row */
  lengthInput: z.string().optional(),
  /** width of the backbone's output when a projection follows (default: `dimensions`) */
  outputDimensions: z.number().int().positive().max(8192).optional(),
  frontend: z.discriminatedUnion("kind", [logMelFrontendSchema, waveformFrontendSchema]),
  projection: projectionSchema.optional(),
});
export type AudioTowerSpec = z.infer<typeof audioTowerSchema>;

const textTowerSchema = z
  .object({
    onnx: z.string().optional(),
    input: z.string().optional(),
    output: z.string().optional(),
    outputDimensions: z.number().int().positive().max(8192).optional(),
    frontend: z.union([textFrontendSchema, tokenizerFrontendSchema, openAiFrontendSchema]),
    projection: projectionSchema.optional(),
    /**
     * Query centring: the mean unit text vector of the training captions. Every text vector is
     * L2-normalised, moved by −centre and normalised again (vector-norm.ts centreAndNormalize).
     */
    centre: z.array(z.number().finite()).min(1).max(8192).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.frontend.kind === "openai") return;
    if (!t.onnx || !t.output) ctx.addIssue({ code: "custom", message: `a ${t.frontend.kind} text tower needs "onnx" and "output"` });
    if (t.frontend.kind !== "tokenizer" && !t.input) ctx.addIssue({ code: "custom", message: `a ${t.frontend.kind} text tower needs "input"` });
  });
export type TextTowerSpec = z.infer<typeof textTowerSchema>;

export const modelManifestSchema = z
  .object({
    /** what `models activate NAME`, a search's `model` and a variant's ranking call it (or its version) */
    name: z.string().min(1).max(100),
    version: z.string().regex(/^[A-Za-z0-9._-]+$/),
    dimensions: z.number().int().positive().max(4096),
    audio: audioTowerSchema,
    text: textTowerSchema,
    trained: z.boolean().default(true),
    metrics: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((m, ctx) => {
    const centre = m.text.centre;
    if (centre && centre.length !== m.dimensions) {
      ctx.addIssue({ code: "custom", path: ["text", "centre"], message: `has ${centre.length} values, the model ${m.dimensions} dimensions` });
    }
    if (centre && Math.hypot(...centre) >= 1) {
      ctx.addIssue({ code: "custom", path: ["text", "centre"], message: "must be a mean of unit vectors (norm below 1)" });
    }
  });
export type ModelManifest = z.infer<typeof modelManifestSchema>;

export interface LoadedManifest {
  manifest: ModelManifest;
  /** absolute folder holding model.json and the files it names */
  dir: string;
}

export class InvalidManifestError extends Error {}

export async function readModelManifest(dir: string): Promise<LoadedManifest> {
  const file = path.join(dir, "model.json");
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    throw new InvalidManifestError(`model manifest not found: ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new InvalidManifestError(`invalid model manifest ${file}: not JSON (${(err as Error).message})`);
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new InvalidManifestError(`invalid model manifest ${file}: ${issues}`);
  }
  return { manifest: parsed.data, dir: path.resolve(dir) };
}

/**
 * The trained tunelens format that `loadEncoder` (onnx-encoder.ts) serves and training writes
 * (export-onnx.ts): log-mel audio, a feature text front end over an ONNX text tower, no projection
 * heads. A narrowing of ModelManifest, not a second schema.
 */
export type TunelensManifest = ModelManifest & {
  audio: { onnx: string; input: string; output: string; frontend: LogMelFrontend };
  text: { onnx: string; input: string; output: string; frontend: TextFrontend };
};

/** True when the manifest is the trained tunelens format (TunelensManifest). */
export function isTunelensManifest(m: ModelManifest): m is TunelensManifest {
  const t = m.text;
  return (
    m.audio.frontend.kind === "logmel" &&
    !m.audio.projection &&
    !m.audio.lengthInput &&
    m.audio.outputDimensions === undefined &&
    t.frontend.kind !== "tokenizer" &&
    t.frontend.kind !== "openai" &&
    !!t.onnx &&
    !!t.input &&
    !!t.output &&
    !t.projection &&
    t.outputDimensions === undefined
  );
}
