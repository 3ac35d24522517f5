import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GENRES } from "../../src/corpus/genres.ts";
import { GM_INSTRUMENTS } from "../../src/corpus/instruments.ts";
import { MOOD_WORDS, TEMPO_WORDS } from "../../src/corpus/moods.ts";
import { captionFragments, captionVariants } from "../../src/train/caption-variety.ts";
import { runTraining } from "../../src/train/pipeline.ts";
import { writeTone } from "./wav.ts";

// labels as readCorpus flattens a synthetic-corpus line (arrays joined with "|")
const jazz = {
  key: "synthetic/syn1-00007",
  captions: ["jazz, swing, 112 bpm, calm, double bass, piano", "Genre: jazz | Mood: calm, relaxing | BPM: 112 | Instruments: piano, tenor sax"],
  labels: { genre: "jazz swing", genreTags: "jazz|swing", mood: "calm", moods: "calm|relaxing", quadrant: "Q4", tempoBucket: "medium", bpm: "112", instruments: "acoustic bass|drums|piano|saxophone", tonality: "major" },
};

/** Every word any part of a jazz prompt may use: its genre's vocabulary, its instruments' names, its moods, its tempo. */
function jazzVocabulary(): Set<string> {
  const style = GENRES.find((g) => g.name === "jazz swing")!;
  const instruments = GM_INSTRUMENTS.filter((g) => ["acoustic bass", "piano", "saxophone"].includes(g.label)).flatMap((g) => g.names);
  const phrases = [...style.aliases, ...style.tags, ...style.descriptors, ...style.uses, ...instruments, "drums", "drum kit", "beat",
    ...MOOD_WORDS.calm, ...MOOD_WORDS.relaxing, ...TEMPO_WORDS.medium, "major key", "112 bpm",
    "with", "and", "for", "solo", "just", "only", "music", "instrumental", "piece", "song"];
  return new Set(phrases.flatMap((p) => p.toLowerCase().split(/[\s,/]+/)).filter(Boolean));
}

describe("captionVariants", () => {
  it("builds short prompts for a labelled clip from its own genre, instruments, moods and tempo only", () => {
    const variants = captionVariants(jazz, 40, 1);
    expect(variants.length).toBeGreaterThanOrEqual(20);
    const vocabulary = jazzVocabulary();
    for (const v of variants) {
      for (const word of v.split(/[\s,/]+/).filter(Boolean)) expect(vocabulary, `"${word}" in "${v}"`).toContain(word);
    }
    // mostly the length of a typed prompt, not of a corpus caption
    const short = variants.filter((v) => v.split(/\s+/).length <= 4);
    expect(short.length / variants.length).toBeGreaterThan(0.6);
    // an instrument the clip does not have never appears
    expect(variants.join(" ")).not.toMatch(/guitar|violin|synth/);
  });

  it("returns distinct texts, none equal to the clip's own captions", () => {
    const own = { ...jazz, captions: [...jazz.captions, "calm jazz", "piano jazz"] };
    const variants = captionVariants(own, 30, 1);
    expect(new Set(variants).size).toBe(variants.length);
    for (const c of own.captions) expect(variants).not.toContain(c);
  });

  it("is reproducible for a seed and clip, and differs across seeds and clips", () => {
    expect(captionVariants(jazz, 6, 1)).toEqual(captionVariants(jazz, 6, 1));
    expect(captionVariants(jazz, 6, 2)).not.toEqual(captionVariants(jazz, 6, 1));
    expect(captionVariants({ ...jazz, key: "synthetic/other" }, 6, 1)).not.toEqual(captionVariants(jazz, 6, 1));
  });

  it("recombines a catalog clip's own caption fragments when its labels name nothing known", () => {
    const clip = { key: "user/t1", captions: ["Genre: ambient | Mood: dreamy, slow | Instruments: pad, bells", "a slow dreamy ambient pad with bells"], labels: {} };
    const fragments = captionFragments(clip.captions);
    expect(fragments).toEqual(expect.arrayContaining(["ambient", "dreamy", "slow", "pad", "bells"]));
    expect(fragments).not.toContain("genre");
    const words = new Set(clip.captions.join(" ").toLowerCase().split(/[^a-z]+/));
    const variants = captionVariants(clip, 5, 1);
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) for (const w of v.split(/[\s,]+/).filter(Boolean)) expect(words).toContain(w);
  });

  it("adds nothing when asked for none or when a clip has no text and no known labels", () => {
    expect(captionVariants(jazz, 0, 1)).toEqual([]);
    expect(captionVariants({ key: "user/t2", captions: [], labels: {} }, 4, 1)).toEqual([]);
  });
});

describe("runTraining --caption-variety", () => {
  it("adds the variants to the training clips' texts only and records the setting in model.json", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tunelens-variety-"));
    try {
      const corpus = path.join(dir, "corpus");
      await mkdir(path.join(corpus, "audio"), { recursive: true });
      const lines: string[] = [];
      for (let i = 0; i < 6; i++) {
        await writeTone(path.join(corpus, "audio", `c${i}.wav`), 220 * (1 + i), 2, 16000, i + 1);
        lines.push(JSON.stringify({ id: `c${i}`, file: `audio/c${i}.wav`, captions: [jazz.captions[i % 2]], labels: { ...jazz.labels, bpm: 100 + i }, split: i < 4 ? "train" : "val" }));
      }
      await writeFile(path.join(corpus, "tracks.jsonl"), lines.join("\n") + "\n");
      const distinct = async (variety: number): Promise<{ texts: number; manifest: { metrics: { training: Record<string, unknown> } } }> => {
        const logs: string[] = [];
        const out = path.join(dir, `model-${variety}`);
        await runTraining({
          data: [corpus], out, version: "v0-test", epochs: 0, batch: 2, dim: 8, lr: 1e-3, seed: 1, textBackbone: "bow", cropPositives: false,
          labelPositives: false, labelKey: "genre", specAugment: false, channels: [2], textHidden: 8, vocabularySize: 100,
          captionVariety: variety, resume: false, cacheDir: path.join(dir, "cache"), progress: false, log: (l) => void logs.push(l),
        });
        const line = logs.find((l) => l.startsWith("text features"))!;
        return { texts: Number(/for (\d+) distinct captions/.exec(line)![1]), manifest: JSON.parse(await readFile(path.join(out, "model.json"), "utf8")) };
      };
      const without = await distinct(0);
      const withVariety = await distinct(3);
      expect(without.texts).toBe(2);
      // 4 training clips × 3 variants, minus variants two clips happen to share
      expect(withVariety.texts).toBeGreaterThan(2 + 6);
      expect(withVariety.texts).toBeLessThanOrEqual(2 + 12);
      expect(withVariety.manifest.metrics.training.captionVariety).toBe(3);
      expect(without.manifest.metrics.training.captionVariety).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
