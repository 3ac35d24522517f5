// A product team's whole experiment workflow using GraphQL alone, over real HTTP against the real
// server (startServer: embedded database, shipped model, exposure log wired as in production):
// create → serve searches under the experiment → record interactions → read the report → stop.
// The catalog is 200 tracks with seeded random vectors in the shipped model's space.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer, type RunningServer } from "../../src/server/start-server.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { seedVectorCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";
import {
  ArchiveExperimentDocument,
  CreateExperimentDocument,
  ExperimentReportDocument,
  ExperimentSearchDocument,
  ExperimentSimilarDocument,
  ExperimentsDocument,
  RecordInteractionDocument,
  StopExperimentDocument,
  UpdateExperimentDocument,
} from "../graphql/generated.ts";

const TOKEN = "test-admin-token-experiments-0123456789";

interface GraphqlResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

describe("experiments over GraphQL (real HTTP server)", () => {
  let server: RunningServer;
  let tracks: CatalogTrack[];

  const op = async <R, V>(doc: TypedDocumentNode<R, V>, variables: V, token?: string): Promise<GraphqlResponse<R>> => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    return (await res.json()) as GraphqlResponse<R>;
  };

  beforeAll(async () => {
    const cfg = loadConfig({ TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", TUNELENS_ADMIN_TOKEN: TOKEN, TUNELENS_ANONYMOUS_SEARCH: "true", NODE_ENV: "production", LOG_LEVEL: "silent" });
    server = await startServer(cfg, createLogger("silent"), { inMemory: true });
    const { db, runtime } = server.opened;
    ({ tracks } = await seedVectorCatalog(db, { n: 200, dims: runtime.model.dimensions, seed: "e2e", version: runtime.model.version }));
  }, 180_000);
  afterAll(() => server?.stop());

  const variants = [
    { name: "control", weight: 1, ranking: { signal: "AUDIO" as const, alpha: 1 } },
    { name: "treatment", weight: 1, ranking: { signal: "DESCRIPTION" as const, alpha: 0 } },
  ];

  it("needs the experiments:admin scope to create, and validates the definition", async () => {
    const anon = await op(CreateExperimentDocument, { input: { key: "x", variants } });
    expect(anon.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const bad = await op(CreateExperimentDocument, { input: { key: "bad", variants: [{ ...variants[0], weight: -1 }, variants[1]] } }, TOKEN);
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const three = await op(CreateExperimentDocument, { input: { key: "il3", kind: "INTERLEAVING", variants: [...variants, { ...variants[0], name: "third" }] } }, TOKEN);
    expect(three.errors?.[0].message).toMatch(/exactly two/);
  });

  it("A/B: create, serve sticky variants, log interactions, read the report, stop", async () => {
    const created = await op(CreateExperimentDocument, { input: { key: "search-ab", variants, coverage: 1 } }, TOKEN);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createExperiment).toMatchObject({ key: "search-ab", kind: "AB", status: "RUNNING", coverage: 1 });

    const seen = new Map<string, string>();
    for (let u = 0; u < 40; u++) {
      const unitId = `user-${u}`;
      const { data, errors } = await op(ExperimentSearchDocument, { text: "calm piano", first: 5, experiment: { unitId, experimentKey: "search-ab" } });
      expect(errors).toBeUndefined();
      const answer = data!.searchTracks;
      expect(["control", "treatment"]).toContain(answer.variant);
      seen.set(unitId, answer.variant!);
      // Users of the treatment click its first result and play it; control users click nothing.
      if (answer.variant === "treatment") {
        const first = answer.edges[0];
        const click = await op(RecordInteractionDocument, { input: { queryId: answer.queryId, trackId: first.node.id, type: "CLICK", position: first.rank } });
        expect(click.errors).toBeUndefined();
        await op(RecordInteractionDocument, { input: { queryId: answer.queryId, trackId: first.node.id, type: "PLAY", position: first.rank, dwellMs: 42_000 } });
      }
    }
    // Sticky: a unit's second request gets the same variant.
    const again = await op(ExperimentSearchDocument, { text: "techno drums", first: 3, experiment: { unitId: "user-7", experimentKey: "search-ab" } });
    expect(again.data!.searchTracks.variant).toBe(seen.get("user-7"));
    // A forced variant (QA) is served but not logged.
    const forced = await op(ExperimentSearchDocument, { text: "calm piano", first: 3, experiment: { unitId: "qa", experimentKey: "search-ab", forceVariant: "control" } });
    expect(forced.data!.searchTracks.variant).toBe("control");

    const { data, errors } = await op(ExperimentReportDocument, { key: "search-ab" }, TOKEN);
    expect(errors).toBeUndefined();
    const ab = data!.experimentReport.ab!;
    expect(data!.experimentReport.interleaving).toBeNull();
    expect(ab.control).toBe("control");
    const [control, treatment] = ab.variants;
    expect(control.exposures + treatment.exposures).toBe(41);
    expect(control.units + treatment.units).toBe(40);
    expect(treatment.units).toBe([...seen.values()].filter((v) => v === "treatment").length);
    expect(control.ctr.value).toBe(0);
    expect(treatment.interactions).toMatchObject({ CLICK: treatment.exposures - (seen.get("user-7") === "treatment" ? 1 : 0), PLAY: treatment.interactions.CLICK });
    expect(treatment.vsControl!.ctr.difference!).toBeGreaterThan(0);
    expect(treatment.vsControl!.ctr.test).toMatch(/delta-method/);
    expect(treatment.vsControl!.ctr.pValue!).toBeLessThan(0.05);
    expect(ab.srm.df).toBe(1);

    const stopped = await op(StopExperimentDocument, { key: "search-ab" }, TOKEN);
    expect(stopped.data!.stopExperiment.status).toBe("STOPPED");
    const after = await op(ExperimentSearchDocument, { text: "calm piano", first: 3, experiment: { unitId: "user-1", experimentKey: "search-ab" } });
    expect(after.data!.searchTracks.variant).toBeNull();
  });

  it("interleaving: edges name the contributing variant; pages continue one merged list; clicks are credited", async () => {
    const created = await op(CreateExperimentDocument, { input: { key: "similar-il", kind: "INTERLEAVING", variants } }, TOKEN);
    expect(created.errors).toBeUndefined();
    const experiment = { unitId: "listener-1", experimentKey: "similar-il" };
    const p1 = await op(ExperimentSimilarDocument, { trackId: "t3", first: 6, experiment });
    expect(p1.errors).toBeUndefined();
    const answer = p1.data!.similarTracks;
    expect(answer.variant).toBe("control+treatment");
    expect(new Set(answer.edges.map((e) => e.variant))).toEqual(new Set(["control", "treatment"]));
    const whole = await op(ExperimentSimilarDocument, { trackId: "t3", first: 12, experiment });
    const p2 = await op(ExperimentSimilarDocument, { trackId: "t3", first: 6, after: answer.edges.at(-1)!.cursor, experiment });
    expect([...answer.edges, ...p2.data!.similarTracks.edges].map((e) => e.node.id)).toEqual(whole.data!.similarTracks.edges.map((e) => e.node.id));

    const treatmentEdge = answer.edges.find((e) => e.variant === "treatment")!;
    await op(RecordInteractionDocument, { input: { queryId: answer.queryId, trackId: treatmentEdge.node.id, type: "CLICK", position: treatmentEdge.rank } });
    const { data } = await op(ExperimentReportDocument, { key: "similar-il" }, TOKEN);
    const report = data!.experimentReport.interleaving!;
    expect(report.queries).toBe(3);
    expect(report.perQuery).toEqual({ winsA: 0, winsB: 1, ties: 2 });
    expect(report.perUnit).toEqual({ winsA: 0, winsB: 1, ties: 0, units: 1 });
    expect(report.test).toMatch(/binomial/);
    expect(report.preferred).toBeNull(); // one unit decides nothing
  });

  it("filters through GraphQL keep only matching tracks", async () => {
    const { data, errors } = await op(ExperimentSearchDocument, { text: "calm piano", first: 10, filter: { genres: ["jazz"], bpmMin: 80, bpmMax: 140 } });
    expect(errors).toBeUndefined();
    expect(data!.searchTracks.edges).toHaveLength(10);
    for (const e of data!.searchTracks.edges) {
      const t = tracks.find((x) => x.id === e.node.id)!;
      expect(t.genre).toBe("jazz");
      expect(t.bpm).toBeGreaterThanOrEqual(80);
      expect(t.bpm).toBeLessThanOrEqual(140);
    }
  });

  it("updates weights, rejects renamed variants, archives and lists", async () => {
    await op(CreateExperimentDocument, { input: { key: "ramp", variants, coverage: 0.1 } }, TOKEN);
    const ramped = await op(UpdateExperimentDocument, { key: "ramp", input: { coverage: 0.5, variants: [{ ...variants[0], weight: 3 }, variants[1]] } }, TOKEN);
    expect(ramped.data!.updateExperiment).toMatchObject({ coverage: 0.5, variants: [{ name: "control", weight: 3 }, { name: "treatment", weight: 1 }] });
    const renamed = await op(UpdateExperimentDocument, { key: "ramp", input: { variants: [variants[0], { ...variants[1], name: "other" }] } }, TOKEN);
    expect(renamed.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    await op(ArchiveExperimentDocument, { key: "ramp" }, TOKEN);
    const listed = await op(ExperimentsDocument, { includeArchived: false }, TOKEN);
    expect(listed.data!.experiments.map((e) => e.key)).not.toContain("ramp");
    const all = await op(ExperimentsDocument, { includeArchived: true }, TOKEN);
    expect(all.data!.experiments.find((e) => e.key === "ramp")?.status).toBe("ARCHIVED");
    const unknown = await op(ExperimentSearchDocument, { text: "calm piano", first: 3, experiment: { unitId: "u", experimentKey: "nope" } });
    expect(unknown.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const badInteraction = await op(RecordInteractionDocument, { input: { queryId: "not-a-uuid", type: "CLICK", position: 1 } });
    expect(badInteraction.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
