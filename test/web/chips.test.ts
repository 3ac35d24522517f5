// The page marks a genre/mood chip that was imputed from similar tracks (Track.genre / Track.mood
// source IMPUTED), and shows a stated one as a plain label (issue #20 item 5).
import { describe, expect, it } from "vitest";
import { chipsOf } from "../../web/src/chips.ts";
import type { TrackCardFragment } from "../../web/src/generated/graphql.ts";

const card = (over: Partial<TrackCardFragment>): TrackCardFragment => ({
  id: "t1", externalId: null, title: null, artist: null, album: null, durationSeconds: null, bpm: null, key: null,
  metadata: {}, audioUrl: null, genre: null, mood: null, moods: [], genres: [], ...over,
});

describe("chipsOf and Track.genre / Track.mood", () => {
  it("marks an imputed genre and mood with the vote's confidence, even when a scored chip has the same label", () => {
    const chips = chipsOf(card({
      genre: { value: "jazz", source: "IMPUTED", confidence: 0.43 },
      mood: { value: "calm", source: "IMPUTED", confidence: null },
      genres: [{ label: "jazz", score: 0.6 }],
    }));
    expect(chips.filter((c) => c.kind === "genre")).toEqual([{ kind: "genre", label: "jazz", imputed: { confidence: 0.43 } }]);
    expect(chips.filter((c) => c.kind === "mood")).toEqual([{ kind: "mood", label: "calm", imputed: { confidence: null } }]);
  });

  it("shows a stated genre without the marker", () => {
    const chips = chipsOf(card({ genre: { value: "polka", source: "CATALOG", confidence: null }, metadata: { genre: "polka" } }));
    expect(chips).toEqual([{ kind: "genre", label: "polka" }]);
  });
});
