import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, code, serverBackends, startTestServer } from "./server-fixture.ts";

/**
 * Per-key limits and end users as the limited unit (issue #19), over HTTP. Buckets are in memory;
 * the limits are stored with the key, so both back ends run it.
 */
/** HTTP statuses of n identical requests in a row. */
async function statusesOf(t: Awaited<ReturnType<typeof startTestServer>>, q: string, n: number, token: string, headers: Record<string, string>) {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await t.post(q, { token, headers })).status);
  return out;
}

describe.each(serverBackends())("rate limits per key and per end user (%s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  const Q = `{ tracks(first: 1) { totalCount } }`;

  beforeAll(async () => {
    t = await startTestServer(backend, { TUNELENS_RATE_LIMIT_PER_MINUTE: "9" });
  }, 120_000);
  afterAll(() => t?.stop());

  const statuses = (n: number, token: string, headers: Record<string, string> = {}) => statusesOf(t, Q, n, token, headers);

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

/** Limits changed on a live key (the operator's token is not held to a small server limit here). */
describe.each(serverBackends())("rate limits changed on a live key (%s)", (backend) => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  const Q = `{ tracks(first: 1) { totalCount } }`;

  beforeAll(async () => {
    t = await startTestServer(backend);
  }, 120_000);
  afterAll(() => t?.stop());

  const statuses = (n: number, token: string, headers: Record<string, string> = {}) => statusesOf(t, Q, n, token, headers);

  it("changes a live key's limits without a new secret: a throttled frontend gets its higher tier at once", async () => {
    const frontend = await t.createKey(["search"], { rateLimitPerMinute: 2 });
    expect(await statuses(3, frontend)).toEqual([200, 200, 429]);
    const prefix = frontend.split("_")[1];
    const set = `mutation($k: String!, $r: Int, $e: Int) { setApiKeyLimits(idOrPrefix: $k, rateLimitPerMinute: $r, endUserRateLimitPerMinute: $e) { prefix rateLimitPerMinute endUserRateLimitPerMinute } }`;
    // only the operator changes limits, no key (not even one raising itself)
    const other = await t.createKey(["search"]);
    expect(code(await t.post(set, { token: other, variables: { k: prefix, r: 1000 } }))).toBe("FORBIDDEN");
    const raised = await t.post(set, { token: ADMIN, variables: { k: prefix, r: 5, e: 2 } });
    expect(raised.body.data!.setApiKeyLimits).toEqual([{ prefix, rateLimitPerMinute: 5, endUserRateLimitPerMinute: 2 }]);
    // the same secret, the new limits: 2 a minute for each end user it names, and four answers
    // in all where the old limit of 2 had already run out
    expect(await statuses(3, frontend, { "x-tunelens-end-user": "u-1" })).toEqual([200, 200, 429]);
    expect(await statuses(3, frontend, { "x-tunelens-end-user": "u-2" })).toEqual([200, 200, 429]);
    // omitted limits stay; an invalid one is refused
    const kept = await t.post(set, { token: ADMIN, variables: { k: prefix, e: 3 } });
    expect(kept.body.data!.setApiKeyLimits[0]).toMatchObject({ rateLimitPerMinute: 5, endUserRateLimitPerMinute: 3 });
    expect(code(await t.post(set, { token: ADMIN, variables: { k: prefix, r: 0 } }))).toBe("BAD_USER_INPUT");
    expect((await t.post(set, { token: ADMIN, variables: { k: "ffffffff", r: 5 } })).body.data!.setApiKeyLimits).toEqual([]);
  });
});
