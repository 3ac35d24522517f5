import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeGloveTable } from "../../src/embedding/glove-table.ts";
import { GLOVE_PACKAGE, prepareGloveSubset, selectGloveSubset } from "../../src/train/glove-subset.ts";
import { fakeEmbeddings } from "./glove-fixture.ts";

describe("selectGloveSubset", () => {
  it("keeps the top words plus caption words, in GloVe rank order, only tokens tokenize() can produce", () => {
    const t = selectGloveSubset(fakeEmbeddings(), ["A slow harpsichord Waltz"], 4);
    // top 4 = the , music piano → "," is not a token; then caption words waltz (6), harpsichord (7)
    expect(t.words).toEqual(["the", "music", "piano", "waltz", "harpsichord"]);
    expect(t.ranks).toEqual([0, 2, 3, 6, 7]);
    expect([...t.vectors.subarray(3 * 4, 4 * 4)]).toEqual([6, -6, 0.5, 1]); // no norm/index columns
    expect(t.words).not.toContain("zither"); // neither frequent nor in a caption
    expect(t.words).not.toContain("Jazz"); // upper case can never be looked up
  });
});

describe("prepareGloveSubset", () => {
  let cache: string;
  beforeAll(async () => {
    cache = await mkdtemp(path.join(os.tmpdir(), "tunelens-glove-subset-"));
    const pkg = path.join(cache, "glove-pkg", "node_modules", GLOVE_PACKAGE);
    await mkdir(pkg, { recursive: true });
    await writeFile(path.join(pkg, `${GLOVE_PACKAGE}.json`), JSON.stringify(fakeEmbeddings()));
  });
  afterAll(() => rm(cache, { recursive: true, force: true }));

  it("writes a hash-named table in the cache once and reuses it", async () => {
    const name = await prepareGloveSubset(["zither solo"], cache, 2);
    const table = decodeGloveTable(await readFile(path.join(cache, name)));
    expect(table.words).toEqual(["the", "zither"]);
    expect(await prepareGloveSubset(["zither solo"], cache, 2)).toBe(name);
    expect(await prepareGloveSubset(["piano solo"], cache, 2)).not.toBe(name);
  });
});
