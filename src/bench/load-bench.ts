import type { Logger } from "pino";
import { startBenchServer, type Backend } from "./bench-server.ts";
import { textBody, trackBody, postGraphql } from "./graphql-queries.ts";
import { driveLoad, type LoadResult } from "./load-driver.ts";
import { LoadAverageSampler, type MachineInfo } from "./machine.ts";
import { benchQuerySentences } from "./query-sentences.ts";
import { loadEncoder } from "../embedding/onnx-encoder.ts";

export interface LoadBenchResult {
  backend: Backend;
  tracks: number;
  targetRps: number;
  durationSeconds: number;
  result: LoadResult;
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
  rps: number;
  durationSeconds: number;
  postgresUrl?: string;
  modelDir: string;
  logger: Logger;
  log: (msg: string) => void;
}): Promise<LoadBenchResult> {
  const sampler = new LoadAverageSampler();
  const sentences = benchQuerySentences(300);
  const encoder = await loadEncoder(opts.modelDir);
  const queryVectors = await encoder.embedTexts(sentences).finally(() => encoder.close());
  const server = await startBenchServer({ ...opts, queryVectors });
  try {
    const url = server.running.url;
    const ids = server.catalog.tracks.map((t) => t.externalId);
    const bodies = sentences.flatMap((s, i) => [textBody(s), trackBody(ids[(i * 7919) % ids.length])]);
    for (let i = 0; i < 20; i++) await postGraphql(url, bodies[i]); // warm caches and JIT
    const rssBeforeMiB = await serverRssMiB(url, server.running.adminToken);
    opts.log(`load: ${opts.rps} requests/s for ${opts.durationSeconds} s against ${opts.backend} (${opts.tracks} tracks)…`);
    const result = await driveLoad({ url: `${url}/graphql`, bodies, connections: 16, durationSeconds: opts.durationSeconds, overallRate: opts.rps });
    const rssAfterMiB = await serverRssMiB(url, server.running.adminToken);
    return {
      backend: opts.backend,
      tracks: opts.tracks,
      targetRps: opts.rps,
      durationSeconds: opts.durationSeconds,
      result,
      errors: result.errors + result.timeouts + result.non2xx + result.graphqlErrors,
      rssBeforeMiB,
      rssAfterMiB,
      machine: sampler.stop(),
    };
  } finally {
    await server.stop();
  }
}
