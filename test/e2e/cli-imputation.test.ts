// Issue #20 item 5 through the CLI: "imputation runs automatically after ingest when a field is
// missing". `tunelens ingest` on the embedded database (no server) imputes before it exits; against
// PostgreSQL it leaves the catalog's debounced sweep to `tunelens worker`, which runs it. Real child
// processes, as a user runs them (run `npm run build` first, or the CLI runs from source via tsx).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { pgliteDir } from "../../src/runtime/data-dir-lock.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";
import { runCli, TUNELENS_BIN } from "../helpers/cli.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";
import { servedBackends } from "../helpers/served-backends.ts";
import { writeShortClipCorpus } from "../jobs/short-clips.ts";

/** Genre and mood imputed into the tracks of the corpus that state none, in ingestion order. */
async function imputedLabels(db: Database) {
  return db.query<{ genre: string | null; mood: string | null }>(
    `SELECT metadata->'imputed'->'genre'->>'value' AS genre, metadata->'imputed'->'mood'->>'value' AS mood
       FROM tracks WHERE metadata->'genre' IS NULL ORDER BY seq`,
  );
}

describe.each(servedBackends())("imputation after `tunelens ingest` on $name", (backend) => {
  afterAll(() => backend.dispose());

  it("fills the genre and mood the new tracks lack from their neighbours, without an impute command", async () => {
    const corpus = path.join(tempDir("tunelens-cli-impute-"), "corpus");
    // every other clip states genre and mood; the others state neither
    writeShortClipCorpus(corpus, 6, 1.5, (i) => (i % 2 === 0 ? { genre: "jazz", mood: "calm" } : {}));
    const env: Record<string, string> = {
      ...(await backend.env()),
      TUNELENS_MODEL_DIR: TEST_MODEL_DIR, PORT: "0", LOG_LEVEL: "warn",
      ...(backend.inMemory ? { TUNELENS_DATA_DIR: path.join(tempDir(), "data") } : {}),
      TUNELENS_IMPUTE_AFTER_INGEST_SECONDS: "1",
    };
    // on PostgreSQL the sweep settles long enough to be still queued when the command exits
    const ingest = await runCli(["ingest", corpus], backend.inMemory ? env : { ...env, TUNELENS_IMPUTE_AFTER_INGEST_SECONDS: "15" });
    expect(ingest.stdout + ingest.stderr).toContain("ingested 6, skipped 0 (already stored), failed 0 of 6");
    expect(ingest.code).toBe(0);

    if (backend.inMemory) {
      // the embedded database has no other worker: the ingest command ran the sweep itself
      expect(ingest.stderr).toContain("imputing missing genre/mood/bpm");
      const db = await openDatabase({ dataDir: pgliteDir(env.TUNELENS_DATA_DIR) });
      try {
        expect(await imputedLabels(db)).toEqual(Array(3).fill({ genre: "jazz", mood: "calm" }));
      } finally {
        await db.close();
      }
      return;
    }

    // PostgreSQL: the sweep waits in the jobs table for a worker
    const db = await openDatabase({ url: env.DATABASE_URL });
    try {
      expect(await db.query(`SELECT status FROM jobs WHERE kind = 'imputation-sweep'`)).toEqual([{ status: "queued" }]);
      expect((await imputedLabels(db)).every((r) => r.genre === null)).toBe(true);
      const worker = spawn(process.execPath, [TUNELENS_BIN, "worker"], { env: { ...process.env, ...env }, stdio: "ignore" });
      try {
        for (let i = 0; i < 600 && (await imputedLabels(db)).some((r) => r.genre === null); i++) await new Promise((r) => setTimeout(r, 200));
      } finally {
        const exited = new Promise((r) => worker.once("close", r));
        worker.kill("SIGTERM");
        await exited;
      }
      expect(await imputedLabels(db)).toEqual(Array(3).fill({ genre: "jazz", mood: "calm" }));
    } finally {
      await db.close();
    }
  }, 600_000);
});
