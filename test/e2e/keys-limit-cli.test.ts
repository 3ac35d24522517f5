// `tunelens keys limit` (issue #19 item 5): a frontend's key gets a higher tier without a new
// secret, through a running `serve` that holds the embedded database and in-process without one.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startServe } from "../helpers/cli.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";

const ADMIN = "keys-limit-admin-token-0123456789abcdef";

describe("tunelens keys limit", () => {
  const root = tempDir("tunelens-keys-limit-");
  const env = { TUNELENS_DATA_DIR: path.join(root, "data"), TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", LOG_LEVEL: "warn", TUNELENS_ADMIN_TOKEN: ADMIN };
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
  });

  it("changes a key's limits through the running server and without one; an unknown key exits non-zero", async () => {
    const started = await startServe(env);
    server = started.child;
    const created = await runCli(["keys", "create", "--scope", "search", "--rate-limit", "2", "--name", "frontend"], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split("\n").at(-1)!;
    const prefix = key.split("_")[1];
    const raised = await runCli(["keys", "limit", prefix, "--rate-limit", "500", "--end-user-rate-limit", "20"], env);
    expect(raised.stdout).toContain("changed the limits of 1 key(s)");
    const res = await fetch(`${started.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ query: `{ apiKeys { prefix rateLimitPerMinute endUserRateLimitPerMinute } }` }),
    });
    const keys = ((await res.json()) as { data: { apiKeys: Array<{ prefix: string }> } }).data.apiKeys;
    expect(keys.find((k) => k.prefix === prefix)).toEqual({ prefix, rateLimitPerMinute: 500, endUserRateLimitPerMinute: 20 });

    const closed = new Promise((resolve) => started.child.on("close", resolve));
    started.child.kill("SIGTERM");
    expect(await closed).toBe(0);
    server = null;
    const local = await runCli(["keys", "limit", prefix, "--rate-limit", "600"], env);
    expect(local.stdout).toContain("changed the limits of 1 key(s)");
    const unknown = await runCli(["keys", "limit", "ffffffff", "--rate-limit", "600"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("changed the limits of 0 key(s)");
  }, 300_000);
});
