/**
 * Simulated users driven through the real services: every query is a `similarTracks` call under
 * an experiment (assignment, ranking, exposure logging all real), and the users' clicks and plays
 * are recorded with `InteractionService`, so the report is read back from the database.
 *
 * Users judge relevance by *description* similarity: for a source track, the 15 tracks whose
 * description vectors are closest are relevant. A variant ranking by the DESCRIPTION signal
 * therefore serves them better than one ranking by AUDIO (random with respect to it). Clicks
 * follow the position-based click model of src/services/experiments/simulation.ts: rank r is
 * examined with probability 1/r, a relevant item is clicked with probability 0.5 and an
 * irrelevant one 0.05 (times the unit's activity in [0.5, 1.5]); a click is followed by a play
 * with probability 0.6 (relevant) or 0.15.
 */
import { DEFAULT_CLICK_MODEL } from "../../src/services/experiments/simulation.ts";
import { seededRandom } from "../../src/util/random.ts";
import type { InteractionService } from "../../src/services/interaction.service.ts";
import type { SearchService } from "../../src/services/search.service.ts";
import { cosine, type CatalogTrack } from "./vector-catalog.ts";

export interface DbSimulation {
  seed: string;
  experimentKey: string;
  units: number;
  /** each unit issues 1 … 2·mean − 1 queries */
  queriesPerUnit: number;
  tracks: CatalogTrack[];
  search: SearchService;
  interactions: InteractionService;
  relevantPerQuery?: number;
  listLength?: number;
}

export async function runDbSimulation(sim: DbSimulation): Promise<{ queries: number; clicks: number }> {
  const rng = seededRandom(sim.seed);
  const m = DEFAULT_CLICK_MODEL;
  const relevantCount = sim.relevantPerQuery ?? 15;
  let queries = 0;
  let clicks = 0;
  for (let u = 0; u < sim.units; u++) {
    const unitId = `${sim.seed}-user-${u}`;
    const activity = 1 + 0.5 * (2 * rng() - 1);
    const n = 1 + Math.floor(rng() * (2 * sim.queriesPerUnit - 1));
    for (let q = 0; q < n; q++) {
      const source = sim.tracks[Math.floor(rng() * sim.tracks.length)];
      const relevant = new Set(
        sim.tracks
          .filter((t) => t.id !== source.id)
          .sort((a, b) => cosine(b.description, source.description) - cosine(a.description, source.description))
          .slice(0, relevantCount)
          .map((t) => t.id),
      );
      const page = await sim.search.similarTracks(source.id, { first: sim.listLength ?? 10 }, undefined, {
        experiment: { unitId, experimentKey: sim.experimentKey },
      });
      queries += 1;
      for (const hit of page.hits) {
        const isRelevant = relevant.has(hit.trackId);
        const examined = rng() < (1 / hit.rank) ** m.positionBias;
        const attract = Math.min(1, activity * (isRelevant ? m.attractiveness.relevant : m.attractiveness.irrelevant));
        if (!examined || rng() >= attract) continue;
        await sim.interactions.record({ queryId: page.queryId, trackId: hit.trackId, type: "CLICK", position: hit.rank });
        clicks += 1;
        if (rng() < (isRelevant ? m.playAfterClick.relevant : m.playAfterClick.irrelevant)) {
          await sim.interactions.record({ queryId: page.queryId, trackId: hit.trackId, type: "PLAY", position: hit.rank, dwellMs: 30_000 });
        }
      }
    }
  }
  return { queries, clicks };
}
