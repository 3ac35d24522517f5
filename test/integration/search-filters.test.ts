// Filters, paging and MMR of SearchService on both back ends, over 1,200 tracks with seeded random
// vectors and catalog metadata (real repositories, real SQL, the tiny real ONNX model for text).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { SearchService, type RankingOptions } from "../../src/services/search.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { backends } from "../helpers/databases.ts";
import { cosine, tinyModelCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";

const AUDIO: RankingOptions = { signal: "audio", alpha: 1 };

describe.each(backends())("search filters on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let search: SearchService;
  const byId = () => new Map(tracks.map((t) => [t.id, t]));

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 1200, seed: "filters" }));
    search = new SearchService(db, runtime);
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  it("a selective filter (2.5 % of the catalog) still returns `first` results, the true nearest among matches", async () => {
    const source = tracks[1];
    const page = await search.similarTracks(source.id, { first: 20 }, AUDIO, { filter: { tags: ["rare"] } });
    expect(page.hits).toHaveLength(20);
    const map = byId();
    for (const h of page.hits) expect(map.get(h.trackId)!.tags).toContain("rare");
    const exact = tracks
      .filter((t) => t.tags.includes("rare") && t.id !== source.id)
      .sort((a, b) => cosine(b.audio, source.audio) - cosine(a.audio, source.audio))
      .slice(0, 20)
      .map((t) => t.id);
    const overlap = page.hits.filter((h) => exact.includes(h.trackId)).length;
    expect(overlap).toBeGreaterThanOrEqual(19); // HNSW is approximate; iterative scans keep recall high
    expect(page.hasNextPage).toBe(true);
  });

  it("BPM range, genre (case-insensitive), catalog and exclusions hold for every hit", async () => {
    const excludedArtist = tracks[5].artist;
    const excludedTrack = tracks.find((t) => t.genre === "jazz" && t.bpm >= 90 && t.bpm <= 130)!;
    const page = await search.similarTracks(tracks[0].id, { first: 30 }, AUDIO, {
      filter: { bpmMin: 90, bpmMax: 130, genres: ["JAZZ", "Folk"], excludeArtists: [excludedArtist.toUpperCase()], excludeTrackIds: ["t" + tracks.indexOf(excludedTrack)] },
    });
    expect(page.hits).toHaveLength(30);
    const map = byId();
    for (const h of page.hits) {
      const t = map.get(h.trackId)!;
      expect(t.bpm).toBeGreaterThanOrEqual(90);
      expect(t.bpm).toBeLessThanOrEqual(130);
      expect(["jazz", "folk"]).toContain(t.genre);
      expect(t.artist).not.toBe(excludedArtist);
      expect(t.id).not.toBe(excludedTrack.id);
    }
    const special = await search.similarTracks(tracks[0].id, { first: 15 }, AUDIO, { filter: { catalogs: ["special"] } });
    expect(special.hits).toHaveLength(15);
    for (const h of special.hits) expect(tracks.indexOf(map.get(h.trackId)!) % 10).toBe(0);
  });

  it("mood matches the catalog label or a description sentence", async () => {
    const page = await search.similarTracks(tracks[0].id, { first: 40 }, { signal: "fused", alpha: 0.5 }, { filter: { moods: ["Dark"] } });
    expect(page.hits).toHaveLength(40);
    const map = byId();
    const hits = page.hits.map((h) => map.get(h.trackId)!);
    for (const t of hits) expect(t.mood).toBe("dark");
    const parity = new Set(hits.map((t) => tracks.indexOf(t) % 2));
    expect(parity).toEqual(new Set([0, 1])); // both sources of the label were used
  });

  it("filtered pages are stable: page 1 + page 2 = the first 20 of one request", async () => {
    const filter = { genres: ["ambient"], bpmMax: 150 };
    const all = await search.searchByText("calm piano", { first: 20 }, { signal: "description", alpha: 0 }, { filter });
    const p1 = await search.searchByText("calm piano", { first: 10 }, { signal: "description", alpha: 0 }, { filter });
    const p2 = await search.searchByText("calm piano", { first: 10, after: p1.hits.at(-1)!.cursor }, { signal: "description", alpha: 0 }, { filter });
    expect([...p1.hits, ...p2.hits].map((h) => h.trackId)).toEqual(all.hits.map((h) => h.trackId));
    expect(p2.hits.map((h) => h.rank)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const map = byId();
    for (const h of all.hits) expect(map.get(h.trackId)!.genre).toBe("ambient");
  });

  it("MMR (λ < 1) spreads results out; λ = 1 is the plain ranking", async () => {
    const source = tracks[3].id;
    const plain = await search.similarTracks(source, { first: 10 }, AUDIO);
    const same = await search.similarTracks(source, { first: 10 }, { ...AUDIO, mmrLambda: 1 });
    expect(same.hits.map((h) => h.trackId)).toEqual(plain.hits.map((h) => h.trackId));
    const diverse = await search.similarTracks(source, { first: 10 }, { ...AUDIO, mmrLambda: 0.3 });
    expect(diverse.hits[0].trackId).toBe(plain.hits[0].trackId);
    const map = byId();
    const spread = (ids: string[]) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++, n++) s += cosine(map.get(ids[i])!.audio, map.get(ids[j])!.audio);
      return s / n;
    };
    expect(spread(diverse.hits.map((h) => h.trackId))).toBeLessThan(spread(plain.hits.map((h) => h.trackId)) - 0.05);
    const next = await search.similarTracks(source, { first: 10, after: diverse.hits.at(-1)!.cursor }, { ...AUDIO, mmrLambda: 0.3 });
    expect(next.hits.map((h) => h.trackId).some((id) => diverse.hits.some((h) => h.trackId === id))).toBe(false);
  });

  it("rejects contradictory or out-of-range filters before searching", async () => {
    await expect(search.similarTracks(tracks[0].id, { first: 5 }, AUDIO, { filter: { bpmMin: 150, bpmMax: 100 } })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(search.similarTracks(tracks[0].id, { first: 5 }, AUDIO, { filter: { minGenreScore: 2 } })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(search.similarTracks(tracks[0].id, { first: 5 }, { ...AUDIO, mmrLambda: -1 })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
