import { summarize, type LatencySummary } from "./percentiles.ts";

/**
 * Runs `fn(i)` for i = 0..n-1 one at a time (concurrency 1, so each sample is one request's
 * latency, not queueing) after `warmup` unmeasured calls, and summarises the wall-clock times.
 */
export async function sampleLatency(n: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(20, n)): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}
