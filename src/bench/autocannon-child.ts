/**
 * Runs in its own process (spawned by load-driver.ts) so that the load generator never competes
 * with the server for one event loop. Reads its settings as JSON from argv[2], drives the URL with
 * the given GraphQL bodies in random order, and prints one JSON result line on stdout.
 */
import autocannon from "autocannon";
import { summarize } from "./percentiles.ts";

interface ChildInput {
  url: string;
  bodies: string[];
  connections: number;
  durationSeconds: number;
  /** requests/s over all connections; absent = as fast as the server answers */
  overallRate?: number;
}

const input = JSON.parse(process.argv[2] ?? "{}") as ChildInput;
let graphqlErrors = 0;
let next = 0;
/**
 * Per-kind latencies. autocannon calls onResponse and then, synchronously, emits "response" with
 * that request's time (lib/httpClient.js), so the kind read from the answer's root field in the
 * first is the kind of the time in the second.
 */
const byKind = { text: [] as number[], track: [] as number[] };
let lastKind: keyof typeof byKind | null = null;
const instance = autocannon(
  {
    url: input.url,
    connections: input.connections,
    duration: input.durationSeconds,
    // with a rate, autocannon otherwise "corrects" for coordinated omission with a 1 ms expected
    // interval (ceil(1/rate)): it adds samples at every millisecond below each response time,
    // which roughly halved the reported p50 (118 ms against 225 ms measured per request).
    // (autocannon refuses the option without a rate, where it corrects nothing anyway)
    ...(input.overallRate ? { overallRate: input.overallRate, ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (req: Record<string, unknown>) => {
          // a fixed stride through the bodies: mixed text/track queries without a PRNG
          next = (next + 7919) % input.bodies.length;
          return { ...req, body: input.bodies[next] };
        },
        onResponse: (status: number, body: string) => {
          if (status === 200 && body.includes('"errors"')) graphqlErrors++;
          lastKind = status !== 200 ? null : body.includes('"searchTracks"') ? "text" : body.includes('"similarTracks"') ? "track" : null;
        },
      },
    ],
  },
  (err: Error | null, result: autocannon.Result) => {
    if (err) {
      process.stderr.write(`autocannon: ${err.message}\n`);
      process.exit(1);
    }
    const out = {
      requests: result.requests.total,
      durationSeconds: result.duration,
      rps: result.requests.average,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      graphqlErrors,
      latency: { p50Ms: result.latency.p50, p90Ms: result.latency.p90, p99Ms: result.latency.p99, maxMs: result.latency.max, meanMs: result.latency.average },
      byKind: { text: summarize(byKind.text), track: summarize(byKind.track) },
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  },
);
instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
  if (lastKind) byKind[lastKind].push(responseTime);
  lastKind = null;
});
process.once("SIGTERM", () => instance.stop());
