// The load run's CPU profile: /proc parsing, per-PID deltas and naming the saturated resource.
import { describe, expect, it } from "vitest";
import { CpuSampler, groupDelta, nameSaturated, parseMachineStat, parseProcStat } from "../../src/bench/cpu-profile.ts";
import { cpuPerRequest, loadChecks, loadSection } from "../../src/bench/load-report.ts";
import type { LoadBenchResult } from "../../src/bench/load-bench.ts";

// a real /proc/<pid>/stat layout: utime (field 14) = 1500, stime (field 15) = 250
const statLine = (pid: number, comm: string, utime: number, stime: number) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 5000 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 12345 200000000 3000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0`;

describe("/proc parsing", () => {
  it("reads utime + stime after the name, even when the name holds spaces and parentheses", () => {
    expect(parseProcStat(statLine(42, "postgres", 1500, 250))).toEqual({ pid: 42, comm: "postgres", ticks: 1750 });
    // the name is whatever the process set: "(sd-pam)", "Web Content", "a) b" all occur
    expect(parseProcStat(statLine(7, "a) b (c", 10, 5))).toEqual({ pid: 7, comm: "a) b (c", ticks: 15 });
    expect(parseProcStat("garbage")).toBeNull();
  });

  it("counts busy machine ticks as everything but idle and iowait", () => {
    const stat = "cpu  100 20 30 400 50 1 2 3 0 0\ncpu0 50 10 15 200 25 0 1 1 0 0\nintr 1 2 3\n";
    expect(parseMachineStat(stat)).toEqual({ busy: 100 + 20 + 30 + 1 + 2 + 3, total: 606 });
    expect(parseMachineStat("intr 1\n")).toBeNull();
  });

  it("sums per-PID deltas: a new backend counts from zero, an exited one drops out, never negative", () => {
    const before = new Map([[1, 100], [2, 50]]);
    const after = new Map([[1, 130], [3, 20]]); // 2 exited, 3 is a new PostgreSQL backend
    expect(groupDelta(before, after)).toBe(30 + 20);
    // a PID reused by a younger process with fewer ticks must not subtract
    expect(groupDelta(new Map([[5, 900]]), new Map([[5, 10]]))).toBe(0);
  });

  it("samples this process's CPU while it spins", async () => {
    if (!CpuSampler.available()) return; // no /proc: nothing to read
    const sampler = new CpuSampler({ serverPid: process.pid, serverInBenchProcess: true });
    sampler.start();
    const until = performance.now() + 1200;
    while (performance.now() < until) Math.sqrt(Math.random()); // about one core for 1.2 s
    const p = sampler.stop()!;
    expect(p.samples).toBeGreaterThanOrEqual(2);
    expect(p.seconds).toBeGreaterThan(1);
    // a busy loop is one core; a shared machine may take some of it, never more than one plus GC threads
    expect(p.serverCores).toBeGreaterThan(0.3);
    expect(p.serverCores).toBeLessThan(1.5);
    expect(p.machineCores).toBeGreaterThanOrEqual(p.serverCores - 0.1);
  });
});

const profile = { cores: 2, seconds: 10, samples: 11, serverInBenchProcess: true };

describe("naming the saturated resource", () => {
  it("names the machine's CPUs when nearly all cores are busy, with each share", () => {
    const s = nameSaturated({ ...profile, serverCores: 0.9, postgresCores: 0.8, loadGeneratorCores: 0.26, otherCores: 0, machineCores: 1.96 });
    expect(s).toBe("machine CPU: 1.96 of 2 cores busy: server 0.90, postgres 0.80, load generator 0.26, other processes 0.00");
  });
  it("names a single-threaded event loop at one core when the machine has room", () => {
    expect(nameSaturated({ ...profile, cores: 8, serverCores: 0.97, postgresCores: 0.5, loadGeneratorCores: 0.2, otherCores: 0.1, machineCores: 1.77 })).toMatch(/^server's event loop: 0\.97 of one core/);
    expect(nameSaturated({ ...profile, cores: 8, serverCores: 0.4, postgresCores: 0.5, loadGeneratorCores: 0.95, otherCores: 0, machineCores: 1.85 })).toMatch(/^load generator's event loop/);
  });
  it("says nothing saturated when the machine idles", () => {
    expect(nameSaturated({ ...profile, serverCores: 0.2, postgresCores: 0.1, loadGeneratorCores: 0.05, otherCores: 0.1, machineCores: 0.45 })).toMatch(/^no CPU resource saturated: machine 0\.45 of 2/);
  });
});

describe("load report", () => {
  const lat = (p50Ms: number) => ({ n: 200, meanMs: p50Ms, p50Ms, p95Ms: p50Ms * 2, p99Ms: p50Ms * 3, maxMs: p50Ms * 4 });
  const load: LoadBenchResult = {
    backend: "postgres",
    tracks: 100_000,
    targetRps: null,
    connections: 16,
    durationSeconds: 60,
    result: { requests: 18000, durationSeconds: 60, rps: 300, errors: 0, timeouts: 0, non2xx: 0, graphqlErrors: 0, latency: { p50Ms: 40, p90Ms: 60, p99Ms: 90, maxMs: 120, meanMs: 42 }, byKind: { text: lat(48), track: lat(4) } },
    cpu: { ...profile, serverCores: 0.9, postgresCores: 0.8, loadGeneratorCores: 0.26, otherCores: 0, machineCores: 1.96, saturated: "machine CPU: 1.96 of 2 cores busy: server 0.90, postgres 0.80, load generator 0.26, other processes 0.00" },
    direct: { graphql: { text: lat(9), track: lat(3) }, sql: { text: lat(8), track: lat(2) }, ratio: { text: 1.13, track: 1.5 } },
    errors: 0,
    rssBeforeMiB: 300,
    rssAfterMiB: 310,
    machine: { cpus: 2, cpuModel: "x", memoryGiB: 8, platform: "Linux", node: "v20", loadAverage: { min: 1, max: 2, mean: 1.5, samples: 3 } },
  };
  it("judges text and track latency separately, and the worse GraphQL ÷ SQL ratio", () => {
    expect(loadChecks(load).map((c) => c.met)).toEqual([false, false, true, false]);
  });
  it("turns cores busy into CPU per request and the q/s ceiling of idle cores", () => {
    const per = cpuPerRequest(load)!;
    expect(per.serverMs).toBeCloseTo(3); // 0.9 cores at 300/s
    expect(per.postgresMs).toBeCloseTo(2.667, 2);
    expect(per.ceilingRps).toBeCloseTo(2000 / 5.667, 0);
  });
  it("names the saturated resource beside the missed targets", () => {
    const md = loadSection(load).join("\n");
    expect(md).toMatch(/\*\*Missed: achieved q\/s, mixed text\/track; text→track p50, under the load; GraphQL ÷ SQL/);
    expect(md).toContain("Saturated resource: machine CPU: 1.96 of 2 cores busy");
    expect(md).toContain("server (the bench process, which hosts it)");
  });
});
