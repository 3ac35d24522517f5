import { describe, expect, it } from "vitest";
import { compose } from "../../src/corpus/composer.ts";
import { planClip } from "../../src/corpus/dataset.ts";
import { instrument } from "../../src/corpus/instruments.ts";
import { planZynInstruments } from "../../src/corpus/zyn-instruments.ts";
import { patchId, sampledNotes, ZYN_PATCHES } from "../../src/corpus/zyn-patches.ts";

describe("zyn patch table", () => {
  it("gives each GM program at most one patch, only programs of the corpus table, sampled at least every 3 semitones", () => {
    const programs = ZYN_PATCHES.flatMap((p) => p.programs);
    expect(new Set(programs).size).toBe(programs.length);
    for (const p of programs) expect(() => instrument(p)).not.toThrow();
    expect(new Set(ZYN_PATCHES.map(patchId)).size).toBe(ZYN_PATCHES.length);
    for (const patch of ZYN_PATCHES) {
      const notes = sampledNotes(patch);
      const range = patch.programs.map((p) => instrument(p).range);
      expect(notes[0]).toBeLessThanOrEqual(Math.min(...range.map((r) => r[0])));
      expect(notes.at(-1)).toBeGreaterThanOrEqual(Math.max(...range.map((r) => r[1])));
      for (let k = 1; k < notes.length; k++) expect(notes[k]! - notes[k - 1]!).toBe(3);
    }
  });
});

describe("planZynInstruments", () => {
  const clips = Array.from({ length: 600 }, (_, i) => {
    const plan = planClip(1, i);
    return { plan, params: compose(plan.seed, plan.genre).params };
  });

  it("is a function of the clip seed, covers about half the clips and never the drums", () => {
    const plans = clips.map(({ plan, params }) => planZynInstruments(plan.seed, params.parts));
    expect(clips.map(({ plan, params }) => planZynInstruments(plan.seed, params.parts))).toEqual(plans);
    const share = plans.filter((p) => p).length / plans.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.55);
    for (const p of plans) expect(Object.keys(p?.parts ?? {})).not.toContain("drums");
  });

  it("names the patch of every pitched part whose program the table covers", () => {
    const covered = new Map(ZYN_PATCHES.flatMap((p) => p.programs.map((q) => [q, patchId(p)] as const)));
    for (const { plan, params } of clips) {
      const zyn = planZynInstruments(plan.seed, params.parts, 1);
      const expected = Object.fromEntries(params.parts.filter((p) => p.role !== "drums" && covered.has(p.program)).map((p) => [p.role, covered.get(p.program)]));
      expect(zyn?.parts ?? {}).toEqual(expected);
    }
  });
});
