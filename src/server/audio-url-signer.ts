import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** How long a signed audio URL stays valid: longer than any track (≤ 900 s by default) plus browsing. */
export const AUDIO_URL_TTL_SECONDS = 3600;

export type AudioUrlCheck = "ok" | "expired" | "bad-signature";

/**
 * Short-lived HMAC-signed audio URLs. An `<audio>` element cannot send an Authorization header,
 * so the GraphQL API hands a signed URL (`/audio/<id>?exp=…&sig=…`) to callers allowed to search,
 * and the audio route checks the signature instead of a key.
 *
 * The key is derived from the admin token when one is configured, so every server process sharing
 * `TUNELENS_ADMIN_TOKEN` (several `serve` behind a load balancer) accepts the others' URLs; a
 * one-way derivation means a URL never reveals anything about the token. Without a token the key
 * is random per process, and URLs die with it.
 */
export class AudioUrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string | null,
    private readonly ttlSeconds = AUDIO_URL_TTL_SECONDS,
    private readonly now: () => number = Date.now,
  ) {
    this.key = secret ? createHmac("sha256", secret).update("tunelens audio url v1").digest() : randomBytes(32);
  }

  /** A path (relative to the server) that plays the track until the TTL passes. */
  urlFor(trackId: string): string {
    const exp = Math.floor(this.now() / 1000) + this.ttlSeconds;
    return `/audio/${encodeURIComponent(trackId)}?exp=${exp}&sig=${this.sign(trackId, exp)}`;
  }

  check(trackId: string, exp: unknown, sig: unknown): AudioUrlCheck {
    if (typeof exp !== "string" || !/^\d{1,12}$/.test(exp) || typeof sig !== "string") return "bad-signature";
    const expected = Buffer.from(this.sign(trackId, Number(exp)));
    const given = Buffer.from(sig);
    // Signature first: an expiry answer for a forged URL would tell an attacker nothing useful,
    // but checking in this order keeps "expired" meaning "was valid once".
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad-signature";
    return Number(exp) * 1000 < this.now() ? "expired" : "ok";
  }

  private sign(trackId: string, exp: number): string {
    return createHmac("sha256", this.key).update(`${trackId}\n${exp}`).digest("base64url");
  }
}
