import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { labelValues, readQueryLines, readTrackLines } from "../../src/ingest/dataset-lines.ts";
import { readCorpus } from "../../src/train/corpus.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";

/** A data set folder whose ids are written as numbers, as a CSV export or a script may write them. */
function numericDataset(): string {
  const dir = tempDir("tunelens-lines-");
  writeFileSync(
    path.join(dir, "tracks.jsonl"),
    [
      { id: 7, file: "audio/7.wav", description: "slow strings", labels: { mood: "calm", moods: ["calm", "sad"], instruments: "violin" } },
      { id: "8", file: "audio/8.wav", labels: "not an object" },
      { id: 9, file: "audio/9.wav", split: "val" },
    ].map((l) => JSON.stringify(l)).join("\n") + "\n\n",
  );
  writeFileSync(path.join(dir, "queries.jsonl"), [{ id: 1, text: "calm strings", relevant: [7, "9"] }].map((q) => JSON.stringify(q)).join("\n"));
  return dir;
}

describe("data set lines (tracks.jsonl, queries.jsonl), one reading for ingest, training and evaluation", () => {
  it("reads numeric ids as the strings ingest stores, in tracks and in a query's relevant list", async () => {
    const dir = numericDataset();
    const tracks = await readTrackLines(dir);
    expect(tracks.map((t) => t.id)).toEqual(["7", "8", "9"]);
    const queries = await readQueryLines(dir);
    expect(queries).toEqual([expect.objectContaining({ id: "1", text: "calm strings", relevant: ["7", "9"] })]);
    // the relevant ids match the external ids ingest gives the same lines
    const items = await discoverCatalog(dir);
    expect(items.map((i) => i.externalId)).toEqual(["7", "8", "9"]);
    for (const id of queries![0]!.relevant) expect(items.map((i) => i.externalId)).toContain(id);
  });

  it("keeps every other field of a line (ingest stores catalog metadata verbatim) and reads labels only when they are an object", async () => {
    const [seven, eight] = await readTrackLines(numericDataset());
    expect(seven).toMatchObject({ description: "slow strings", labels: { mood: "calm" } });
    expect(eight!.labels).toBeUndefined();
  });

  it("training reads numeric ids too, and adds a query's text to the training-split track it names only", async () => {
    const corpus = await readCorpus(numericDataset());
    expect(corpus.map((t) => t.id)).toEqual(["7", "8", "9"]);
    expect(corpus[0]!.captions).toEqual(["slow strings", "calm strings"]);
    // track 9 is validation: its query is what validation asks, never a training caption
    expect(corpus[2]!.captions).toEqual([]);
  });

  it("names the file and line of a line it cannot read", async () => {
    const dir = tempDir("tunelens-lines-");
    writeFileSync(path.join(dir, "tracks.jsonl"), `${JSON.stringify({ id: "a", file: "a.wav" })}\n${JSON.stringify({ id: "b" })}\n`);
    await expect(readTrackLines(dir)).rejects.toThrow(`${path.join(dir, "tracks.jsonl")}:2: file:`);
    writeFileSync(path.join(dir, "queries.jsonl"), "{not json\n");
    await expect(readQueryLines(dir)).rejects.toThrow(`${path.join(dir, "queries.jsonl")}:1: not valid JSON`);
  });

  it("a data set without queries.jsonl has no queries (not an empty list)", async () => {
    const dir = tempDir("tunelens-lines-");
    writeFileSync(path.join(dir, "tracks.jsonl"), `${JSON.stringify({ id: "a", file: "a.wav" })}\n`);
    expect(await readQueryLines(dir)).toBeNull();
  });

  it("reads a label written as one string or as a list", () => {
    expect(labelValues("violin")).toEqual(["violin"]);
    expect(labelValues(["calm", 3, "", "sad"])).toEqual(["calm", "sad"]);
    expect(labelValues(undefined)).toEqual([]);
    expect(labelValues({ a: 1 })).toEqual([]);
  });
});
