// Simulated users through the real services on each back end (PGlite, and PostgreSQL when
// TUNELENS_TEST_DATABASE_URL is set): search → exposures logged in batches → interactions
// recorded → report read from the database. Users prefer variant B (ranking by descriptions);
// see db-simulation.ts for the click model. The repeated A/A runs (false-positive rate over 200
// seeds) use the pure core in simulation-aa.test.ts: 200 runs through the database would take
// minutes per back end; here one seeded A/A run checks the database path does not invent effects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { ExperimentService } from "../../src/services/experiment.service.ts";
import { ExposureLog } from "../../src/services/exposure-log.ts";
import { InteractionService } from "../../src/services/interaction.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { SearchService } from "../../src/services/search.service.ts";
import { backends } from "../helpers/databases.ts";
import { runDbSimulation } from "./db-simulation.ts";
import { tinyModelCatalog, type CatalogTrack } from "./vector-catalog.ts";

const AUDIO = { signal: "audio" as const, alpha: 1 };
const DESCRIPTION = { signal: "description" as const, alpha: 0 };
const SLOW = 300_000;

describe.each(backends())("experiments simulated through the services on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let log: ExposureLog;
  let experiments: ExperimentService;
  let search: SearchService;
  let interactions: InteractionService;

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 300, seed: "sim" }));
    // A long interval: the report's own flush must be what makes every exposure visible.
    log = new ExposureLog(db, { flushIntervalMs: 60_000, maxBatch: 100 });
    experiments = new ExperimentService(db, log);
    search = new SearchService(db, runtime, experiments);
    interactions = new InteractionService(db);
  }, 180_000);
  afterAll(async () => {
    await log?.close();
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("A/B: users who prefer B make the report significant for B (delta-method tests over units)", async () => {
    await experiments.create({ key: "sim-ab", kind: "ab", coverage: 1, variants: [
      { name: "audio", weight: 1, ranking: AUDIO },
      { name: "descriptions", weight: 1, ranking: DESCRIPTION },
    ] });
    const run = await runDbSimulation({ seed: "ab", experimentKey: "sim-ab", units: 160, queriesPerUnit: 2, tracks, search, interactions });
    const { ab } = await experiments.report("sim-ab");
    const [a, b] = ab!.variants;
    console.log(`[${backend.name}] A/B ${run.queries} queries: CTR ${a.ctr.value?.toFixed(3)} → ${b.ctr.value?.toFixed(3)} (p=${b.vsControl!.ctr.pValue?.toExponential(2)}), MRR ${a.mrr.value?.toFixed(3)} → ${b.mrr.value?.toFixed(3)} (p=${b.vsControl!.mrr.pValue?.toExponential(2)})`);
    expect(a.exposures + b.exposures).toBe(run.queries);
    expect(a.units + b.units).toBe(160);
    expect(ab!.srm.mismatch).toBe(false);
    expect(ab!.dataQuality).toEqual({ duplicateExposures: 0, unknownVariantExposures: 0, orphanInteractions: 0, unitsInSeveralVariants: 0 });
    expect(a.clicks + b.clicks).toBe(run.clicks);
    for (const metric of ["ctr", "mrr", "playsPerQuery"] as const) {
      expect(b.vsControl![metric].difference!).toBeGreaterThan(0);
      expect(b.vsControl![metric].significant).toBe(true);
      expect(b.vsControl![metric].test).toMatch(/delta-method/);
    }
  }, SLOW);

  it("interleaving: per-unit wins favour B significantly (binomial sign test)", async () => {
    await experiments.create({ key: "sim-il", kind: "interleaving", coverage: 1, variants: [
      { name: "audio", weight: 1, ranking: AUDIO },
      { name: "descriptions", weight: 1, ranking: DESCRIPTION },
    ] });
    const run = await runDbSimulation({ seed: "il", experimentKey: "sim-il", units: 60, queriesPerUnit: 2, tracks, search, interactions });
    const { interleaving: r } = await experiments.report("sim-il");
    console.log(`[${backend.name}] interleaving ${run.queries} queries: ${JSON.stringify(r!.perUnit)} p=${r!.pValue.toExponential(2)}`);
    expect(r!.queries).toBe(run.queries);
    expect(r!.perUnit.units).toBe(60);
    expect(r!.preferred).toBe("descriptions");
    expect(r!.perUnit.winsB).toBeGreaterThan(r!.perUnit.winsA);
    expect(r!.pValue).toBeLessThan(0.05);
    expect(r!.test).toMatch(/binomial/);
  }, SLOW);

  // One seeded A/A run cannot assert "not significant": at α = 0.05 it is significant 5 % of the
  // time, and HNSW graphs are built with random levels, so PostgreSQL runs differ slightly. What a
  // logging or crediting bug would produce is an effect as strong as the B tests above (p < 1e-6);
  // this run must show nothing near that. The 95 % claim is tested over 200 runs in
  // simulation-aa.test.ts.
  it("A/A: identical variants show no effect of the size a real difference produces", async () => {
    await experiments.create({ key: "sim-aa", kind: "ab", coverage: 1, variants: [
      { name: "a1", weight: 1, ranking: DESCRIPTION },
      { name: "a2", weight: 1, ranking: DESCRIPTION },
    ] });
    await experiments.create({ key: "sim-aa-il", kind: "interleaving", coverage: 1, variants: [
      { name: "a1", weight: 1, ranking: DESCRIPTION },
      { name: "a2", weight: 1, ranking: DESCRIPTION },
    ] });
    await runDbSimulation({ seed: "aa", experimentKey: "sim-aa", units: 160, queriesPerUnit: 2, tracks, search, interactions });
    await runDbSimulation({ seed: "aa-il", experimentKey: "sim-aa-il", units: 60, queriesPerUnit: 2, tracks, search, interactions });
    const { ab } = await experiments.report("sim-aa");
    const vs = ab!.variants[1].vsControl!;
    const { interleaving } = await experiments.report("sim-aa-il");
    console.log(`[${backend.name}] A/A p-values: CTR ${vs.ctr.pValue?.toFixed(3)}, MRR ${vs.mrr.pValue?.toFixed(3)}, plays ${vs.playsPerQuery.pValue?.toFixed(3)}; interleaving ${interleaving!.pValue.toFixed(3)} ${JSON.stringify(interleaving!.perUnit)}`);
    expect(ab!.srm.mismatch).toBe(false);
    for (const metric of ["ctr", "mrr", "playsPerQuery"] as const) expect(vs[metric].pValue!).toBeGreaterThan(0.001);
    expect(interleaving!.pValue).toBeGreaterThan(0.001);
    expect(Math.abs(interleaving!.deltaAB!)).toBeLessThan(0.2);
  }, SLOW);
});
