// Paging a fused (audio + description) ranking: every page that ends within the first 50 ranks
// (fetching one extra row to know whether more follow) is cut from one ordering, so walking pages
// of 7 shows exactly what one page of 45 shows. (Each signal once contributed only page-depth
// candidates, and a deeper page reordered earlier ranks.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { SearchService, type RankingOptions } from "../../src/services/search.service.ts";
import { tinyModelCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";
import { backends } from "../helpers/databases.ts";

const FUSED: RankingOptions = { signal: "fused", alpha: 0.5 };

describe.each(backends())("fused ranking pages consistently on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let search: SearchService;

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 1200, seed: "fused-paging" }));
    search = new SearchService(db, runtime, null, null, { queryConstraints: false });
  }, 180_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await backend.dispose();
  });

  async function walk(first: number, depth: number, ask: (after: string | null) => ReturnType<SearchService["searchByText"]>) {
    const ids: string[] = [];
    let after: string | null = null;
    while (ids.length < depth) {
      const page = await ask(after);
      ids.push(...page.hits.map((h) => h.trackId));
      if (!page.hasNextPage) break;
      after = page.hits.at(-1)!.cursor;
    }
    return ids.slice(0, depth);
  }

  it("text search: pages of 7 equal one page of 45", async () => {
    const text = "techno drums";
    const one = await walk(45, 45, (after) => search.searchByText(text, { first: 45, after }, FUSED));
    const small = await walk(7, 45, (after) => search.searchByText(text, { first: 7, after }, FUSED));
    expect(one).toHaveLength(45);
    const firstDiff = small.findIndex((id, i) => id !== one[i]);
    expect(firstDiff, `first differing rank ${firstDiff + 1}`).toBe(-1);
  });

  it("track search: pages of 9 equal one page of 45", async () => {
    const seed = tracks[17].id;
    const one = await walk(45, 45, (after) => search.similarTracks(seed, { first: 45, after }, FUSED));
    const small = await walk(9, 45, (after) => search.similarTracks(seed, { first: 9, after }, FUSED));
    expect(small).toEqual(one);
  });
});
