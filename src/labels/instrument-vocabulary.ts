import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { normaliseLabel } from "./vocabulary.ts";

/**
 * The instrument vocabulary (src/labels/vocabularies/instruments.json, issue #20): everyday
 * instrument words at the level of the General MIDI program families, each with the GM programs
 * it stands for and aliases. Kept apart from the mood/genre vocabularies that `labels align`
 * clusters: instruments are scored against their own vocabulary mean, not the moods'.
 */
export const InstrumentVocabularySchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.literal("instrument"),
  description: z.string().optional(),
  instruments: z
    .array(
      z.object({
        label: z.string().trim().min(1).max(50),
        family: z.string().min(1).max(50),
        gm: z.array(z.number().int().min(0).max(127)).default([]),
        aliases: z.array(z.string().trim().min(1).max(50)).default([]),
      }),
    )
    .min(2)
    .max(500),
});
export type InstrumentVocabulary = z.infer<typeof InstrumentVocabularySchema>;
export type InstrumentEntry = InstrumentVocabulary["instruments"][number];

export const INSTRUMENT_VOCABULARY_FILE = fileURLToPath(new URL("./vocabularies/instruments.json", import.meta.url));

export function readInstrumentVocabulary(file = INSTRUMENT_VOCABULARY_FILE): InstrumentVocabulary {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`instrument vocabulary ${file}: ${(err as Error).message}`);
  }
  const parsed = InstrumentVocabularySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`instrument vocabulary ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const seen = new Set<string>();
  const instruments = parsed.data.instruments.map((e) => {
    const label = normaliseLabel(e.label);
    if (seen.has(label)) throw new Error(`instrument vocabulary ${file}: "${label}" is listed twice`);
    seen.add(label);
    return { ...e, label, aliases: [...new Set(e.aliases.map(normaliseLabel))].filter((a) => a !== label) };
  });
  return { ...parsed.data, instruments };
}

let shipped: InstrumentVocabulary | null = null;

/** The shipped vocabulary (read once). */
export function defaultInstrumentVocabulary(): InstrumentVocabulary {
  shipped ??= readInstrumentVocabulary();
  return shipped;
}

/** The shipped vocabulary's labels: what Track.instruments scores without `words`. */
export function defaultInstruments(): string[] {
  return defaultInstrumentVocabulary().instruments.map((e) => e.label);
}

/** Genre names made of instrument words: they name no instrument ("drum n bass" is not a bass). */
const GENRE_PHRASES = ["drum n bass", "drum and bass", "drum & bass", "drum 'n' bass", "drumnbass"];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The vocabulary labels a text names (by label or alias, as whole words, case-insensitive),
 * longest phrase first so "electric guitar" is not also read as "guitar". Used to read which
 * instrument an evaluation prompt or a dataset label means; scoring never needs it.
 */
export function instrumentsNamedIn(text: string, vocabulary: InstrumentVocabulary = defaultInstrumentVocabulary()): string[] {
  const phrases = vocabulary.instruments
    .flatMap((e) => [e.label, ...e.aliases].map((p) => ({ phrase: p, label: e.label })))
    .sort((a, b) => b.phrase.length - a.phrase.length);
  let rest = ` ${normaliseLabel(text)} `;
  for (const g of GENRE_PHRASES) rest = rest.split(g).join(" ");
  rest = rest.replace(/[^\p{L}\p{N}\s-]/gu, " ");
  const found: string[] = [];
  for (const { phrase, label } of phrases) {
    const re = new RegExp(`(?<=[\\s])${escape(phrase)}(?=[\\s])`, "g");
    if (re.test(rest)) {
      if (!found.includes(label)) found.push(label);
      rest = rest.replace(re, " ");
    }
  }
  return found;
}
