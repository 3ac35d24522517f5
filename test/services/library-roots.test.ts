import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveUnderRoots } from "../../src/services/library-roots.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";

describe("library roots guard", () => {
  const base = tempDir("tunelens-roots-");
  const root = path.join(base, "library");
  const outside = path.join(base, "secret");
  mkdirSync(path.join(root, "albums"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, "passwd.wav"), "x");
  writeFileSync(path.join(root, "albums", "a.wav"), "x");
  symlinkSync(outside, path.join(root, "escape"));

  it("accepts paths inside a root", async () => {
    expect(await resolveUnderRoots(path.join(root, "albums"), [root])).toBe(path.join(root, "albums"));
    expect(await resolveUnderRoots(root, [root])).toBe(root);
  });

  it.each([
    ["a parent directory", () => base],
    ["a .. traversal", () => path.join(root, "albums", "..", "..", "secret")],
    ["a symlink that escapes", () => path.join(root, "escape", "passwd.wav")],
    ["a sibling with the root as prefix", () => `${root}-evil`],
  ])("refuses %s with FORBIDDEN", async (_name, p) => {
    mkdirSync(`${root}-evil`, { recursive: true });
    await expect(resolveUnderRoots(p(), [root])).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses everything when no root is configured, and bad input as BAD_USER_INPUT", async () => {
    await expect(resolveUnderRoots(root, [])).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(resolveUnderRoots("a\0b", [root])).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(resolveUnderRoots(path.join(root, "missing"), [root])).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
