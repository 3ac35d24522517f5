import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Query ids that prove they were served. `recordInteraction` used to accept any UUID, so a client
 * could invent interactions with answers nobody saw and skew an experiment's report (issue #16).
 * A served query id is a UUID (version 4 layout) whose first 8 bytes are random and whose last 8
 * carry an HMAC of them under a key derived from the server's secret: any process holding the same
 * secret recognises it, with no state to share or keep (exposures may still sit in the batched
 * log when the click arrives, so looking them up would refuse real interactions).
 */
export class QueryIdSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac("sha256", "tunelens query ids").update(secret).digest();
  }

  mint(): string {
    const bytes = Buffer.alloc(16);
    randomBytes(8).copy(bytes, 0);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    this.tag(bytes.subarray(0, 8)).copy(bytes, 8);
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    return format(bytes);
  }

  /** Was `queryId` minted by a server holding this secret? */
  served(queryId: string): boolean {
    const hex = queryId.replace(/-/g, "");
    if (!/^[0-9a-f]{32}$/i.test(hex)) return false;
    const bytes = Buffer.from(hex, "hex");
    const expected = this.tag(bytes.subarray(0, 8));
    expected[0] = (expected[0] & 0x3f) | 0x80;
    return timingSafeEqual(expected, bytes.subarray(8, 16));
  }

  private tag(head: Buffer): Buffer {
    return createHmac("sha256", this.key).update(head).digest().subarray(0, 8);
  }
}

function format(b: Buffer): string {
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
