import type OpenAI from "openai";
import type { LlmConfig } from "../config.ts";
import type { Queryable } from "../db/database.ts";
import { LlmCacheRepository } from "../db/repositories/llm-cache.repository.ts";
import {
  PROMPT_VERSION,
  buildDescriptionPrompt,
  descriptionAnswerSchema,
  promptHash,
  type DescriptionAnswer,
  type TrackFacts,
} from "./description-prompt.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { unstorableText } from "../db/storable-text.ts";

/** The model answered, but not with JSON matching the schema (after one re-ask). */
export class LlmAnswerError extends Error {}

export interface DescribedTrack {
  answer: DescriptionAnswer;
  provenance: { model: string; promptVersion: string; promptHash: string; cached: boolean };
}

/**
 * Asks an OpenAI-compatible chat model to describe a track. The `openai` client retries 429, 5xx
 * and timeouts with backoff (honouring Retry-After) up to `maxRetries`; answers are validated
 * with zod and cached by prompt hash, so a re-run never asks twice.
 */
export class LlmDescriber {
  // Created at the first question: the openai package (≈150 modules) is not loaded by a server
  // that never asks the LLM, nor before it is ready to answer searches.
  private client: Promise<OpenAI> | null = null;
  private readonly limiter: RateLimiter;

  constructor(private readonly cfg: LlmConfig) {
    this.limiter = new RateLimiter(cfg.requestsPerMinute);
  }

  private openClient(): Promise<OpenAI> {
    const { baseUrl, apiKey, timeoutMs, maxRetries } = this.cfg;
    this.client ??= import("openai").then(({ default: OpenAI }) => new OpenAI({ baseURL: baseUrl, apiKey, timeout: timeoutMs, maxRetries }));
    return this.client;
  }

  get model(): string {
    return this.cfg.model;
  }

  async describe(db: Queryable, facts: TrackFacts): Promise<DescribedTrack> {
    const messages = buildDescriptionPrompt(facts);
    const hash = promptHash(this.cfg.model, messages);
    const provenance = { model: this.cfg.model, promptVersion: PROMPT_VERSION, promptHash: hash };
    const cache = new LlmCacheRepository(db);
    const cached = descriptionAnswerSchema.safeParse(await cache.get(hash));
    if (cached.success) return { answer: cached.data, provenance: { ...provenance, cached: true } };

    let problem = "";
    // A malformed answer is asked again once (sampling may fix it); a second one is an error.
    for (let attempt = 0; attempt < 2; attempt++) {
      await this.limiter.acquire();
      const client = await this.openClient();
      const completion = await client.chat.completions.create({
        model: this.cfg.model,
        messages,
        temperature: 0.7,
        response_format: { type: "json_object" },
      });
      const content = completion.choices[0]?.message?.content ?? "";
      const parsed = parseAnswer(content);
      if (parsed.ok) {
        await cache.put(hash, this.cfg.model, PROMPT_VERSION, parsed.answer);
        return { answer: parsed.answer, provenance: { ...provenance, cached: false } };
      }
      problem = parsed.problem;
    }
    throw new LlmAnswerError(`the LLM (${this.cfg.model}) answered with no valid description JSON: ${problem}`);
  }
}

function parseAnswer(content: string): { ok: true; answer: DescriptionAnswer } | { ok: false; problem: string } {
  // Some servers wrap JSON in a Markdown fence even in JSON mode.
  const text = content.trim().replace(/^```(?:json)?\s*/i, "").replace(/```$/, "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `not JSON: ${JSON.stringify(content.slice(0, 80))}` };
  }
  const r = descriptionAnswerSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { ok: false, problem: `${issue?.path.join(".") || "answer"}: ${issue?.message}` };
  }
  // NUL or a lone surrogate cannot be stored (cache, descriptions): a malformed answer like any
  // other, asked again once and then a permanent failure, not a database error retried as
  // transient until the job's attempts run out (issue #16).
  const bad = firstUnstorable(r.data);
  if (bad) return { ok: false, problem: `a text ${bad}` };
  return { ok: true, answer: r.data };
}

function firstUnstorable(value: unknown): string | null {
  if (typeof value === "string") return unstorableText(value);
  if (Array.isArray(value)) return value.map(firstUnstorable).find((x) => x !== null) ?? null;
  if (value && typeof value === "object") return Object.values(value).map(firstUnstorable).find((x) => x !== null) ?? null;
  return null;
}
