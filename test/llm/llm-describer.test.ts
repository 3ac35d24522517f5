import { APIConnectionTimeoutError, APIError } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LlmConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { PROMPT_VERSION, answerDescriptions, type TrackFacts } from "../../src/llm/description-prompt.ts";
import { LlmAnswerError, LlmDescriber } from "../../src/llm/llm-describer.ts";
import { fixtureAnswer, startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";

/** Real: the `openai` client over HTTP to our fixture server, the llm_cache table on PGlite. */
describe("LLM description source against an OpenAI-compatible fixture server", () => {
  let db: Database;
  let server: OpenAiFixtureServer;
  const facts = (title: string): TrackFacts => ({
    title,
    artist: "Fixture Band",
    album: null,
    tags: ["ambient"],
    bpm: 72.4,
    key: "A minor",
    loudnessDb: -18.25,
    knownDescriptions: ["a slow pad piece"],
  });
  const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({
    baseUrl: server.baseUrl,
    apiKey: "fixture-key",
    model: "fixture-model",
    timeoutMs: 2_000,
    maxRetries: 2,
    requestsPerMinute: 6_000,
    ...over,
  });

  beforeAll(async () => {
    db = await openDatabase({});
    server = await startOpenAiFixtureServer(() => ({ kind: "json", body: fixtureAnswer("x") }));
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });
  afterEach(() => {
    server.requests.length = 0;
  });

  it("asks with what is known, validates the answer, drops 'unknown' and caches by prompt hash", async () => {
    server.reply = () => ({ kind: "json", body: fixtureAnswer("Dawn") });
    const llm = new LlmDescriber(config());
    const first = await llm.describe(db, facts("Dawn"));
    expect(server.requests).toHaveLength(1);
    const prompt = server.requests[0].messages.map((m) => m.content).join("\n");
    expect(prompt).toContain("title: Dawn");
    expect(prompt).toContain("measured tempo: 72 BPM");
    expect(prompt).toContain("estimated key: A minor");
    expect(prompt).toContain('"unknown"');
    expect(server.requests[0].authorization).toBe("Bearer fixture-key");
    expect(first.provenance).toMatchObject({ model: "fixture-model", promptVersion: PROMPT_VERSION, cached: false });
    expect(answerDescriptions(first.answer)).toEqual(["calm ambient drone for Dawn", "slow evolving synthesizer pads", "background music for studying"]);

    const again = await new LlmDescriber(config()).describe(db, facts("Dawn"));
    expect(server.requests).toHaveLength(1);
    expect(again.provenance.cached).toBe(true);
    expect(again.provenance.promptHash).toBe(first.provenance.promptHash);
  });

  it("retries 429 (honouring Retry-After) and then succeeds", async () => {
    server.reply = (_r, i) => (i < 2 ? { kind: "status", status: 429, retryAfterSeconds: 0 } : { kind: "json", body: fixtureAnswer("Rain") });
    const out = await new LlmDescriber(config()).describe(db, facts("Rain"));
    expect(server.requests).toHaveLength(3);
    expect(out.answer.genre).toBe("ambient");
  });

  it("gives up on a server that keeps answering 500 after maxRetries", async () => {
    server.reply = () => ({ kind: "status", status: 500 });
    const err = await new LlmDescriber(config({ maxRetries: 1 })).describe(db, facts("Storm")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(500);
    expect(server.requests).toHaveLength(2);
  });

  it("times out on a server that hangs", async () => {
    // The server never answers, so only the client's own timeout can end the call (no wall-clock
    // bound to race a loaded machine); the test timeout is far above timeoutMs.
    server.reply = () => ({ kind: "hang" });
    const err = await new LlmDescriber(config({ timeoutMs: 300, maxRetries: 0 })).describe(db, facts("Hang")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects malformed JSON and schema violations after one re-ask, and caches nothing", async () => {
    server.reply = () => ({ kind: "content", content: "Sure! Here is a description: {genre: ambient" });
    const err = await new LlmDescriber(config()).describe(db, facts("Junk")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmAnswerError);
    expect((err as Error).message).toContain("not JSON");
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    server.reply = () => ({ kind: "json", body: { genre: "rock", descriptions: [] } });
    const invalid = await new LlmDescriber(config()).describe(db, facts("Junk 2")).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(LlmAnswerError);

    server.requests.length = 0;
    server.reply = () => ({ kind: "json", body: fixtureAnswer("Junk") });
    await new LlmDescriber(config()).describe(db, facts("Junk"));
    expect(server.requests).toHaveLength(1);
  });

  it("treats an answer with NUL or a lone surrogate as malformed (re-asked once, then a permanent LlmAnswerError), never as a database error to retry", async () => {
    for (const bad of ["calm\u0000ambient", "calm \uD800 ambient"]) {
      server.requests.length = 0;
      server.reply = () => ({ kind: "json", body: fixtureAnswer("Nul", { mood: bad }) });
      const err = await new LlmDescriber(config()).describe(db, facts(`Nul ${bad.length}`)).catch((e: unknown) => e);
      // LlmAnswerError is what the job handler turns into a permanent failure (no retries)
      expect(err).toBeInstanceOf(LlmAnswerError);
      expect((err as Error).message).toMatch(/NUL|invalid Unicode/);
      expect(server.requests).toHaveLength(2);
    }
    const cached = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM llm_cache WHERE response->>'mood' <> 'calm'`);
    expect(Number(cached[0].n)).toBe(0);
  });
});
