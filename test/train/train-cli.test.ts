// `tunelens train` on a user's catalog (issue #15 item 5): it reads `description` and queries.jsonl
// like fit-head does, and never writes over a model it was not told to replace.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultTrainOut } from "../../src/cli/commands/train.ts";
import { readCorpus } from "../../src/train/corpus.ts";
import { runCli } from "../helpers/cli.ts";
import { writeTone } from "./wav.ts";

let dir: string;
let corpus: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-train-cli-"));
  corpus = path.join(dir, "catalog");
  await mkdir(path.join(corpus, "audio"), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    await writeTone(path.join(corpus, "audio", `t${i}.wav`), 220 * (1 + i), 3, 16000, i + 1);
    // a user's catalog: a description, no captions, no split (= train); the last one is held out
    lines.push(JSON.stringify({ id: `t${i}`, file: `audio/t${i}.wav`, description: i % 2 ? "slow piano waltz" : "fast hip-hop beat", ...(i === 5 ? { split: "val" } : {}) }));
  }
  await writeFile(path.join(corpus, "tracks.jsonl"), lines.join("\n") + "\n");
  await writeFile(
    path.join(corpus, "queries.jsonl"),
    [
      { id: "q1", text: "gentle keys in three four", relevant: ["t1", "t3", "t5"] },
      { id: "q2", text: "slow piano waltz", relevant: ["t1"] },
    ].map((q) => JSON.stringify(q)).join("\n") + "\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("tunelens train on a user's catalog", () => {
  it("pairs each track with its description and the queries naming it (training split only, no duplicates)", async () => {
    const tracks = new Map((await readCorpus(corpus)).map((t) => [t.id, t]));
    expect(tracks.get("t0")!.captions).toEqual(["fast hip-hop beat"]);
    expect(tracks.get("t1")!.captions).toEqual(["slow piano waltz", "gentle keys in three four"]);
    expect(tracks.get("t3")!.captions).toEqual(["slow piano waltz", "gentle keys in three four"]);
    // a validation track keeps its own texts: its queries are what validation asks
    expect(tracks.get("t5")!.captions).toEqual(["slow piano waltz"]);
  });

  it("names a new timestamped folder by default", () => {
    const out = defaultTrainOut("/srv/models", undefined, new Date("2026-12-02T19:55:01.123Z"));
    expect(out).toBe(path.join("/srv/models", "tunelens-20261202-195501"));
    expect(defaultTrainOut("/srv/models", "mine", new Date("2026-12-02T19:55:01Z"))).toBe(path.join("/srv/models", "mine-20261202-195501"));
  });

  it("without --out trains into a new folder of the models directory, leaving the shipped model alone; an existing model needs --force", async () => {
    const models = path.join(dir, "models");
    const shipped = path.join(models, "tunelens-default");
    await mkdir(shipped, { recursive: true });
    await writeFile(path.join(shipped, "model.json"), '{"name":"tunelens-default"}');
    const env = { TUNELENS_MODELS_DIR: models, TUNELENS_MODEL_DIR: shipped };
    const common = ["train", "--data", corpus, "--epochs", "0", "--text-backbone", "bow", "--dim", "8", "--channels", "4", "--text-hidden", "8", "--batch", "2", "--no-progress", "--cache-dir", path.join(dir, "cache"), "--checkpoint-dir", path.join(dir, "checkpoints")];
    const run = await runCli(common, env);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(path.join(shipped, "model.json"), "utf8")).toBe('{"name":"tunelens-default"}');
    const created = (await readdir(models)).filter((f) => f !== "tunelens-default");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^tunelens-\d{8}-\d{6}$/);
    const manifest = JSON.parse(await readFile(path.join(models, created[0], "model.json"), "utf8"));
    // the vocabulary came from the descriptions and queries: there were no captions
    const vocab = JSON.parse(await readFile(path.join(models, created[0], manifest.text.frontend.vocabulary), "utf8")) as string[];
    expect(vocab).toEqual(expect.arrayContaining(["piano", "waltz"]));

    const refused = await runCli([...common, "--out", shipped], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/already holds a model.*--force/);
    expect(await readFile(path.join(shipped, "model.json"), "utf8")).toBe('{"name":"tunelens-default"}');

    const forced = await runCli([...common, "--out", shipped, "--force"], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await stat(path.join(shipped, "model.json"))).size).toBeGreaterThan(100);
  }, 240_000);
});
