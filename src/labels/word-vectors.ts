import type { Encoder } from "../embedding/encoder.ts";
import { normaliseLabel } from "./vocabulary.ts";

/**
 * How a label word is put to the text tower. Measured on the synthetic corpus's held-out split
 * (docs/quality.md § Zero-shot moods): see ZERO_SHOT_TEMPLATE for the one served.
 */
export const PROMPT_TEMPLATES = { bare: "{word}", song: "a {word} song", music: "{word} music" } as const;
export type PromptTemplate = keyof typeof PROMPT_TEMPLATES;

export function prompt(word: string, template: PromptTemplate): string {
  return PROMPT_TEMPLATES[template].replace("{word}", word);
}

/** Words a process keeps vectors for, per model; a text encoding costs ~25 ms. */
const CACHE_SIZE = 2000;

/**
 * Text-tower vectors of label words, cached (least recently used) per encoder: the same mood
 * words are asked for on every Track.moods field and every filtered search.
 */
export class WordVectors {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    private readonly encoder: Encoder,
    readonly template: PromptTemplate,
    private readonly capacity = CACHE_SIZE,
  ) {}

  get dimensions(): number {
    return this.encoder.dimensions;
  }

  /** Vectors of `words` (normalised: trimmed, lower-cased), encoding only the ones not cached. */
  async vectors(words: readonly string[]): Promise<Map<string, Float32Array>> {
    const keys = [...new Set(words.map(normaliseLabel))];
    const missing = keys.filter((k) => !this.cache.has(k));
    if (missing.length) {
      const encoded = await this.encoder.embedTexts(missing.map((w) => prompt(w, this.template)));
      missing.forEach((w, i) => this.remember(w, encoded[i]));
    }
    const out = new Map<string, Float32Array>();
    for (const k of keys) {
      const v = this.cache.get(k)!;
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.cache.delete(k);
      this.cache.set(k, v);
      out.set(k, v);
    }
    return out;
  }

  private remember(word: string, v: Float32Array): void {
    this.cache.set(word, v);
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
  }
}

const perEncoder = new WeakMap<Encoder, Map<PromptTemplate, WordVectors>>();

/** One cache per (encoder, template) for the whole process. */
export function wordVectorsFor(encoder: Encoder, template: PromptTemplate): WordVectors {
  let byTemplate = perEncoder.get(encoder);
  if (!byTemplate) perEncoder.set(encoder, (byTemplate = new Map()));
  let wv = byTemplate.get(template);
  if (!wv) byTemplate.set(template, (wv = new WordVectors(encoder, template)));
  return wv;
}
