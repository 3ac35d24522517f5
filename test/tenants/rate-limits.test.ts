import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { code, serverBackends, startTestServer } from "./server-fixture.ts";

/**
 * Per-key limits and end users as the limited unit (issue #19), over HTTP. Buckets are in memory;
 * the limits are stored with the key, so both back ends run it.
 */
describe.each(serverBackends())("rate limits per key and per end user (%s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  const Q = `{ tracks(first: 1) { totalCount } }`;

  beforeAll(async () => {
    t = await startTestServer(backend, { TUNELENS_RATE_LIMIT_PER_MINUTE: "9" });
  }, 120_000);
  afterAll(() => t?.stop());

  const statuses = async (n: number, token: string, headers: Record<string, string> = {}) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await t.post(Q, { token, headers })).status);
    return out;
  };

  it("holds a key to its own limit, and other keys to the server's", async () => {
    const small = await t.createKey(["search"], { rateLimitPerMinute: 2 });
    const big = await t.createKey(["search"], { rateLimitPerMinute: 8 });
    const plain = await t.createKey(["search"]);
    expect(await statuses(3, small)).toEqual([200, 200, 429]);
    expect(await statuses(9, big)).toEqual([...Array(8).fill(200), 429]);
    expect(await statuses(10, plain)).toEqual([...Array(9).fill(200), 429]);
  });

  it("limits each end user of a frontend key separately, under the key's own limit", async () => {
    const frontend = await t.createKey(["search"], { rateLimitPerMinute: 7, endUserRateLimitPerMinute: 3 });
    expect(await statuses(4, frontend, { "x-tunelens-end-user": "u-1" })).toEqual([200, 200, 200, 429]);
    // another user is not held back by u-1
    expect(await statuses(3, frontend, { "x-tunelens-end-user": "u-2" })).toEqual([200, 200, 200]);
    // 4 + 3 requests used the key's 7: the key's limit caps the sum
    const r = await t.post(Q, { token: frontend, headers: { "x-tunelens-end-user": "u-3" } });
    expect(r.status).toBe(429);
    expect(code(r)).toBe("RATE_LIMITED");
  });

  it("ignores the header for keys not allowed to send it, and refuses a malformed one from keys that are", async () => {
    const plain = await t.createKey(["search"], { rateLimitPerMinute: 2 });
    // made-up users do not mint fresh buckets
    expect([
      (await t.post(Q, { token: plain, headers: { "x-tunelens-end-user": "a" } })).status,
      (await t.post(Q, { token: plain, headers: { "x-tunelens-end-user": "b" } })).status,
      (await t.post(Q, { token: plain, headers: { "x-tunelens-end-user": "c" } })).status,
    ]).toEqual([200, 200, 429]);
    const frontend = await t.createKey(["search"], { endUserRateLimitPerMinute: 3 });
    const bad = await t.post(Q, { token: frontend, headers: { "x-tunelens-end-user": "x".repeat(201) } });
    expect(bad.status).toBe(400);
    expect(code(bad)).toBe("BAD_USER_INPUT");
  });
});
