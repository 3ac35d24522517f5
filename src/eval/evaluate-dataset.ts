import { access } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../db/database.ts";
import { EmbeddingRepository } from "../db/repositories/embedding.repository.ts";
import { TrackRepository } from "../db/repositories/track.repository.ts";
import type { RankingSignal } from "../db/repositories/search.repository.ts";
import { discoverCatalog } from "../ingest/catalog-source.ts";
import { readQueryLines, readTrackLines } from "../ingest/dataset-lines.ts";
import { IngestService, type IngestProgress } from "../ingest/ingest-service.ts";
import type { ModelRuntime } from "../services/model-runtime.ts";
import { SearchService, type RankedPage } from "../services/search.service.ts";
import { parseQueryConstraints } from "../services/query-constraints/parse-query.ts";
import type { HybridFusion } from "../services/hybrid-fusion.ts";
import { randomBaseline, summarize, type QueryOutcome, type RetrievalMetrics } from "./retrieval-metrics.ts";

/** `hybrid` (issue #20): fused vectors with keyword relevance; equals fused where no track has words to match. */
export const SIGNALS: readonly RankingSignal[] = ["fused", "audio", "description", "hybrid"];

/**
 * A ranking as reported: a signal alone, or `<signal>+constraints` — the same ranking re-ordered
 * by the tempo / key a query states (src/services/query-constraints/). Plain signal rows never
 * use constraints, so they stay comparable with reports from before constraints existed.
 */
export type RankingName = RankingSignal | `${RankingSignal}+constraints`;
export const RANKINGS: readonly RankingName[] = SIGNALS.flatMap((s) => [s, `${s}+constraints` as const]);

/** Which text→track rankings to score: without query constraints, with them, or both side by side. */
export type QueryConstraintsMode = "off" | "on" | "both";
export const QUERY_CONSTRAINTS_MODES: readonly QueryConstraintsMode[] = ["off", "on", "both"];

export interface EvaluateOptions {
  /** default "off": the signal rows alone, as before constraints existed (the CLI asks for "both") */
  queryConstraints?: QueryConstraintsMode;
  /** how the hybrid row fuses keywords and vectors (default: the server's default) */
  hybridFusion?: HybridFusion;
}

export interface LabelPrecision {
  label: string;
  tracks: number;
  precisionAt10: number;
  random: number;
}

export interface DatasetEvaluation {
  dataset: string;
  model: string;
  catalogSize: number;
  ingest: IngestProgress;
  /** per ranking (signal, and signal+constraints); null when the data set has no queries.jsonl */
  textToTrack: Partial<Record<RankingName, RetrievalMetrics>> | null;
  /** how many queries state a tempo or key (the only ones `+constraints` can re-order) */
  constrainedQueries?: number;
  textToTrackRandom: RetrievalMetrics | null;
  /** track→track precision@10 by shared label value, per label key (audio signal) */
  trackToTrack: LabelPrecision[];
}

const exists = (f: string) => access(f).then(() => true, () => false);

/** Pages through a ranking until `depth` results or the end. */
async function fullRanking(fetchPage: (after: string | null) => Promise<RankedPage>, depth: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    ids.push(...page.hits.map((h) => h.trackId));
    if (!page.hasNextPage || ids.length >= depth || page.hits.length === 0) return ids;
    after = page.hits[page.hits.length - 1].cursor;
  }
}

/**
 * The evaluation protocol (described at the top of docs/quality.md) on one data set folder,
 * against a database that holds nothing else. Labels in tracks.jsonl are read here for scoring only; ingest never sees them.
 */
