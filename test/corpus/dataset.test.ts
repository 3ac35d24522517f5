import { describe, expect, it } from "vitest";
import { buildClip, planClip, splitOf } from "../../src/corpus/dataset.ts";
import { GENRES } from "../../src/corpus/genres.ts";

describe("dataset", () => {
  it("puts about a tenth of clips in validation, stably", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => planClip(1, i).id);
    const val = ids.filter((id) => splitOf(id) === "val").length;
    expect(val).toBeGreaterThan(220);
    expect(val).toBeLessThan(380);
    expect(planClip(1, 17)).toEqual(planClip(1, 17));
  });

  it("deals every genre once per round", () => {
    const round = Array.from({ length: GENRES.length }, (_, i) => planClip(7, GENRES.length + i).genre);
    expect(new Set(round).size).toBe(GENRES.length);
  });

  it("gives validation clips a held-out query and training clips none", () => {
    const plans = Array.from({ length: 60 }, (_, i) => planClip(3, i));
    const val = plans.find((p) => p.split === "val")!;
    const train = plans.find((p) => p.split === "train")!;
    const v = buildClip(val, 3, "FluidR3_GM");
    expect(v.query?.relevant).toEqual([val.id]);
    expect(v.record.captionStyles).not.toContain(v.query!.style);
    expect(v.record.captions).not.toContain(v.query!.text);
    const t = buildClip(train, 3, "FluidR3_GM");
    expect(t.query).toBeNull();
    expect(t.record.file).toBe(`audio/${train.id}.wav`);
    expect(t.record.params.soundfont).toBe("FluidR3_GM");
  });
});
