/**
 * Simulated users for checking that experiment reports detect real differences and stay quiet
 * without them. Everything derives from one seed, so a simulation is reproducible.
 *
 * World: each query has `candidates` items, a share of them relevant. A ranker scores an item as
 * `quality · relevance + U(0, 1)` and shows the top `listLength`; higher quality puts relevant
 * items higher. Users follow the position-based click model (PBM; Craswell et al., WSDM 2008;
 * Chuklin, Markov & de Rijke, "Click Models for Web Search", 2015, §3.2): the item at 1-based rank r
 * is examined with probability (1/r)^η and clicked if examined with a probability set by its
 * relevance (times the unit's activity, which makes one unit's queries correlated, as real users'
 * are). A click is followed by a play with a relevance-dependent probability.
 */
import { assignVariant, type VariantSpec } from "./assignment.ts";
import type { AbReportInput, ExposureRecord } from "./ab-report.ts";
import { teamDraftInterleave } from "./interleaving.ts";
import type { InterleavedExposure, InterleavingReportInput } from "./interleaving-report.ts";
import { seededRandom, type RandomSource } from "../../util/random.ts";
import type { InteractionRecord } from "./types.ts";

/** Position-based click model parameters. */
export interface ClickModel {
  /** η in P(examine rank r) = (1/r)^η. */
  positionBias: number;
  /** P(click | examined) for relevant and irrelevant items, before the unit's activity factor. */
  attractiveness: { relevant: number; irrelevant: number };
  /** P(play | click). */
  playAfterClick: { relevant: number; irrelevant: number };
}

/** A ranking variant: `quality` is how strongly relevance lifts an item's score. */
export interface SimulatedRanker {
  name: string;
  quality: number;
}

export interface SimulationConfig {
  seed: string | number;
  units: number;
  /** Mean queries per unit; each unit issues 1 … 2·mean − 1 queries, uniformly. */
  queriesPerUnit: number;
  /** Control first, treatment second. */
  rankers: [SimulatedRanker, SimulatedRanker];
  candidates?: number;
  listLength?: number;
  relevantShare?: number;
  /** Unit activity factor is uniform on [1 − spread, 1 + spread]; 0 makes units alike. */
  activitySpread?: number;
  clickModel?: Partial<ClickModel>;
}

export const DEFAULT_CLICK_MODEL: ClickModel = {
  positionBias: 1,
  attractiveness: { relevant: 0.5, irrelevant: 0.05 },
  playAfterClick: { relevant: 0.6, irrelevant: 0.15 },
};

interface Candidate {
  id: string;
  relevant: boolean;
  /** What both rankers see besides relevance (popularity, text match…): U(0, 1), fixed per item. */
  base: number;
}

interface World {
  rng: RandomSource;
  config: Required<Omit<SimulationConfig, "clickModel">>;
  clickModel: ClickModel;
}

/**
 * Simulates an A/B test: units are assigned by the real `assignVariant` (equal weights, full
 * coverage), and each query is answered by the unit's ranker alone.
 */
export function simulateAbTest(config: SimulationConfig): AbReportInput {
  const world = makeWorld(config);
  const variants: VariantSpec[] = config.rankers.map((r) => ({ name: r.name, weight: 1 }));
  const rankerByName = new Map(config.rankers.map((r) => [r.name, r]));
  const exposures: ExposureRecord[] = [];
  const interactions: InteractionRecord[] = [];
  let unit = { id: "", variant: "" };
  forEachQuery(world, (unitId, queryId, candidates, activity) => {
    // Queries arrive grouped by unit: hash once per unit.
    if (unit.id !== unitId) unit = { id: unitId, variant: assignVariant(`simulation-${config.seed}`, unitId, variants, 1).variant! };
    const variant = unit.variant;
    const shown = rank(world, candidates, rankerByName.get(variant)!.quality);
    exposures.push({ queryId, unitId, variant });
    simulateClicks(world, queryId, shown, activity, interactions);
  });
  return { variants, exposures, interactions };
}

/**
 * Simulates a team-draft interleaving experiment: every query shows an interleaving of both
 * rankers' lists, and clicks are logged by position.
 */
export function simulateInterleaving(config: SimulationConfig): InterleavingReportInput {
  const world = makeWorld(config);
  const [a, b] = config.rankers;
  const exposures: InterleavedExposure[] = [];
  const interactions: InteractionRecord[] = [];
  forEachQuery(world, (unitId, queryId, candidates, activity) => {
    const listA = rank(world, candidates, a.quality);
    const listB = rank(world, candidates, b.quality);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const merged = teamDraftInterleave(
      listA.map((c) => c.id),
      listB.map((c) => c.id),
      world.config.listLength,
      world.rng,
    );
    exposures.push({ queryId, unitId, teams: merged.teams });
    simulateClicks(world, queryId, merged.items.map((id) => byId.get(id)!), activity, interactions);
  });
  return { variants: config.rankers.map((r) => ({ name: r.name, weight: 1 })), exposures, interactions };
}

function makeWorld(config: SimulationConfig): World {
  if (!(config.queriesPerUnit >= 1)) throw new RangeError("queriesPerUnit must be ≥ 1");
  return {
    rng: seededRandom(config.seed),
    config: {
      candidates: 20,
      listLength: 10,
      relevantShare: 0.15,
      activitySpread: 0.5,
      ...config,
    },
    clickModel: { ...DEFAULT_CLICK_MODEL, ...config.clickModel },
  };
}

function forEachQuery(world: World, visit: (unitId: string, queryId: string, candidates: Candidate[], activity: number) => void): void {
  const { rng, config } = world;
  for (let u = 0; u < config.units; u++) {
    const unitId = `unit-${u}`;
    const activity = 1 + config.activitySpread * (2 * rng() - 1);
    const queries = 1 + Math.floor(rng() * (2 * config.queriesPerUnit - 1));
    for (let q = 0; q < queries; q++) {
      const queryId = `${unitId}-q${q}`;
      const candidates = Array.from({ length: config.candidates }, (_, i) => ({
        id: `t${i}`, // unique within the query, which is all the rankers and the log need
        relevant: rng() < config.relevantShare,
        base: rng(),
      }));
      visit(unitId, queryId, candidates, activity);
    }
  }
}

/** The ranker's top list: score = quality · relevance + base, best first. */
function rank(world: World, candidates: Candidate[], quality: number): Candidate[] {
  return candidates
    .map((c) => ({ c, score: quality * (c.relevant ? 1 : 0) + c.base }))
    .sort((x, y) => y.score - x.score)
    .slice(0, world.config.listLength)
    .map((x) => x.c);
}

/** Appends PBM clicks on a shown list (1-based positions) to `out`, each possibly followed by a play. */
function simulateClicks(world: World, queryId: string, shown: Candidate[], activity: number, out: InteractionRecord[]): void {
  const { rng, clickModel: m } = world;
  shown.forEach((item, index) => {
    const position = index + 1;
    const examined = rng() < (1 / position) ** m.positionBias;
    const attract = Math.min(1, activity * (item.relevant ? m.attractiveness.relevant : m.attractiveness.irrelevant));
    if (!examined || rng() >= attract) return;
    out.push({ queryId, trackId: item.id, type: "CLICK", position });
    const play = item.relevant ? m.playAfterClick.relevant : m.playAfterClick.irrelevant;
    if (rng() < play) out.push({ queryId, trackId: item.id, type: "PLAY", position });
  });
}
