import type { Logger } from "pino";
import { startBenchServer, type Backend } from "./bench-server.ts";
import { textBody, trackBody, postGraphql } from "./graphql-queries.ts";
import { CpuSampler, type CpuProfile } from "./cpu-profile.ts";
import { directBaseline, type DirectBaseline } from "./direct-baseline.ts";
import { driveLoad, type LoadResult } from "./load-driver.ts";
import { LoadAverageSampler, type MachineInfo } from "./machine.ts";
import { benchQuerySentences } from "./query-sentences.ts";
import { loadEncoder } from "../embedding/onnx-encoder.ts";

export interface LoadBenchResult {
  backend: Backend;
  tracks: number;
  /** requests/s asked for; null = as fast as the server answers (`--rps max`) */
  targetRps: number | null;
  /** requests in flight at once (autocannon connections) */
  connections?: number;
  durationSeconds: number;
  result: LoadResult;
  /** CPU by process group during the load, from /proc (null off Linux) */
  cpu?: CpuProfile | null;
  /** the load's searches one at a time, GraphQL over HTTP and the served SQL directly, after the load */
  direct?: DirectBaseline;
  /** HTTP-level and GraphQL-level failures together; the target is 0 */
  errors: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  machine: MachineInfo;
}

/** Resident memory of the server process, as it reports itself on /metrics. */
async function serverRssMiB(url: string, adminToken: string): Promise<number> {
  // /metrics is behind the admin token in production (issue #16)
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
  const m = /^tunelens_process_resident_memory_bytes\s+(\S+)/m.exec(text);
  return m ? Math.round((Number(m[1]) / 2 ** 20) * 10) / 10 : Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
}

/**
 * Sustained mixed load: the real server with a small catalog, driven from a second process at a
 * fixed request rate (text→track and track→track alternating) for a bounded time.
 */
export async function runLoadBench(opts: {
  backend: Backend;
  tracks: number;
  /** null: as fast as answered */
  rps: number | null;
  connections: number;
  durationSeconds: number;
  /** searches of each kind timed one at a time for the GraphQL ÷ SQL ratio */
  directQueries: number;
  postgresUrl?: string;
  modelDir: string;
  logger: Logger;
  log: (msg: string) => void;
}): Promise<LoadBenchResult> {
  const sampler = new LoadAverageSampler();
  const sentences = benchQuerySentences(Math.max(300, opts.directQueries));
  const encoder = await loadEncoder(opts.modelDir);
  const queryVectors = await encoder.embedTexts(sentences).finally(() => encoder.close());
  const server = await startBenchServer({ ...opts, queryVectors });
  try {
    const url = server.running.url;
    const ids = server.catalog.tracks.map((t) => t.externalId);
    // sentence i is paired with track trackIndex(i): the load and its one-at-a-time baseline send the same mix
    const trackIndex = (i: number) => (i * 7919) % ids.length;
    const bodies = sentences.flatMap((s, i) => [textBody(s), trackBody(ids[trackIndex(i)])]);
    for (let i = 0; i < 20; i++) await postGraphql(url, bodies[i]); // warm caches and JIT
    const rssBeforeMiB = await serverRssMiB(url, server.running.adminToken);
    opts.log(`load: ${opts.rps ?? "as many"} requests/s (${opts.connections} connections) for ${opts.durationSeconds} s against ${opts.backend} (${opts.tracks} tracks)…`);
    // startBenchServer runs the server in this process: its CPU figure is this process's
    const cpu = CpuSampler.available() ? new CpuSampler({ serverPid: process.pid, serverInBenchProcess: true }) : null;
    cpu?.start();
    const result = await driveLoad(
      { url: `${url}/graphql`, bodies, connections: opts.connections, durationSeconds: opts.durationSeconds, ...(opts.rps ? { overallRate: opts.rps } : {}) },
      (pid) => cpu?.setLoadGenerator(pid),
    );
    const profile = cpu?.stop() ?? null;
    const rssAfterMiB = await serverRssMiB(url, server.running.adminToken);
    opts.log(`load: ${result.rps.toFixed(0)} requests/s; timing ${opts.directQueries} of each search one at a time, GraphQL and SQL…`);
    const { db } = server.running.opened;
    const { model, encoder } = server.running.opened.runtime;
    const direct = await directBaseline({
      db,
      model,
      encoder,
      url,
      sentences: sentences.slice(0, opts.directQueries),
      tracks: server.catalog.tracks,
      trackIndex,
    });
    return {
      backend: opts.backend,
      tracks: opts.tracks,
      targetRps: opts.rps,
      connections: opts.connections,
      durationSeconds: opts.durationSeconds,
      result,
      cpu: profile,
      direct,
      errors: result.errors + result.timeouts + result.non2xx + result.graphqlErrors,
      rssBeforeMiB,
      rssAfterMiB,
      machine: sampler.stop(),
    };
  } finally {
    await server.stop();
  }
}
