// `tunelens models` on the embedded database with no server running: the command opens the
// database itself, runs the re-embedding jobs in its own process and flips the active model; a
// restarted process then serves the activated model's folder.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openRuntime } from "../../src/runtime/open-runtime.ts";
import { loadConfig } from "../../src/config.ts";
import { writeStandInClap } from "../../src/embedding/clap-stand-in.ts";
import { runCli } from "../helpers/cli.ts";
import { chord, clickTrack, sine, tempDir, writeWav } from "../helpers/audio-fixtures.ts";
import { TEST_MODEL_DIR } from "../helpers/runtime.ts";



describe("tunelens models on the embedded database (no server)", () => {
  it("lists, activates (embedding first), is idempotent, and a restart serves the activated model", async () => {
    const root = tempDir("tunelens-models-cli-");
    const audio = path.join(root, "audio");
    mkdirSync(audio);
    writeWav(audio, "chord.wav", [chord([262, 330, 392], 8, 22050)], 22050);
    writeWav(audio, "sine.wav", [sine(220, 6, 22050)], 22050);
    writeWav(audio, "clicks.wav", [clickTrack(100, 9, 22050)], 22050);
    const modelsDir = path.join(root, "models");
    writeStandInClap(path.join(modelsDir, "clap"), "clap-a", { seed: 5 });
    mkdirSync(path.join(modelsDir, "broken"));
    writeFileSync(path.join(modelsDir, "broken", "model.json"), JSON.stringify({ name: "broken", version: "1", dimensions: 512 }));
    const env = { TUNELENS_DATA_DIR: path.join(root, "data"), TUNELENS_MODEL_DIR: TEST_MODEL_DIR, TUNELENS_MODELS_DIR: modelsDir, DATABASE_URL: "", LOG_LEVEL: "warn" };

    const ingest = await runCli(["ingest", audio], env);
    expect(ingest.stdout, ingest.stderr).toContain("ingested 3");

    const list = await runCli(["models", "list"], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/clap-a\s+clap-a-1\s+512\s+0\/3/);
    expect(list.stdout).toMatch(/tunelens-default\s+\S+\s+256\s+\*\s+3\/3/);
    expect(list.stdout).toMatch(/broken\s+—\s+—\s+invalid/);
    expect(list.stderr).toMatch(/broken: invalid model manifest .*audio/);

    const activate = await runCli(["models", "activate", "clap-a"], env);
    expect(activate.code, activate.stderr).toBe(0);
    expect(activate.stdout).toContain("the current model stays active meanwhile");
    expect(activate.stdout).toContain("clap-a (clap-a-1) is active: 3/3 tracks");

    const again = await runCli(["models", "activate", "clap-a"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("queued");
    expect(again.stdout).toContain("is active: 3/3 tracks");

    const unknown = await runCli(["models", "embed", "nope"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown model "nope"; available: clap-a/);

    // serve (any command) now loads the active model's folder instead of TUNELENS_MODEL_DIR
    const opened = await openRuntime(loadConfig({ ...process.env, ...env }));
    try {
      expect(opened.runtime.model).toMatchObject({ name: "clap-a", dimensions: 512, active: true });
      expect(opened.modelDir).toBe(path.join(modelsDir, "clap"));
    } finally {
      await opened.close();
    }
  }, 420_000); // six CLI processes, each loading the shipped model (≈ 100 s idle, 190 s on a busy host)

  it("a new version of the default model's files re-embeds every track: the next command queues them once, and running them embeds every track under the new version", async () => {
    const root = tempDir("tunelens-models-upgrade-");
    const audio = path.join(root, "audio");
    mkdirSync(audio);
    writeWav(audio, "chord.wav", [chord([262, 330, 392], 8, 22050)], 22050);
    writeWav(audio, "sine.wav", [sine(220, 6, 22050)], 22050);
    const modelsDir = path.join(root, "models");
    const modelDir = path.join(modelsDir, "default");
    cpSync(TEST_MODEL_DIR, modelDir, { recursive: true });
    const env = { TUNELENS_DATA_DIR: path.join(root, "data"), TUNELENS_MODEL_DIR: modelDir, TUNELENS_MODELS_DIR: modelsDir, DATABASE_URL: "", LOG_LEVEL: "warn" };
    const ingest = await runCli(["ingest", audio], env);
    expect(ingest.stdout, ingest.stderr).toContain("ingested 2");

    // the upgrade: same folder, new version (as v0.3 → v0.4 replaced models/tunelens-default)
    const manifest = JSON.parse(readFileSync(path.join(modelDir, "model.json"), "utf8"));
    writeFileSync(path.join(modelDir, "model.json"), JSON.stringify({ ...manifest, version: "upgraded-1" }));

    const opened = await openRuntime(loadConfig({ ...process.env, ...env }));
    try {
      expect(opened.runtime.model).toMatchObject({ version: "upgraded-1", active: true });
      expect(opened.reembeddingQueued).toBe(2);
    } finally {
      await opened.close();
    }
    const list = await runCli(["models", "list"], env);
    expect(list.code, list.stderr).toBe(0);
    // queued once: opening again found the jobs already there
    expect(list.stdout).toMatch(/tunelens-default\s+upgraded-1\s+256\s+\*\s+0\/2\s+2\s+0/);

    // on the embedded database `serve` runs them; `models embed` runs them in its own process
    const embed = await runCli(["models", "embed", "tunelens-default"], env);
    expect(embed.code, embed.stderr).toBe(0);
    const after = await runCli(["models", "list"], env);
    expect(after.stdout).toMatch(/tunelens-default\s+upgraded-1\s+256\s+\*\s+2\/2\s+0\s+0/);
  }, 420_000);
});
