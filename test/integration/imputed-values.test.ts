// Imputed values serve (issue #20): Track.bpm falls back to metadata.imputed with its provenance,
// and the bpm / genre / mood filters count imputed values unless excludeImputed — on both back ends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { trackFilterSql, type TrackFilter } from "../../src/db/repositories/track-filter-sql.ts";
import { TrackRepository, type TrackRecord } from "../../src/db/repositories/track.repository.ts";
import { toTrack } from "../../src/resolvers/track-mapper.ts";
import { checkFilter } from "../../src/services/search-filter.ts";
import { backends } from "../helpers/databases.ts";

const imputed = (value: string | number, confidence: number) => ({ value, confidence, neighbours: ["n1", "n2"], method: "knn" });

const TRACKS: Record<string, Record<string, unknown>> = {
  known: { bpm: 92, genre: "jazz", mood: "calm" },
  estimated: { audio: { bpm: 140 } },
  imputedOnly: { imputed: { bpm: imputed(90, 0.7), genre: imputed("ragtime", 0.6), mood: imputed("calm", 0.5) } },
  // a known value wins over an imputed one (imputation fills gaps only, but metadata may change later)
  both: { fileTags: { bpm: 150 }, imputed: { bpm: imputed(91, 0.9) } },
  // moods stated only by a metadata page or the LLM (no description sentence repeats them here)
  pageMood: { web: { mood: ["Wistful", "tender"] }, imputed: { mood: imputed("calm", 0.8) } },
  llmMood: { llm: { mood: " Dreamy " } },
};

describe.each(backends())("imputed values on $name", (backend) => {
  let db: Database;
  const records = new Map<string, TrackRecord>();

  beforeAll(async () => {
    db = await backend.open();
    const repo = new TrackRepository(db);
    for (const [name, metadata] of Object.entries(TRACKS)) {
      const { record } = await repo.insert({ catalog: "default", externalId: name, title: name, artist: null, album: null, durationSeconds: 10, sourceFile: null, contentHash: `hash-${name}`, metadata });
      records.set(name, record);
    }
  }, 120_000);
  afterAll(() => backend.dispose());

  const matching = async (filter: TrackFilter) => {
    const params: unknown[] = [];
    const where = trackFilterSql(checkFilter(filter), "t", params);
    const rows = await db.query<{ external_id: string }>(`SELECT external_id FROM tracks t WHERE ${where} ORDER BY external_id`, params);
    return rows.map((r) => r.external_id);
  };

  it("Track.bpm: catalog, file tag, audio estimate, then the imputed value, saying which and how sure", () => {
    expect(toTrack(records.get("known")!)).toMatchObject({ bpm: 92, bpmSource: "catalog", bpmConfidence: null });
    expect(toTrack(records.get("estimated")!)).toMatchObject({ bpm: 140, bpmSource: "estimate", bpmConfidence: null });
    expect(toTrack(records.get("imputedOnly")!)).toMatchObject({ bpm: 90, bpmSource: "imputed", bpmConfidence: 0.7 });
    expect(toTrack(records.get("both")!)).toMatchObject({ bpm: 150, bpmSource: "file-tag" });
  });

  it("the bpm filter counts an imputed tempo where nothing else is known, and not with excludeImputed", async () => {
    expect(await matching({ bpmMin: 85, bpmMax: 95 })).toEqual(["imputedOnly", "known"]);
    expect(await matching({ bpmMin: 85, bpmMax: 95, excludeImputed: true })).toEqual(["known"]);
    // the file tag's 150 decides for "both", never its imputed 91
    expect(await matching({ bpmMin: 145, bpmMax: 155 })).toEqual(["both"]);
  });

  it("genre and mood filters count imputed labels, and not with excludeImputed", async () => {
    expect(await matching({ genres: ["Ragtime"] })).toEqual(["imputedOnly"]);
    expect(await matching({ genres: ["ragtime"], excludeImputed: true })).toEqual([]);
    expect(await matching({ moods: ["calm"] })).toEqual(["imputedOnly", "known"]);
    expect(await matching({ moods: ["calm"], excludeImputed: true })).toEqual(["known"]);
  });

  it("the moods filter matches a mood stated by a metadata page or the LLM, as Track.mood shows it, and then not a leftover imputed one", async () => {
    expect(toTrack(records.get("pageMood")!).mood).toMatchObject({ value: "wistful", source: "web" });
    expect(toTrack(records.get("llmMood")!).mood).toMatchObject({ value: "dreamy", source: "llm" });
    for (const excludeImputed of [false, true]) {
      expect(await matching({ moods: ["wistful"], excludeImputed })).toEqual(["pageMood"]);
      expect(await matching({ moods: ["TENDER"], excludeImputed })).toEqual(["pageMood"]);
      expect(await matching({ moods: ["dreamy"], excludeImputed })).toEqual(["llmMood"]);
    }
    // pageMood states its own moods: its imputed "calm" no longer counts
    expect(await matching({ moods: ["calm"] })).toEqual(["imputedOnly", "known"]);
  });
});
