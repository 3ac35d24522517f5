import { setTimeout as sleep } from "node:timers/promises";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { DEFAULT_CONSTRAINT_WEIGHTS } from "../../src/services/query-constraints/constraint-rerank.ts";
import { tempoAgreement } from "../../src/services/query-constraints/tempo-agreement.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { IngestJobDocument, IngestTracksDocument, SearchWithConstraintsDocument, type SearchWithConstraintsQuery } from "../graphql/generated.ts";

const TOKEN = "test-admin-token-0123456789abcdef";
const TEXT = "calm piano with strings";

type Edge = SearchWithConstraintsQuery["searchTracks"]["edges"][number];

describe("tempo and key stated in searchTracks text (real server, embedded database, librosa-music)", () => {
  let server: RunningServer;

  const op = async <R, V>(doc: TypedDocumentNode<R, V>, variables: V, token?: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    const body = (await res.json()) as { data?: R; errors?: Array<{ message: string }> };
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  const search = (text: string, queryConstraints: boolean | null, first = 8, after: string | null = null) =>
    op(SearchWithConstraintsDocument, { text, first, after, queryConstraints }).then((d) => d.searchTracks);

  beforeAll(async () => {
    const cfg = loadConfig({ TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", TUNELENS_ADMIN_TOKEN: TOKEN, TUNELENS_ANONYMOUS_SEARCH: "true", LOG_LEVEL: "silent" });
    expect(cfg.queryConstraints).toBe(true);
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
    const id = (await op(IngestTracksDocument, { path: LIBROSA_MUSIC }, TOKEN)).ingestTracks.id;
    for (let i = 0; i < 600; i++) {
      const job = (await op(IngestJobDocument, { id }, TOKEN)).ingestJob;
      if (job?.status === "SUCCEEDED") return;
      if (job?.status === "FAILED") throw new Error("ingest failed");
      await sleep(200);
    }
    throw new Error("ingest did not finish");
  }, 300_000);
  afterAll(() => server?.stop());

  /**
   * For a tempo taken from one stored track's bpm, the order the constrained search must produce:
   * the unconstrained order re-sorted by score + wTempo · tempoAgreement (computed here, from the
   * edges' own bpm, independently of the server's re-ranking code path).
   */
  const expectedOrder = (base: readonly Edge[], bpm: number) =>
    base
      .map((e, i) => ({ id: e.node.id, i, value: e.score + DEFAULT_CONSTRAINT_WEIGHTS.tempo * tempoAgreement(bpm, e.node.bpm ?? null) }))
      .sort((a, b) => b.value - a.value || a.i - b.i)
      .map((x) => x.id);

  /** The stored bpm whose track the constraint lifts furthest (a fixed choice for a fixed catalog). */
  async function liftedTarget(): Promise<{ bpm: number; trackId: string; text: string; base: Edge[]; baseRank: number; expectedRank: number }> {
    const all = (await search(TEXT, false)).edges;
    const tempos = [...new Set(all.flatMap((e) => (e.node.bpm ? [Math.round(e.node.bpm)] : [])))];
    expect(tempos.length, "librosa-music tracks carry bpm estimates").toBeGreaterThan(2);
    let best: Awaited<ReturnType<typeof liftedTarget>> | null = null;
    for (const bpm of tempos) {
      const text = `${TEXT} at ${bpm} bpm`;
      const base = (await search(text, false)).edges;
      const order = expectedOrder(base, bpm);
      for (const e of base) {
        if (!e.node.bpm || tempoAgreement(bpm, e.node.bpm) < 0.9) continue;
        const lift = { bpm, trackId: e.node.id, text, base, baseRank: e.rank, expectedRank: order.indexOf(e.node.id) + 1 };
        if (!best || lift.baseRank - lift.expectedRank > best.baseRank - best.expectedRank) best = lift;
      }
    }
    expect(best, "some stored tempo moves its track").not.toBeNull();
    expect(best!.expectedRank).toBeLessThan(best!.baseRank);
    return best!;
  }

  it("moves a track whose stored bpm matches the query's tempo up, and reports what it understood", async () => {
    const t = await liftedTarget();
    const on = await search(t.text, true);
    expect(on.interpretedQuery).toEqual({ bpm: t.bpm, key: null });
    expect(on.edges.map((e) => e.node.id)).toEqual(expectedOrder(t.base, t.bpm));
    const rankOn = on.edges.find((e) => e.node.id === t.trackId)!.rank;
    expect(rankOn).toBe(t.expectedRank);
    expect(rankOn).toBeLessThan(t.baseRank);
    // ranks are positions; scores stay each track's own similarity
    expect(on.edges.map((e) => e.rank)).toEqual(on.edges.map((_, i) => i + 1));
    const baseScore = new Map(t.base.map((e) => [e.node.id, e.score]));
    for (const e of on.edges) expect(e.score).toBeCloseTo(baseScore.get(e.node.id)!, 6);
  }, 120_000);

  it("is on by default and off restores the base order", async () => {
    const t = await liftedTarget();
    const byDefault = await search(t.text, null);
    expect(byDefault.interpretedQuery).toEqual({ bpm: t.bpm, key: null });
    expect(byDefault.edges.find((e) => e.node.id === t.trackId)!.rank).toBe(t.expectedRank);
    const off = await search(t.text, false);
    expect(off.interpretedQuery).toBeNull();
    expect(off.edges.map((e) => e.node.id)).toEqual(t.base.map((e) => e.node.id));
  }, 120_000);

  it("pages through the re-ranked order consistently", async () => {
    const t = await liftedTarget();
    const whole = (await search(t.text, true)).edges.map((e) => e.node.id);
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const page = await search(t.text, true, 3, after);
      paged.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(whole);
  }, 120_000);

  it("understands keys, and leaves queries without tempo or key alone", async () => {
    const keyed = await search("piano ballad in Bb major", null, 3);
    expect(keyed.interpretedQuery).toEqual({ bpm: null, key: "Bb major" });
    const both = await search("The tempo of this song is 128.0 beats per minute. The key of this song is G minor.", null, 3);
    expect(both.interpretedQuery).toEqual({ bpm: 128, key: "G minor" });
    const plain = await search(TEXT, null, 3);
    expect(plain.interpretedQuery).toBeNull();
    expect(await search("chords Gm, A7, Eb", null, 3).then((c) => c.interpretedQuery)).toBeNull();
  }, 60_000);
});

describe("TUNELENS_QUERY_CONSTRAINTS", () => {
  it("defaults to on and can be turned off", () => {
    expect(loadConfig({}).queryConstraints).toBe(true);
    for (const v of ["off", "false", "0"]) expect(loadConfig({ TUNELENS_QUERY_CONSTRAINTS: v }).queryConstraints).toBe(false);
    expect(() => loadConfig({ TUNELENS_QUERY_CONSTRAINTS: "maybe" })).toThrow(/TUNELENS_QUERY_CONSTRAINTS/);
  });
});
