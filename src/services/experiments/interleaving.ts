/**
 * Team-draft interleaving (Radlinski, Kurup & Joachims, "How Does Clickthrough Data Reflect
 * Retrieval Quality?", CIKM 2008, Algorithm 2).
 *
 * Two rankers' lists are merged as two captains pick teams: each round a fair coin decides which
 * team picks first, then each team adds its highest-ranked item not already in the merged list.
 * Every item remembers the team that contributed it; clicks credit that team. Because each team
 * gets the first pick of a round half the time, a user with no preference between the rankers
 * credits both equally in expectation, while a better ranker wins more clicks — within a single
 * result list shown to one user, which is why interleaving needs far fewer users than A/B tests.
 */
import { ExperimentInputError } from "./errors.ts";
import type { RandomSource } from "../../util/random.ts";

export { seededRandom, type RandomSource } from "../../util/random.ts";

/** The ranker that contributed an item: "A" (control) or "B" (treatment). */
export type Team = "A" | "B";

/** An interleaved list and, per position, the team that contributed the item. */
export interface InterleavedList {
  items: string[];
  teams: Team[];
}

/** Credited clicks of one interleaved impression and which ranker they favour. */
export interface ClickCredit {
  a: number;
  b: number;
  outcome: Team | "tie";
}

/**
 * Team-draft interleaving of rankings `a` and `b` into at most `length` items (fewer when both
 * lists run out). An item present in both lists (or repeated within one) appears once, credited to
 * whichever team picked it first. When one list is exhausted the other team keeps picking alone.
 * `rng` returns uniform numbers in [0, 1); pass `seededRandom(queryId)` to make it reproducible.
 */
export function teamDraftInterleave(a: string[], b: string[], length: number, rng: RandomSource): InterleavedList {
  if (!Number.isInteger(length) || length < 0) throw new ExperimentInputError(`length must be a non-negative integer, got ${length}`);
  const chosen = new Set<string>();
  const items: string[] = [];
  const teams: Team[] = [];
  const cursor = { A: 0, B: 0 };
  const lists = { A: a, B: b };

  // Advances a team's cursor past items already in the merged list; true if it has one to give.
  const hasNext = (team: Team): boolean => {
    const list = lists[team];
    while (cursor[team] < list.length && chosen.has(list[cursor[team]])) cursor[team] += 1;
    return cursor[team] < list.length;
  };

  while (items.length < length && (hasNext("A") || hasNext("B"))) {
    const order: Team[] = rng() < 0.5 ? ["A", "B"] : ["B", "A"];
    for (const team of order) {
      if (items.length >= length || !hasNext(team)) continue;
      const item = lists[team][cursor[team]];
      chosen.add(item);
      items.push(item);
      teams.push(team);
    }
  }
  return { items, teams };
}

/**
 * Credits clicks to the teams that contributed the clicked items (Radlinski et al. 2008, §4.2):
 * the ranker with more credited clicks wins the impression. `clickedPositions` are 1-based ranks
 * as shown to the user (the connection edge's `rank`); repeated clicks on one position count
 * once, and positions outside the list are ignored (a client bug must not crash a report).
 */
export function creditClicks(teams: readonly Team[], clickedPositions: readonly number[]): ClickCredit {
  let a = 0;
  let b = 0;
  for (const position of new Set(clickedPositions)) {
    const team = Number.isInteger(position) ? teams[position - 1] : undefined;
    if (team === "A") a += 1;
    else if (team === "B") b += 1;
  }
  return { a, b, outcome: a > b ? "A" : b > a ? "B" : "tie" };
}
