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

/** The header a frontend key names its end user in (issue #19); honoured only for keys allowed to. */
export const END_USER_HEADER = "x-tunelens-end-user";

/** 1–200 visible ASCII characters: an opaque id of the frontend's choosing (a hash of its user id). */
const END_USER_RE = /^[\x21-\x7e]{1,200}$/;

/** The end user a request names, or null (absent); undefined when the header is malformed. */
export function endUserOf(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return null;
  if (typeof header !== "string" || !END_USER_RE.test(header)) return undefined;
  return header;
}

/**
 * Limits that differ per key: one bucket store per distinct rate (a key created with its own
 * `rateLimitPerMinute`, or an end-user rate), so a key's limit is as cheap as the default one.
 */
export class RateLimiters {
  private readonly byRate = new Map<number, RateLimiter>();

  constructor(private readonly defaultPerMinute: number) {}

  /** null when allowed, else seconds to wait; `perMinute` null = the server's default. */
  consume(id: string, perMinute: number | null | undefined): Promise<number | null> {
    const rate = perMinute ?? this.defaultPerMinute;
    let limiter = this.byRate.get(rate);
    if (!limiter) {
      limiter = new RateLimiter({ perMinute: rate });
      this.byRate.set(rate, limiter);
    }
    return limiter.consume(id);
  }
}
