// Mood percentiles (issue #15): a track's mood score placed within its own catalog's distribution,
// on librosa-music with the served model (real ingest, real SQL, real ONNX encoder).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { IngestService } from "../../src/ingest/ingest-service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { MoodService } from "../../src/services/mood.service.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { backends } from "../helpers/databases.ts";
import { LIBROSA_MUSIC, shippedModelRuntime } from "../helpers/runtime.ts";

describe.each(backends())("mood percentiles on librosa-music ($name)", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let moods: MoodService;
  let ids: string[];

  beforeAll(async () => {
    db = await backend.open();
    runtime = await shippedModelRuntime(db);
    await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(LIBROSA_MUSIC));
    ids = (await new TrackRepository(db).page(100, null)).map((t) => t.id);
    moods = new MoodService(db, runtime);
  }, 300_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("places each track's score within the catalog: for every word the best track reads (n − ½)/n, the worst ½/n", async () => {
    const all = await moods.moodsFor(ids, null, 50);
    const n = ids.length;
    const words = all[0].map((m) => m.label);
    expect(words.length).toBeGreaterThan(3);
    for (const word of words) {
      const column = all.map((list) => list.find((m) => m.label === word)!);
      const best = column.reduce((a, b) => (b.score > a.score ? b : a));
      const worst = column.reduce((a, b) => (b.score < a.score ? b : a));
      expect(best.percentile).toBeCloseTo((n - 0.5) / n, 9);
      expect(worst.percentile).toBeCloseTo(0.5 / n, 9);
      // a percentile is a rank within the catalog: it orders tracks exactly as the raw score does
      const byScore = [...column].sort((a, b) => a.score - b.score).map((m) => m.percentile);
      expect(byScore).toEqual([...byScore].sort((a, b) => a! - b!));
    }
  }, 120_000);

  it("ordered by percentile, tracks show their own most distinctive moods rather than the catalog-wide top scores", async () => {
    const byScore = await moods.moodsFor(ids, null, 2, "score");
    const byPercentile = await moods.moodsFor(ids, null, 2, "percentile");
    for (const list of byPercentile) {
      expect(list[0].percentile!).toBeGreaterThanOrEqual(list[1].percentile!);
      expect(list[0].percentile!).toBeGreaterThan(0.5);
    }
    const distinct = (lists: typeof byScore) => new Set(lists.map((l) => l[0].label)).size;
    expect(distinct(byPercentile)).toBeGreaterThan(distinct(byScore));
    // the raw score is kept as it was: the same (word, score) pairs whichever the order
    const full = await moods.moodsFor(ids, null, 50);
    byPercentile.forEach((list, i) => {
      for (const m of list) expect(m.score).toBe(full[i].find((x) => x.label === m.label)!.score);
    });
  }, 120_000);
});
