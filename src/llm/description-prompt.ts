import { createHash } from "node:crypto";
import { z } from "zod";

/** Bump when the prompt or the answer schema changes: stored with every description and in the cache key. */
export const PROMPT_VERSION = "describe-v1";

/** What is known about a track before the LLM is asked. */
export interface TrackFacts {
  title: string | null;
  artist: string | null;
  album: string | null;
  tags: string[];
  bpm: number | null;
  key: string | null;
  loudnessDb: number | null;
  knownDescriptions: string[];
}

const field = z.string().trim().min(1).max(200);

/** The answer we accept; anything else is rejected rather than stored. */
export const descriptionAnswerSchema = z.object({
  genre: field,
  subgenre: field,
  mood: field,
  instrumentation: field,
  tempoFeel: field,
  useCase: field,
  descriptions: z.array(z.string().trim().min(3).max(300)).min(1).max(8),
});
export type DescriptionAnswer = z.infer<typeof descriptionAnswerSchema>;

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

const SYSTEM = [
  "You describe music tracks for a search index.",
  'Answer with one JSON object only, with the string fields "genre", "subgenre", "mood",',
  '"instrumentation", "tempoFeel", "useCase" and "descriptions" (an array of 3 to 6 short, diverse',
  "sentences: genre and sub-genre, mood, instrumentation, tempo feel, a use case).",
  'Write "unknown" for any field the facts do not support, and leave a sentence out rather than guess.',
].join(" ");

export function buildDescriptionPrompt(facts: TrackFacts): ChatMessage[] {
  const lines = [
    facts.title && `title: ${facts.title}`,
    facts.artist && `artist: ${facts.artist}`,
    facts.album && `album: ${facts.album}`,
    facts.tags.length ? `tags: ${facts.tags.join(", ")}` : null,
    facts.bpm !== null ? `measured tempo: ${Math.round(facts.bpm)} BPM` : null,
    facts.key && `estimated key: ${facts.key}`,
    facts.loudnessDb !== null ? `loudness: ${facts.loudnessDb.toFixed(1)} dB RMS` : null,
    ...facts.knownDescriptions.slice(0, 5).map((d) => `catalog text: ${d}`),
  ].filter((l): l is string => Boolean(l));
  return [
    { role: "system", content: SYSTEM },
    { role: "user", content: `Facts about the track:\n${lines.length ? lines.join("\n") : "(nothing known)"}` },
  ];
}

/** Cache key: the same model asked the same thing under the same prompt version. */
export function promptHash(model: string, messages: readonly ChatMessage[]): string {
  return createHash("sha256").update(JSON.stringify({ model, version: PROMPT_VERSION, messages })).digest("hex");
}

const UNKNOWN_RE = /^\s*(unknown|n\/a|none|not known|unclear)\s*\.?\s*$/i;

/** The answer's sentences worth storing: "unknown" and sentences that only say so are dropped. */
export function answerDescriptions(answer: DescriptionAnswer): string[] {
  const out = answer.descriptions.filter((d) => !UNKNOWN_RE.test(d) && !/\bunknown\b/i.test(d));
  return [...new Set(out)];
}

export function isUnknown(value: string): boolean {
  return UNKNOWN_RE.test(value);
}
