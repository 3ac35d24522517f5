import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the fixture server does with one chat completion request. */
export type FixtureReply =
  | { kind: "json"; body: unknown }
  | { kind: "content"; content: string }
  | { kind: "status"; status: number; retryAfterSeconds?: number; message?: string }
  /** no answer for `ms`, or never (until the client gives up) when `ms` is omitted */
  | { kind: "hang"; ms?: number };

export interface RecordedRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  authorization: string | undefined;
}

export interface OpenAiFixtureServer {
  /** base URL for the `openai` client (…/v1) */
  baseUrl: string;
  requests: RecordedRequest[];
  /** `POST /v1/embeddings` calls, answered with `fixtureEmbedding` vectors */
  embeddingRequests: Array<{ model: string; input: string | string[]; dimensions?: number }>;
  /** decides each reply from the request (and how many came before) */
  reply: (req: RecordedRequest, index: number) => FixtureReply;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible HTTP server of our own on 127.0.0.1: `POST /v1/chat/completions` answered
 * from fixtures, including the failure modes a real provider has (429 with Retry-After, 500,
 * a hang past the client's timeout, content that is not the JSON asked for).
 */
export async function startOpenAiFixtureServer(reply: OpenAiFixtureServer["reply"]): Promise<OpenAiFixtureServer> {
  const sockets = new Set<import("node:net").Socket>();
  const state: OpenAiFixtureServer = { baseUrl: "", requests: [], embeddingRequests: [], reply, close: async () => {} };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/embeddings") {
        const body = JSON.parse(raw) as { model: string; input: string | string[]; dimensions?: number };
        state.embeddingRequests.push({ model: body.model, input: body.input, dimensions: body.dimensions });
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            object: "list",
            model: body.model,
            // reversed on purpose: clients must place vectors by `index`, not by position
            data: inputs.map((text, index) => ({ object: "embedding", index, embedding: fixtureEmbedding(body.model, text, body.dimensions ?? 1536) })).reverse(),
            usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
          }),
        );
        return;
      }
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = JSON.parse(raw) as { model: string; messages: RecordedRequest["messages"] };
      const recorded = { model: body.model, messages: body.messages, authorization: req.headers.authorization };
      const index = state.requests.push(recorded) - 1;
      const r = state.reply(recorded, index);
      if (r.kind === "hang") {
        if (r.ms === undefined) return; // only the client's own timeout ends this request
        const t = setTimeout(() => res.writeHead(200).end("{}"), r.ms);
        res.on("close", () => clearTimeout(t));
        return;
      }
      if (r.kind === "status") {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (r.retryAfterSeconds !== undefined) headers["retry-after"] = String(r.retryAfterSeconds);
        res.writeHead(r.status, headers).end(JSON.stringify({ error: { message: r.message ?? `fixture status ${r.status}`, type: "fixture" } }));
        return;
      }
      const content = r.kind === "json" ? JSON.stringify(r.body) : r.content;
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-fixture-${index}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/**
 * The fixture's embedding of a text: the sum of a pseudo-random unit vector per lower-cased word
 * (seeded by model and word), so texts sharing words are close, deterministically.
 */
export function fixtureEmbedding(model: string, text: string, dimensions: number): number[] {
  const out = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (const ch of `${model}|${word}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    for (let i = 0; i < dimensions; i++) {
      h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
      out[i] += h / 4294967296 - 0.5;
    }
  }
  return out;
}

/** A valid answer for a track, varied by title so each track gets its own sentences. */
export function fixtureAnswer(title: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    genre: "ambient",
    subgenre: "drone",
    mood: "calm",
    instrumentation: "synthesizer pads",
    tempoFeel: "unknown",
    useCase: "focus",
    descriptions: [
      `calm ambient drone for ${title}`,
      "slow evolving synthesizer pads",
      "unknown",
      "background music for studying",
    ],
    ...overrides,
  };
}

/** The title line the prompt carries (fixtures pick their reply by it). */
export function promptTitle(req: RecordedRequest): string {
  const user = req.messages.find((m) => m.role === "user")?.content ?? "";
  return /^title: (.*)$/m.exec(user)?.[1] ?? "";
}
