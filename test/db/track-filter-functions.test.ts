// Issue #18 item 3: the genre and BPM filters are sql/048's indexed functions. They must read the
// same sources the filters always did (catalog, file tags, metadata page, LLM, then an imputed
// value where the track states none), and a selective filter must be served by their indexes and
// stay exact: before them the exact plan a large catalog gets evaluated the jsonb conditions on
// every track (docs/performance.md, 100k tracks). Whether that plan or the HNSW one runs is the
// planner's choice by catalog size; a pool as deep as the matches is exact under either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { SearchRepository } from "../../src/db/repositories/search.repository.ts";
import { BPM_SQL, trackFilterSql, type TrackFilter } from "../../src/db/repositories/track-filter-sql.ts";
import type { ModelRecord } from "../../src/db/repositories/model.repository.ts";
import { bpmOf } from "../../src/util/bpm-sources.ts";
import { backends } from "../helpers/databases.ts";
import { cosine, seedVectorCatalogBulk, type CatalogTrack } from "../experiments/vector-catalog.ts";

/** metadata → its genre tags with / without the imputed one, and its tempo with / without it */
const CASES: Array<{ metadata: Record<string, unknown>; genres: [string[], string[]]; bpm: [number | null, number | null] }> = [
  { metadata: { genre: "Jazz", bpm: 120 }, genres: [["jazz"], ["jazz"]], bpm: [120, 120] },
  { metadata: { genre: ["Folk", "Ambient"], tags: "Chill, Lo-Fi" }, genres: [["ambient", "chill", "folk", "lo-fi"], ["ambient", "chill", "folk", "lo-fi"]], bpm: [null, null] },
  { metadata: { fileTags: { genre: "Techno", bpm: 128 }, web: { genre: ["Minimal"], bpm: 127 } }, genres: [["minimal", "techno"], ["minimal", "techno"]], bpm: [128, 128] },
  { metadata: { llm: { genre: "Hip-Hop", subgenre: "Boom Bap" }, web: { bpm: 92 }, audio: { bpm: 91.5 } }, genres: [["boom bap", "hip-hop"], ["boom bap", "hip-hop"]], bpm: [92, 92] },
  // the estimate from the audio is the last stated source; a 0 or a string is no tempo
  { metadata: { bpm: 0, fileTags: { bpm: "fast" }, audio: { bpm: 101.25 } }, genres: [[], []], bpm: [101.25, 101.25] },
  // imputed values count only where nothing is stated
  { metadata: { imputed: { genre: { value: "Folk" }, bpm: { value: 88 } } }, genres: [["folk"], []], bpm: [88, null] },
  { metadata: { genre: "Jazz", bpm: 140, imputed: { genre: { value: "Folk" }, bpm: { value: 88 } } }, genres: [["jazz"], ["jazz"]], bpm: [140, 140] },
  // an "unknown" or blank genre is no statement: the imputed one still counts (tags are no genre statement)
  { metadata: { genre: "unknown", tags: ["Vocal"], imputed: { genre: { value: ["Soul"] } } }, genres: [["soul", "unknown", "vocal"], ["unknown", "vocal"]], bpm: [null, null] },
  { metadata: {}, genres: [[], []], bpm: [null, null] },
];

describe.each(backends())("genre and BPM filter functions on $name", (backend) => {
  let db: Database;
  let model: ModelRecord;
  let tracks: CatalogTrack[];

  beforeAll(async () => {
    db = await backend.open();
    ({ model, tracks } = await seedVectorCatalogBulk(db, { n: 3000, dims: 8, seed: "filter-index" }));
    await db.query("ANALYZE tracks");
  }, 180_000);
  afterAll(async () => {
    await backend.dispose();
  });

  it("read every source the filters read, in Track.bpm's order, imputed values only where nothing is stated", async () => {
    for (const c of CASES) {
      const [row] = await db.query<{ g: string[]; gown: string[]; b: number | null; bown: number | null; shown: number | null }>(
        `SELECT track_genre_tags(m, true) AS g, track_genre_tags(m, false) AS gown, track_bpm(m, true) AS b, track_bpm(m, false) AS bown,
                ${BPM_SQL("x")} AS shown
           FROM (SELECT $1::jsonb AS metadata, $1::jsonb AS m) x`,
        [JSON.stringify(c.metadata)],
      );
      const got = { genres: [[...row.g].sort(), [...row.gown].sort()], bpm: [row.b, row.bown] };
      expect(got, JSON.stringify(c.metadata)).toEqual({ genres: c.genres, bpm: c.bpm });
      // the tempo a search filters by without imputed values is the one Track.bpm shows
      expect(row.shown).toBe(row.bown);
      expect(row.bown).toBe(bpmOf(c.metadata)?.bpm ?? null);
    }
  });

  it("a selective genre + BPM filter is served by the indexes: the tracks are read through them, not scanned", async () => {
    const params: unknown[] = [];
    const where = trackFilterSql({ genres: ["JAZZ"], bpmMin: 100, bpmMax: 112 }, "t", params);
    const plan = (await db.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT t.id FROM tracks t WHERE ${where}`, params)).map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/Bitmap Index Scan on tracks_genre_tags/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it("a filtered pool holds every matching track and nothing else, in the exact fused order", async () => {
    const filter: TrackFilter = { genres: ["JAZZ"], bpmMin: 100, bpmMax: 112 };
    const matching = tracks.filter((t) => t.genre === "jazz" && t.bpm >= 100 && t.bpm <= 112);
    expect(matching.length).toBeGreaterThan(40);
    expect(matching.length).toBeLessThan(tracks.length * 0.05);
    const q = tracks[3];
    const got = await new SearchRepository(db).nearest({ model, audioVector: q.audio, descriptionVector: q.description, signal: "fused", alpha: 0.5, limit: matching.length + 5, excludeTrackIds: [], filter });
    const fused = (t: CatalogTrack) => 0.5 * cosine(t.audio, q.audio) + 0.5 * cosine(t.description, q.description);
    expect(got.map((r) => r.trackId)).toEqual([...matching].sort((a, b) => fused(b) - fused(a)).map((t) => t.id));
  });

  it("excludeImputed filters by the stated values only (the unindexed flag) and still finds every match", async () => {
    const filter: TrackFilter = { genres: ["folk"], bpmMin: 150, excludeImputed: true };
    const matching = new Set(tracks.filter((t) => t.genre === "folk" && t.bpm >= 150).map((t) => t.id));
    const search = new SearchRepository(db);
    const q = tracks[8];
    const got = await search.nearest({ model, audioVector: q.audio, descriptionVector: null, signal: "audio", alpha: 1, limit: matching.size + 5, excludeTrackIds: [], filter });
    expect(new Set(got.map((r) => r.trackId))).toEqual(matching);
  });
});
