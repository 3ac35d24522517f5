import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface RateLimitSettings {
  /** requests per minute per caller (key, admin, or client address) */
  perMinute: number;
}

/** Per-caller token bucket over a one-minute window (in memory: per server process). */
export class RateLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(settings: RateLimitSettings) {
    this.limiter = new RateLimiterMemory({ points: settings.perMinute, duration: 60 });
  }

  /** Seconds until `callerId` may try again when its points are used up, else null (consumes nothing). */
  async blocked(callerId: string): Promise<number | null> {
    const res = await this.limiter.get(callerId);
    if (!res || res.remainingPoints > 0) return null;
    return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  }

  /** null when allowed, otherwise seconds until the caller may retry. */
  async consume(callerId: string): Promise<number | null> {
    try {
      await this.limiter.consume(callerId);
      return null;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }
}
