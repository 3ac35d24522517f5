// autocannon ships no types; this declares the slice the load generator uses.
declare module "autocannon" {
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  interface Instance {
    stop(): void;
    on(event: "response", listener: (client: unknown, status: number, bytes: number, responseTime: number) => void): Instance;
  }
  function autocannon(opts: Record<string, unknown>, cb: (err: Error | null, result: Result) => void): Instance;
  namespace autocannon {
    export type { Result };
  }
  export default autocannon;
}
