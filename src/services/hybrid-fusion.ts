/**
 * Fusing a vector ranking with a keyword ranking into the HYBRID signal (issue #20).
 *
 * - `rrf`: reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): Σ 1 / (k + rank) over
 *   the lists a track appears in. Scale-free, so neither the cosine scale of the model nor
 *   ts_rank's unbounded scores need calibrating; k = 60 is the paper's value. Reported scaled by
 *   (k + 1) / 2, so that 1 = first in both lists and 0.5 = first in one of them only (a raw sum
 *   of about 0.03 read like "no match" on the page).
 * - `weighted`: w · keyword + (1 − w) · vector, with the keyword scores divided by the best one of
 *   the query (so 1 = the best keyword match) and a track missing from the vector list given the
 *   lowest vector score of that list (it is at most that similar, as far as the pool knows).
 *
 * Which one the server uses was chosen by measurement (docs/hybrid-search.md).
 */
export type HybridFusion = { method: "rrf"; k: number } | { method: "weighted"; keywordWeight: number };

export const DEFAULT_HYBRID_FUSION: HybridFusion = { method: "rrf", k: 60 };

export interface Scored {
  trackId: string;
  score: number;
}

export interface FusedHit {
  trackId: string;
  score: number;
  /** the track's cosine score in the vector list (null: found by keywords only) */
  vectorScore: number | null;
  keywordScore: number | null;
}

/**
 * One ranking from two, ordered by the fused score, then by the vector ranking, then by track id
 * (stable pages). Both inputs must be sorted best first. With no keyword hit the order is the
 * vector list's order, under either method.
 */
export function fuseRankings(vector: readonly Scored[], keyword: readonly Scored[], fusion: HybridFusion = DEFAULT_HYBRID_FUSION): FusedHit[] {
  const vRank = new Map(vector.map((s, i) => [s.trackId, i + 1]));
  const vScore = new Map(vector.map((s) => [s.trackId, s.score]));
  const kRank = new Map(keyword.map((s, i) => [s.trackId, i + 1]));
  const kScore = new Map(keyword.map((s) => [s.trackId, s.score]));
  const ids = [...new Set([...vector.map((s) => s.trackId), ...keyword.map((s) => s.trackId)])];
  const fused = ids.map((trackId) => ({
    trackId,
    score: fusedScore(trackId, fusion, { vRank, vScore, kRank, kScore, vector, keyword }),
    vectorScore: vScore.get(trackId) ?? null,
    keywordScore: kScore.get(trackId) ?? null,
  }));
  const lastVector = vector.length + 1;
  return fused.sort(
    (a, b) => b.score - a.score || (vRank.get(a.trackId) ?? lastVector) - (vRank.get(b.trackId) ?? lastVector) || (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : 0),
  );
}

interface Lists {
  vRank: Map<string, number>;
  vScore: Map<string, number>;
  kRank: Map<string, number>;
  kScore: Map<string, number>;
  vector: readonly Scored[];
  keyword: readonly Scored[];
}

function fusedScore(id: string, fusion: HybridFusion, l: Lists): number {
  if (fusion.method === "rrf") {
    const v = l.vRank.get(id);
    const k = l.kRank.get(id);
    return (((v ? 1 / (fusion.k + v) : 0) + (k ? 1 / (fusion.k + k) : 0)) * (fusion.k + 1)) / 2;
  }
  const best = l.keyword[0]?.score ?? 0;
  const keyword = best > 0 ? (l.kScore.get(id) ?? 0) / best : 0;
  const floor = l.vector.length ? l.vector[l.vector.length - 1].score : 0;
  const vector = l.vScore.get(id) ?? floor;
  return fusion.keywordWeight * keyword + (1 - fusion.keywordWeight) * vector;
}

/** Validates a fusion setting (from configuration): a bad one stops startup, not a search. */
export function checkHybridFusion(f: HybridFusion): HybridFusion {
  if (f.method === "rrf" && !(Number.isFinite(f.k) && f.k >= 0)) throw new RangeError(`RRF k must be a non-negative number, got ${f.k}`);
  if (f.method === "weighted" && !(Number.isFinite(f.keywordWeight) && f.keywordWeight >= 0 && f.keywordWeight <= 1)) {
    throw new RangeError(`keyword weight must be in [0, 1], got ${f.keywordWeight}`);
  }
  return f;
}

/** `rrf`, `rrf:<k>` or `weighted:<w>` (TUNELENS_HYBRID_FUSION). */
export function parseHybridFusion(text: string): HybridFusion {
  const [method, arg] = text.trim().split(":");
  if (method === "rrf") return checkHybridFusion({ method, k: arg === undefined ? 60 : Number(arg) });
  if (method === "weighted") return checkHybridFusion({ method, keywordWeight: arg === undefined ? 0.3 : Number(arg) });
  throw new RangeError(`hybrid fusion must be rrf, rrf:<k> or weighted:<w>, got ${JSON.stringify(text)}`);
}
