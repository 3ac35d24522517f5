import type { LoadBenchResult } from "./load-bench.ts";

/** The issue's targets for the sustained mixed load (2 cores, 100k tracks, PostgreSQL). */
export const LOAD_TARGETS = { rps: 400, textP50Ms: 10, trackP50Ms: 5, graphqlOverSql: 1.3 } as const;

const f = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? "—" : x.toFixed(digits));
const ok = (met: boolean | null) => (met === null ? "—" : met ? "yes" : "**no**");

interface Check {
  figure: string;
  measured: string;
  beside: string;
  target: string;
  met: boolean | null;
}

/** Each target with what was measured against it and the baselines of the same run. */
export function loadChecks(l: LoadBenchResult): Check[] {
  const k = l.result.byKind;
  const d = l.direct;
  const t = LOAD_TARGETS;
  const worstRatio = d ? Math.max(d.ratio.text, d.ratio.track) : null;
  return [
    { figure: "achieved q/s, mixed text/track", measured: f(l.result.rps, 0), beside: `asked ${l.targetRps ?? "max (as fast as answered)"}, ${l.connections ?? 16} connections`, target: `≥ ${t.rps}`, met: l.result.rps >= t.rps },
    {
      figure: "text→track p50, under the load",
      measured: k ? `${f(k.text.p50Ms)} ms (p99 ${f(k.text.p99Ms)})` : "—",
      beside: d ? `one at a time: GraphQL ${f(d.graphql.text.p50Ms)} ms, encode + SQL ${f(d.sql.text.p50Ms)} ms` : "—",
      target: `≤ ${t.textP50Ms} ms`,
      met: k ? k.text.p50Ms <= t.textP50Ms : null,
    },
    {
      figure: "track→track p50, under the load",
      measured: k ? `${f(k.track.p50Ms)} ms (p99 ${f(k.track.p99Ms)})` : "—",
      beside: d ? `one at a time: GraphQL ${f(d.graphql.track.p50Ms)} ms, SQL ${f(d.sql.track.p50Ms)} ms` : "—",
      target: `≤ ${t.trackP50Ms} ms`,
      met: k ? k.track.p50Ms <= t.trackP50Ms : null,
    },
    {
      figure: "GraphQL ÷ SQL p50, one at a time (text; track)",
      measured: d ? `${f(d.ratio.text, 2)}; ${f(d.ratio.track, 2)}` : "—",
      beside: d ? `${d.sql.text.n} searches of each kind after the load, same server` : "—",
      target: `≤ ${t.graphqlOverSql}`,
      met: worstRatio === null ? null : worstRatio <= t.graphqlOverSql,
    },
  ];
}

/**
 * CPU milliseconds each request cost the server and PostgreSQL, and the q/s the machine's cores
 * would give at that cost with nothing else running: the ceiling the target is measured against.
 */
export function cpuPerRequest(l: LoadBenchResult): { serverMs: number; postgresMs: number; ceilingRps: number } | null {
  const c = l.cpu;
  if (!c || !(l.result.rps > 0)) return null;
  const serverMs = (c.serverCores / l.result.rps) * 1000;
  const postgresMs = (c.postgresCores / l.result.rps) * 1000;
  return { serverMs, postgresMs, ceilingRps: (c.cores * 1000) / (serverMs + postgresMs) };
}

/** Lines for the terminal. */
export function loadSummary(l: LoadBenchResult): string[] {
  const out = [`${l.result.requests} requests in ${l.durationSeconds} s: errors ${l.errors}, mixed p50 ${l.result.latency.p50Ms} ms p99 ${l.result.latency.p99Ms} ms, server RSS ${l.rssBeforeMiB} → ${l.rssAfterMiB} MiB`];
  for (const c of loadChecks(l)) out.push(`  ${c.figure}: ${c.measured} (target ${c.target}${c.met === false ? ", MISSED" : ""}) — ${c.beside}`);
  const per = cpuPerRequest(l);
  if (l.cpu) out.push(`  CPU (mean cores of ${l.cpu.cores}, ${l.cpu.seconds} s): ${l.cpu.saturated}${l.cpu.serverInBenchProcess ? " [server = the bench process, which hosts it]" : ""}`);
  if (per) out.push(`  CPU per request: server ${f(per.serverMs)} ms + postgres ${f(per.postgresMs)} ms → at most ${f(per.ceilingRps, 0)} q/s on ${l.cpu!.cores} otherwise idle cores`);
  else out.push("  CPU profile: not available (no /proc)");
  return out;
}

