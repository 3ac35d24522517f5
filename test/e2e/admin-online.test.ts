// Issue #19 item 4 "admin work online": with `tunelens serve` holding the embedded database,
// `impute`, `labels align`, `labels genres`, `index catalog` and `index auto` hand their work to
// the server (as `ingest` does), and `labels show` and `index list` read through it, instead of
// failing with "the embedded database … is in use".
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startServe } from "../helpers/cli.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { writeShortClipCorpus } from "../jobs/short-clips.ts";

describe("admin commands while `serve` runs on the embedded database", () => {
  const root = tempDir("tunelens-admin-online-");
  const dataDir = path.join(root, "data");
  const corpus = path.join(root, "mix");
  // the sweep after ingest is off here so that `impute` has the work to do
  const env = { TUNELENS_DATA_DIR: dataDir, TUNELENS_MODEL_DIR: TEST_MODEL_DIR, DATABASE_URL: "", PORT: "0", LOG_LEVEL: "warn", TUNELENS_IMPUTE_AFTER_INGEST_SECONDS: "off" };
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
  });

  it("impute, labels align|genres|show and index catalog|auto|list complete through the server", async () => {
    writeShortClipCorpus(corpus, 4, 1.5, (i) => (i % 2 === 0 ? { genre: "jazz", mood: "calm" } : {}));
    const started = await startServe(env);
    server = started.child;
    const ingest = await runCli(["ingest", corpus, "--catalog", "mix"], env);
    expect(ingest.stdout).toContain("ingested 4, skipped 0");

    const impute = await runCli(["impute", "--catalog", "mix"], env);
    expect(impute.stderr).not.toContain("in use");
    expect(impute.stderr).toContain("imputing through it");
    expect(impute.stdout).toContain("imputation ran: imputation queued for 4 tracks (5 jobs)");
    expect(impute.code).toBe(0);

    const align = await runCli(["labels", "align"], env);
    expect(align.stderr).toContain("aligning labels through it");
    expect(align.stdout).toMatch(/^\d+ labels from 3 vocabularies → \d+ clusters/);
    expect(align.code).toBe(0);

    const live = await runCli(["labels", "show", "--json"], env);
    expect(live.stderr).toContain("reading label clusters through it");
    expect(live.code).toBe(0);
    const liveClusters = JSON.parse(live.stdout) as Array<{ members: unknown[] }>;
    expect(liveClusters.length).toBeGreaterThan(5);

    const genres = await runCli(["labels", "genres"], env);
    expect(genres.stderr).toContain("computing soft genres through it");
    expect(genres.stdout).toContain("soft genres computed: soft genres queued for 4 tracks (2 jobs)");

    const index = await runCli(["index", "catalog", "mix"], env);
    expect(index.stderr).toContain("building indexes through it");
    expect(index.stderr).toMatch(/built 2 index\(es\) for catalog mix/);
    expect(index.code).toBe(0);

    // a second catalog for `index auto` to find (mix already has its indexes)
    const other = path.join(root, "other");
    writeShortClipCorpus(other, 3, 1.5, () => ({}));
    expect((await runCli(["ingest", other, "--catalog", "other"], env)).stdout).toContain("ingested 3, skipped 0");
    const auto = await runCli(["index", "auto", "--min-tracks", "3"], env);
    expect(auto.stderr).toContain("building indexes through it");
    expect(auto.stderr).toContain("indexed 1 catalog(s) with at least 3 tracks: other");
    expect(auto.code).toBe(0);

    const list = await runCli(["index", "list", "--json"], env);
    expect(list.stderr).toContain("listing indexes through it");
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as Array<{ catalog: string; exists: boolean; rows: number }>;
    expect(listed.map((r) => `${r.catalog}:${r.exists}:${r.rows}`).sort()).toEqual(["mix:true:4", "mix:true:4", "other:true:3", "other:true:3"]);

    // what the server did is in the database once it has stopped
    const closed = new Promise((resolve) => started.child.on("close", resolve));
    started.child.kill("SIGTERM");
    expect(await closed).toBe(0);
    server = null;
    const shown = await runCli(["labels", "show", "--json"], env);
    expect(shown.stderr).not.toContain("through it");
    expect(JSON.parse(shown.stdout)).toEqual(liveClusters);
    const localList = await runCli(["index", "list", "--json"], env);
    expect(localList.stderr).not.toContain("through it");
    expect(JSON.parse(localList.stdout)).toEqual(listed);
    // and the same command without a server runs the task in its own process
    const local = await runCli(["impute", "--catalog", "mix"], env);
    expect(local.stderr).not.toContain("through it");
    expect(local.stdout).toContain("imputation ran: imputation queued for 4 tracks (1 jobs)");
  }, 600_000);
});
