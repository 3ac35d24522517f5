import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startServe } from "../helpers/cli.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { LIBROSA_MUSIC, TEST_MODEL_DIR } from "../helpers/runtime.ts";




describe("the newcomer's path: serve, ingest from another shell, query, restart", () => {
  const dataDir = path.join(tempDir(), "data");
  const env = { TUNELENS_DATA_DIR: dataDir, TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", LOG_LEVEL: "warn" };
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
  });

  it("works end to end through the CLI and HTTP", async () => {
    const started = await startServe(env);
    server = started.child;
    expect(existsSync(path.join(dataDir, "server.json"))).toBe(true);

    const ingest = await runCli(["ingest", LIBROSA_MUSIC], env);
    expect(ingest.stderr).toContain("ingesting through it");
    expect(ingest.stdout).toContain("ingested 8, skipped 0 (already stored), failed 0 of 8");
    expect(ingest.code).toBe(0);

    const res = await fetch(`${started.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ searchTracks(text: "calm piano with strings", first: 5) { edges { rank node { externalId } } } }` }),
    });
    const body = (await res.json()) as { data: { searchTracks: { edges: unknown[] } } };
    expect(body.data.searchTracks.edges).toHaveLength(5);

    const closed = new Promise((resolve) => started.child.on("close", resolve));
    started.child.kill("SIGTERM");
    expect(await closed).toBe(0);
    server = null;
    expect(existsSync(path.join(dataDir, "server.json"))).toBe(false);

    // With no server running the CLI opens the persisted embedded database itself.
    const again = await runCli(["ingest", LIBROSA_MUSIC], env);
    expect(again.stdout).toContain("ingested 0, skipped 8 (already stored), failed 0 of 8");

    const missing = await runCli(["ingest", "/nonexistent/folder"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("path not found: /nonexistent/folder");
  }, 300_000);
});