/** The "Sustained load" section of docs/performance.md. */
export function loadSection(l: LoadBenchResult, hnswlibP50Ms?: number): string[] {
  const checks = loadChecks(l);
  const missed = checks.filter((c) => c.met === false);
  const out = [
    "## Sustained load (`tunelens bench load`)",
    "",
    `${l.targetRps === null ? "As many requests/s as answered" : `${l.targetRps} requests/s`} of mixed text→track and track→track searches for ${l.durationSeconds} s from a second process (autocannon, ${l.connections ?? 16} connections), ` +
      `server on ${l.backend} with ${l.tracks.toLocaleString("en")} tracks; load average ${f(l.machine.loadAverage.mean)} during the run.`,
    "",
    "| requests | achieved req/s | errors (connection, timeouts, non-2xx, GraphQL) | p50 ms (mixed) | p99 ms | max ms | server RSS before → after |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    `| ${l.result.requests} | ${f(l.result.rps)} | ${l.errors} (${l.result.errors}, ${l.result.timeouts}, ${l.result.non2xx}, ${l.result.graphqlErrors}) | ${l.result.latency.p50Ms} | ${l.result.latency.p99Ms} | ${l.result.latency.maxMs} | ${l.rssBeforeMiB} → ${l.rssAfterMiB} MiB |`,
    "",
    "| figure | measured | beside it, same run | target | met |",
    "| --- | --- | --- | --- | --- |",
    ...checks.map((c) => `| ${c.figure} | ${c.measured} | ${c.beside} | ${c.target} | ${ok(c.met)} |`),
    "",
    "Under-load latencies are autocannon's per-request times split by the answer's root field; the one-at-a-time figures are the same " +
      "searches sent singly after the load (GraphQL over HTTP, and the served statement through `SearchRepository.pool` with the text encoded in process). " +
      (hnswlibP50Ms === undefined
        ? "The hnswlib in-process baseline is built only by the full `tunelens bench` run, not by the load run."
        : `hnswlib in-process at ${l.tracks.toLocaleString("en")} tracks: ${f(hnswlibP50Ms, 2)} ms p50, from the full \`tunelens bench\` run in the same JSON (the load run does not build it).`),
    "",
  ];
  const c = l.cpu;
  if (c) {
    out.push(
      `CPU during the load (mean cores busy of ${c.cores}, ${c.samples} one-second samples from /proc over ${c.seconds} s):`,
      "",
      `| server${c.serverInBenchProcess ? " (the bench process, which hosts it)" : ""} | PostgreSQL (all \`postgres\` processes) | load generator | other processes | machine total |`,
      "| --- | --- | --- | --- | --- |",
      `| ${f(c.serverCores, 2)} | ${f(c.postgresCores, 2)} | ${f(c.loadGeneratorCores, 2)} | ${f(c.otherCores, 2)} | ${f(c.machineCores, 2)} of ${c.cores} |`,
      "",
      ...((per) => (per ? [`CPU per request: server ${f(per.serverMs)} ms + PostgreSQL ${f(per.postgresMs)} ms, so ${c.cores} otherwise idle cores would answer at most ${f(per.ceilingRps, 0)} q/s of this mix (load generator excluded).`, ""] : []))(cpuPerRequest(l)),
      `${missed.length ? `**Missed: ${missed.map((m) => m.figure).join("; ")}.** ` : ""}Saturated resource: ${c.saturated}.`,
      "",
    );
  } else if (missed.length) {
    out.push(`**Missed: ${missed.map((m) => m.figure).join("; ")}.** No CPU profile (no /proc on this system).`, "");
  }
  out.push("The server runs inside the bench process, so its RSS includes the synthetic catalog held for the load generator's ids.", "");
  return out;
}
