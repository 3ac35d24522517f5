import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSchema } from "../src/cli/commands/schema.ts";

describe("schema.graphql", () => {
  it("is what type-graphql builds (run `npm run schema` after changing types or resolvers)", async () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await renderSchema());
  });

  it("keeps the interface names other tools rely on", async () => {
    const sdl = await renderSchema();
    for (const field of ["searchTracks(", "similarTracks(", "track(", "tracks(", "ingestTracks(", "ingestJob("]) {
      expect(sdl).toContain(field);
    }
    expect(sdl).toMatch(/type RankedTrackEdge \{[^}]*node: Track![^}]*score: Float![^}]*rank: Int!/s);
    expect(sdl).toMatch(/type RankedTrackConnection \{[^}]*queryId: String![^}]*variant: String/s);
  });
});
