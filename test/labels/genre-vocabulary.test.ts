// Issue #20 item 6 on both back ends: the extended genre vocabulary serves a genre a metadata page
// names ("ragtime", not among the 32 words before), and genres outside the vocabulary — from the
// page ("vaporwave") or from the LLM ("sea shanty") — are kept as genre tags that the genres
// filter and HYBRID keyword search find. Real jobs: the web-metadata job fetches from a local HTTP
// server, the LLM job asks our OpenAI-compatible fixture server, the soft-genres job they queue
// recounts the distribution.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { JobRepository } from "../../src/db/repositories/job.repository.ts";
import { createJobHandlers } from "../../src/jobs/create-handlers.ts";
import { JobWorker } from "../../src/jobs/worker.ts";
import { defaultLabels } from "../../src/labels/vocabulary.ts";
import { GenreService } from "../../src/services/genre.service.ts";
import type { ModelRuntime } from "../../src/services/model-runtime.ts";
import { SearchService, type RankingOptions } from "../../src/services/search.service.ts";
import { backends } from "../helpers/databases.ts";
import { fixtureAnswer, startOpenAiFixtureServer, type OpenAiFixtureServer } from "../helpers/openai-fixture-server.ts";
import { tinyModelCatalog, type CatalogTrack } from "../experiments/vector-catalog.ts";

const HYBRID: RankingOptions = { signal: "hybrid", alpha: 0.5 };

describe.each(backends())("genre vocabulary and genre tags on $name", (backend) => {
  let db: Database;
  let runtime: ModelRuntime;
  let tracks: CatalogTrack[];
  let pages: http.Server;
  let llm: OpenAiFixtureServer;
  let target: CatalogTrack;

  beforeAll(async () => {
    db = await backend.open();
    ({ runtime, tracks } = await tinyModelCatalog(db, { n: 30, seed: "genre-vocabulary" }));
    // an even track (no description sentence) whose catalog line states no genre and no tags:
    // what it is comes from its metadata page and the LLM only
    target = tracks[4];
    await db.query(`UPDATE tracks SET metadata = metadata - 'genre' - 'tags' WHERE id = $1`, [target.id]);
    pages = http.createServer((req, res) => {
      if (req.url === "/tracks/t4") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ description: "A player roll from 1902 for a saloon", genre: ["ragtime", "vaporwave"] }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
    // the LLM's genre and subgenre, outside the vocabulary, said nowhere in its sentences
    llm = await startOpenAiFixtureServer(() => ({
      kind: "json",
      body: fixtureAnswer("t4", { genre: "sea shanty", subgenre: "forebitter", descriptions: ["a jaunty tune for a long voyage", "sung by a crew at work"] }),
    }));
    const cfg = loadConfig({
      TUNELENS_METADATA_URLS: `http://127.0.0.1:${(pages.address() as AddressInfo).port}/tracks/{externalId}`,
      TUNELENS_METADATA_ALLOW_PRIVATE: "true",
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: "fixture-key",
      TUNELENS_LLM_REQUESTS_PER_MINUTE: "6000",
    });
    const jobs = new JobRepository(db);
    // the first soft-genres job ran before the page arrived, as after an ingest
    await new GenreService(db, runtime).compute(tracks.map((t) => t.id));
    await jobs.enqueue([{ kind: "web-metadata", dedupeKey: target.id, payload: { trackId: target.id } }]);
    const worker = new JobWorker(db, createJobHandlers(cfg, runtime), { concurrency: 1, leaseSeconds: 30, pollMs: 50 });
    await worker.drain();
    await worker.stop();
    const failed = await db.query<{ kind: string; last_error: string }>(`SELECT kind, last_error FROM jobs WHERE status <> 'succeeded'`);
    expect(failed).toEqual([]);
  }, 600_000);
  afterAll(async () => {
    await runtime?.encoder.close();
    await llm?.close();
    await new Promise((r) => pages?.close(r));
    await backend.dispose();
  });

  it("a metadata page's genre 'ragtime' is served as the track's leading genre and filters by its share", async () => {
    expect(defaultLabels().genres).toContain("ragtime");
    const [genres] = await new GenreService(db, runtime).genresOf([target.id]);
    expect(genres[0]?.label).toBe("ragtime");
    const search = new SearchService(db, runtime);
    const hits = await search.searchByText("piano", { first: 30 }, undefined, { filter: { genre: { label: "ragtime" } } });
    expect(hits.hits.map((h) => h.trackId)).toEqual([target.id]);
  });

  it("genres outside the vocabulary stay genre tags: not soft genres, but matched by the genres filter", async () => {
    const vocabulary = defaultLabels().genres;
    for (const oov of ["vaporwave", "sea shanty", "forebitter"]) expect(vocabulary).not.toContain(oov);
    const [genres] = await new GenreService(db, runtime).genresOf([target.id]);
    expect(genres.map((g) => g.label)).not.toContain("vaporwave");
    const search = new SearchService(db, runtime);
    for (const tag of ["vaporwave", "Sea Shanty", "forebitter"]) {
      const { hits } = await search.searchByText("piano", { first: 30 }, undefined, { filter: { genres: [tag] } });
      expect(hits.map((h) => h.trackId), tag).toEqual([target.id]);
    }
  });

  it("HYBRID keyword search finds the track by a page's or the LLM's out-of-vocabulary genre", async () => {
    const search = new SearchService(db, runtime);
    // "piano" gives the tiny text tower a direction; the genre words are for the keyword half
    for (const text of ["piano vaporwave", "piano sea shanty", "piano forebitter"]) {
      const { hits } = await search.searchByText(text, { first: 3 }, HYBRID);
      expect(hits[0]?.trackId, text).toBe(target.id);
    }
    // the vector ranking alone does not put it first: the keywords do
    const fused = await search.searchByText("piano forebitter", { first: 3 }, { signal: "fused", alpha: 0.5 });
    expect(fused.hits[0]?.trackId).not.toBe(target.id);
  });
});
