import { setTimeout as sleep } from "node:timers/promises";

/**
 * Spaces request starts at least 60 000 / requestsPerMinute ms apart within this process (each
 * worker process has its own budget: divide the provider's limit by the number of workers).
 * The 429s a provider still sends are retried by the client with its backoff.
 */
export class RateLimiter {
  private next = 0;
  private readonly intervalMs: number;

  constructor(requestsPerMinute: number) {
    this.intervalMs = 60_000 / requestsPerMinute;
  }

  async acquire(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }
}
