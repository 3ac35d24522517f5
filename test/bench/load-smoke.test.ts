// `tunelens bench load` end to end on PGlite with a tiny catalog: the real server, autocannon in a
// second process, the /proc CPU profile and the one-at-a-time GraphQL and SQL timings. PGlite only:
// the Postgres path uses the fixed scratch database `tunelens_bench`, which a bench run on the same
// server would share (it was run by hand: see the report of issue #18 item 4).
// Not a timed test: shapes and invariants, not figures.
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODEL_DIR } from "../../src/config.ts";
import { CpuSampler } from "../../src/bench/cpu-profile.ts";
import { runLoadBench, type LoadBenchResult } from "../../src/bench/load-bench.ts";
import { loadSection } from "../../src/bench/load-report.ts";

describe("tunelens bench load on PGlite (tiny catalog)", () => {
  let load: LoadBenchResult;

  beforeAll(async () => {
    load = await runLoadBench({
      backend: "pglite",
      tracks: 300,
      rps: 40,
      connections: 4,
      durationSeconds: 2,
      directQueries: 10,
      modelDir: DEFAULT_MODEL_DIR,
      logger: pino({ level: "silent" }),
      log: () => {},
    });
  }, 180_000);

  it("splits the load's latencies by kind, and the mixed p50 lies between them", () => {
    const { byKind, latency, requests } = load.result;
    expect(load.errors).toBe(0);
    expect(byKind!.text.n).toBeGreaterThan(0);
    expect(byKind!.track.n).toBeGreaterThan(0);
    expect(byKind!.text.n + byKind!.track.n).toBeLessThanOrEqual(requests);
    // autocannon's coordinated-omission "correction" under a rate put the mixed p50 below both kinds
    const [lo, hi] = [Math.min(byKind!.text.p50Ms, byKind!.track.p50Ms), Math.max(byKind!.text.p50Ms, byKind!.track.p50Ms)];
    expect(latency.p50Ms).toBeGreaterThanOrEqual(lo - 1);
    expect(latency.p50Ms).toBeLessThanOrEqual(hi + 1);
  });

  it("times the same searches one at a time through GraphQL and SQL", () => {
    const d = load.direct!;
    expect(d.sql.text.n).toBe(10);
    expect(d.graphql.track.n).toBe(10);
    for (const r of [d.ratio.text, d.ratio.track]) expect(r).toBeGreaterThan(0);
  });

  it("profiles the server's and the load generator's CPU and names a resource", () => {
    if (!CpuSampler.available()) return expect(load.cpu).toBeNull();
    const c = load.cpu!;
    expect(c.serverInBenchProcess).toBe(true);
    expect(c.serverCores).toBeGreaterThan(0); // PGlite runs in the server's process: it did the searching
    expect(c.loadGeneratorCores).toBeGreaterThan(0);
    expect(c.machineCores).toBeLessThanOrEqual(c.cores + 0.05);
    expect(c.saturated).toMatch(/^(machine CPU|server's event loop|load generator's event loop|no CPU resource saturated)/);
    expect(loadSection(load).join("\n")).toContain(c.saturated);
  });
});