export async function evaluateDataset(
  dir: string,
  db: Database,
  runtime: ModelRuntime,
  onProgress?: (p: IngestProgress) => void,
  opts: EvaluateOptions = {},
): Promise<DatasetEvaluation> {
  const mode = opts.queryConstraints ?? "off";
  if (!QUERY_CONSTRAINTS_MODES.includes(mode)) throw new RangeError(`queryConstraints must be one of ${QUERY_CONSTRAINTS_MODES.join(", ")}, got ${mode}`);
  const items = await discoverCatalog(dir);
  const { progress, results } = await new IngestService({ db, ...runtime }).ingestAll(items, onProgress);
  // Figures over a catalogue that lost most of its clips are not the data set's figures (a
  // symlinked audio folder once made every clip fail and the report printed zeros): stop instead.
  if (progress.total > 0 && progress.failed * 2 > progress.total) {
    const first = results.find((r) => r.status === "failed");
    throw new Error(`${dir}: ${progress.failed} of ${progress.total} files failed to ingest (first: ${first?.file}: ${first?.error}); not evaluating a partial catalogue`);
  }
  const tracks = new TrackRepository(db);
  const catalogSize = await tracks.count();
  const page = await tracks.page(100_000, null);
  const externalOf = new Map(page.map((t) => [t.id, t.externalId ?? t.id]));
  // Explicit either way: the served default (TUNELENS_QUERY_CONSTRAINTS) must not change what a row means.
  const search = new SearchService(db, runtime, null, null, { queryConstraints: false, hybridFusion: opts.hybridFusion });
  const constrainedSearch = new SearchService(db, runtime, null, null, { queryConstraints: true, hybridFusion: opts.hybridFusion });
  const variants = [...(mode !== "on" ? [{ suffix: "", service: search }] : []), ...(mode !== "off" ? [{ suffix: "+constraints", service: constrainedSearch }] : [])];
  const depth = Math.min(catalogSize, 1000);

  let textToTrack: DatasetEvaluation["textToTrack"] = null;
  let textToTrackRandom: RetrievalMetrics | null = null;
  let constrainedQueries: number | undefined;
  const queries = await readQueryLines(dir);
  if (queries) {
    textToTrack = {};
    // Without any description the description ranking is undefined and fusion equals audio.
    const described = await new EmbeddingRepository(db).count(runtime.model.id, "description");
    constrainedQueries = queries.filter((q) => parseQueryConstraints(q.text.slice(0, 1000))).length;
    // (hybrid still runs: titles, artists and tags are keyword evidence without any description)
    for (const signal of described > 0 ? SIGNALS : (["audio", "hybrid"] as const)) {
      for (const { suffix, service } of variants) {
        const outcomes: QueryOutcome[] = [];
        for (const q of queries) {
          const ranking = await fullRanking((after) => service.searchByText(q.text.slice(0, 1000), { first: 100, after }, { signal, alpha: 0.5 }), depth);
          const relevant = new Set(q.relevant);
          const relevantRanks = ranking.flatMap((id, i) => (relevant.has(externalOf.get(id) ?? "") ? [i + 1] : []));
          outcomes.push({ relevantRanks, relevantCount: relevant.size });
        }
        textToTrack[`${signal}${suffix}` as RankingName] = summarize(outcomes, catalogSize);
      }
    }
    textToTrackRandom = randomBaseline(queries.map((q) => new Set(q.relevant).size), catalogSize);
  }

  const trackToTrack = await labelPrecision(dir, externalOf, search);
  return { dataset: path.basename(path.resolve(dir)), model: runtime.model.version, catalogSize, ingest: progress, textToTrack, textToTrackRandom, constrainedQueries, trackToTrack };
}

/** `externalOf`: stored track id → the id it had in tracks.jsonl. */
async function labelPrecision(dir: string, externalOf: ReadonlyMap<string, string>, search: SearchService): Promise<LabelPrecision[]> {
  const manifest = path.join(dir, "tracks.jsonl");
  if (!(await exists(manifest))) return [];
  const lines = await readTrackLines(dir);
  const labelsOf = new Map(lines.filter((l) => l.labels).map((l) => [l.id, l.labels!]));
  if (labelsOf.size === 0) return [];
  const keys = [...new Set([...labelsOf.values()].flatMap((l) => Object.keys(l).filter((k) => typeof l[k] === "string")))];
  const byExternal = new Map([...externalOf].map(([id, ext]) => [ext, id]));
  const results: LabelPrecision[] = [];
  const neighbours = new Map<string, string[]>();
  for (const ext of labelsOf.keys()) {
    const id = byExternal.get(ext);
    if (!id) continue;
    const page = await search.similarTracks(id, { first: 10 }, { signal: "audio", alpha: 1 });
    neighbours.set(ext, page.hits.map((h) => externalOf.get(h.trackId) ?? ""));
  }
  for (const key of keys) {
    let sum = 0;
    let rand = 0;
    let count = 0;
    const values = [...labelsOf.entries()].filter(([e]) => neighbours.has(e)).map(([e, l]) => [e, l[key]] as const);
    for (const [ext, value] of values) {
      if (typeof value !== "string") continue;
      const nn = neighbours.get(ext)!;
      sum += nn.filter((n) => labelsOf.get(n)?.[key] === value).length / Math.max(1, nn.length);
      rand += (values.filter(([e, v]) => e !== ext && v === value).length) / Math.max(1, values.length - 1);
      count++;
    }
    if (count) results.push({ label: key, tracks: count, precisionAt10: sum / count, random: rand / count });
  }
  return results;
}
