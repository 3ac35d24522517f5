import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUseVectors, useVectors } from "../../src/train/text-cache.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-text-cache-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function vector(seed: number): Float32Array {
  return Float32Array.from({ length: 512 }, (_, i) => Math.sin(seed * 1000 + i));
}

describe("USE-lite vector store", () => {
  it("returns stored rows by text and keeps the first vector of a text added twice", async () => {
    const two = new Float32Array(1024);
    two.set(vector(1));
    two.set(vector(2), 512);
    await addUseVectors(dir, ["calm piano", "fast techno"], two);
    const again = new Float32Array(1024);
    again.set(vector(9)); // a different vector for a known text must not replace it
    again.set(vector(3), 512);
    await addUseVectors(dir, ["calm piano", "sad violin"], again);

    // every text is known, so no USE worker is started
    const [techno, piano, violin] = await useVectors(["fast techno", "calm piano", "sad violin"], dir);
    expect(Array.from(techno)).toEqual(Array.from(vector(2)));
    expect(Array.from(piano)).toEqual(Array.from(vector(1)));
    expect(Array.from(violin)).toEqual(Array.from(vector(3)));
  });
});
