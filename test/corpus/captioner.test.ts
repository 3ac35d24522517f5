import { describe, expect, it } from "vitest";
import { caption, CAPTION_STYLES, clipLabels, describeClip } from "../../src/corpus/captioner.ts";
import { compose } from "../../src/corpus/composer.ts";
import { GENRES } from "../../src/corpus/genres.ts";
import { instrument, DRUM_KITS } from "../../src/corpus/instruments.ts";
import { TEMPO_WORDS } from "../../src/corpus/moods.ts";
import { Rng } from "../../src/util/random.ts";
import { tempoTerm } from "../../src/corpus/theory.ts";

function instrumentWords(program: number, role: string): string[] {
  if (role === "drums") return Object.values(DRUM_KITS).flatMap((k) => k.names);
  return [...instrument(program).names, "synth bass", "bass synth"];
}

describe("captioner", () => {
  for (const style of GENRES) {
    it(`names genre, tempo and an instrument for ${style.id}`, () => {
      const { params } = compose(5, style.id);
      const aliases = [style.name, ...style.aliases].map((a) => a.toLowerCase());
      const tempoWords = [String(params.bpm), tempoTerm(params.bpm), ...Object.values(TEMPO_WORDS).flat()].map((w) => w.toLowerCase());
      const instruments = params.parts.flatMap((p) => instrumentWords(p.program, p.role)).map((w) => w.toLowerCase());
      for (const s of ["tags", "metadata", "sentence", "expert"] as const) {
        for (const seed of [1, 2, 3]) {
          const text = caption(params, s, new Rng(seed)).toLowerCase();
          expect(aliases.some((a) => text.includes(a)), `${s}: ${text}`).toBe(true);
          expect(tempoWords.some((w) => text.includes(w)), `${s}: ${text}`).toBe(true);
          expect(instruments.some((w) => text.includes(w)), `${s}: ${text}`).toBe(true);
        }
      }
    });
  }

  it("writes several distinct phrasings per clip and holds one style out for the query", () => {
    for (const seed of [1, 2, 3, 4]) {
      const { params } = compose(seed);
      const d = describeClip(params, 1);
      expect(new Set(d.captions).size).toBe(d.captions.length);
      expect(d.captions.length).toBeGreaterThanOrEqual(3);
      expect(d.captionStyles).not.toContain(d.query.style);
      expect(new Set([...d.captionStyles, d.query.style])).toEqual(new Set(CAPTION_STYLES));
      // Tag lists and sentences look different: commas only vs. full stops.
      const tags = d.captions[d.captionStyles.indexOf("tags")]!;
      expect(tags).not.toMatch(/\.\s/);
      expect(tags.split(",").length).toBeGreaterThan(4);
    }
  });

  it("is deterministic and varies its wording with the seed", () => {
    const { params } = compose(9, "techno");
    expect(describeClip(params, 1)).toEqual(describeClip(params, 1));
    const sentences = new Set([1, 2, 3, 4, 5].map((s) => caption(params, "sentence", new Rng(s))));
    expect(sentences.size).toBeGreaterThan(3);
  });

  it("derives labels from the parameters", () => {
    const { params } = compose(3, "metal");
    const labels = clipLabels(params);
    expect(labels.genre).toBe("metal");
    expect(labels.instruments).toContain("distorted guitar");
    expect(["aggressive", "tense", "dark", "epic", "energetic"]).toContain(labels.mood);
    expect(labels.key).toBe(params.key);
    const slow = clipLabels(compose(3, "ambient").params);
    expect(["calm", "relaxing", "sad", "melancholic"]).toContain(slow.mood);
  });
});

describe("part phrases", () => {
  it("agrees verbs with plural instrument names", async () => {
    const { agree, isPlural } = await import("../../src/corpus/part-phrases.ts");
    expect(isPlural("strings")).toBe(true);
    expect(isPlural("bass")).toBe(false);
    expect(isPlural("brass")).toBe(false);
    expect(agree("keys", "carries the melody")).toBe("carry the melody");
    expect(agree("brushes", "punctuates the offbeats")).toBe("punctuate the offbeats");
    expect(agree("piano", "plays arpeggios")).toBe("plays arpeggios");
  });
});
