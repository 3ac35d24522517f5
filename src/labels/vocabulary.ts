import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * A label vocabulary: the words one catalog (or taxonomy, or a user) uses for moods or genres.
 * Several vocabularies disagree on words for the same thing; `tunelens labels align` clusters
 * them so synonyms share a centroid.
 */
export const VocabularySchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.enum(["mood", "genre"]),
  description: z.string().optional(),
  labels: z.array(z.string().trim().min(1).max(50)).min(1).max(2000),
});
export type Vocabulary = z.infer<typeof VocabularySchema>;

const DIR = fileURLToPath(new URL("./vocabularies/", import.meta.url));

/** The vocabularies shipped with tunelens (src/labels/vocabularies/*.json). */
export const DEFAULT_VOCABULARY_FILES = ["valence-arousal.json", "moods.json", "genres.json"].map((f) => `${DIR}${f}`);

export function readVocabulary(file: string): Vocabulary {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`vocabulary ${file}: ${(err as Error).message}`);
  }
  const parsed = VocabularySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`vocabulary ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return { ...parsed.data, labels: [...new Set(parsed.data.labels.map(normaliseLabel))] };
}

export function normaliseLabel(word: string): string {
  return word.trim().toLowerCase().replace(/\s+/g, " ");
}

let defaults: { moods: string[]; genres: string[] } | null = null;

/** Default mood words (Track.moods without `words`) and genre labels (soft genres). */
export function defaultLabels(): { moods: string[]; genres: string[] } {
  if (!defaults) {
    const vocabularies = DEFAULT_VOCABULARY_FILES.map(readVocabulary);
    const of = (kind: Vocabulary["kind"]) => [...new Set(vocabularies.filter((v) => v.kind === kind).flatMap((v) => v.labels))];
    defaults = { moods: of("mood"), genres: of("genre") };
  }
  return defaults;
}
