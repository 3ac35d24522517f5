/**
 * Chooses the tempo/key re-ranking weights (src/services/query-constraints/constraint-rerank.ts)
 * on a held-out split — the synthetic validation set ONLY, never an evaluation set such as
 * mustango-captions. Ingests the set once into an embedded database kept in --db (so a rerun
 * skips the ingest), then scores text→track retrieval (fused ranking, as `tunelens eval`) for a
 * coarse grid of weights, on all queries and on those stating a tempo or key. Also reports how
 * often the ingest's estimates agree with the set's labels, which is what the weights lean on.
 *
 *   npx tsx scripts/tune-query-constraints.ts data/corpus/synthetic-val [--db /tmp/tune-db] [--json FILE]
 */
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { loadConfig } from "../src/config.ts";
import { openRuntime } from "../src/runtime/open-runtime.ts";
import { discoverCatalog } from "../src/ingest/catalog-source.ts";
import { readQueryLines } from "../src/ingest/dataset-lines.ts";
import { IngestService } from "../src/ingest/ingest-service.ts";
import { TrackRepository } from "../src/db/repositories/track.repository.ts";
import { TrackTempoKeyRepository } from "../src/db/repositories/track-tempo-key.repository.ts";
import { SearchService } from "../src/services/search.service.ts";
import { parseQueryConstraints } from "../src/services/query-constraints/parse-query.ts";
import { keyAgreement, parseKeyName } from "../src/services/query-constraints/musical-key.ts";
import { summarize, type QueryOutcome, type RetrievalMetrics } from "../src/eval/retrieval-metrics.ts";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--")) ?? "data/corpus/synthetic-val";
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (/mustango/i.test(dir)) throw new Error("refusing to tune on an evaluation set; use the synthetic held-out split");

async function readJsonl<T>(file: string): Promise<T[]> {
  const out: T[] = [];
  for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) if (line.trim()) out.push(JSON.parse(line) as T);
  return out;
}

/** --grid 0,0.1,0.2:0,0.05 overrides the tempo:key weight grid */
const [TEMPO_GRID, KEY_GRID] = (opt("--grid") ?? "0,0.05,0.1,0.2:0,0.025,0.05,0.1").split(":").map((g) => g.split(",").map(Number));

const cfg = loadConfig();
const opened = await openRuntime({ ...cfg, databaseUrl: undefined, dataDir: path.resolve(opt("--db") ?? "/tmp/tunelens-tune-db") });
try {
  const { progress } = await new IngestService({ db: opened.db, ...opened.runtime }).ingestAll(await discoverCatalog(dir));
  process.stderr.write(`ingest: ${JSON.stringify({ ingested: progress.ingested, skipped: progress.skipped, failed: progress.failed })}\n`);
  const tracks = await new TrackRepository(opened.db).page(100_000, null);
  const externalOf = new Map(tracks.map((t) => [t.id, t.externalId ?? t.id]));
  const catalogSize = tracks.length;

  // How well do the ingest estimates match the labels? (bpm within 4 %, half/double; key relations)
  const labels = new Map((await readJsonl<{ id: string; labels?: { bpm?: number; key?: string } }>(path.join(dir, "tracks.jsonl"))).map((l) => [String(l.id), l.labels ?? {}]));
  const est = await new TrackTempoKeyRepository(opened.db).find(tracks.map((t) => t.id));
  const agreement = { tracks: 0, bpmKnown: 0, bpmWithin4: 0, bpmOctave: 0, keyKnown: 0, keyExact: 0, keyPartial: 0 };
  for (const t of tracks) {
    const l = labels.get(externalOf.get(t.id)!);
    const e = est.get(t.id);
    if (!l || !e) continue;
    agreement.tracks++;
    if (l.bpm && e.bpm) {
      agreement.bpmKnown++;
      const d = Math.abs(Math.log2(e.bpm / l.bpm));
      if (d < Math.log2(1.04)) agreement.bpmWithin4++;
      else if (Math.abs(d - 1) < Math.log2(1.04)) agreement.bpmOctave++;
    }
    const wanted = parseKeyName(l.key);
    const got = parseKeyName(e.key);
    if (wanted && got) {
      agreement.keyKnown++;
      const a = keyAgreement(wanted, got);
      if (a === 1) agreement.keyExact++;
      else if (a > 0) agreement.keyPartial++;
    }
  }
  process.stderr.write(`estimates vs labels: ${JSON.stringify(agreement)}\n`);

  // ids as ingest stores them (numbers in the file become strings); a query without an id is keyed by its line
  const queries = ((await readQueryLines(dir)) ?? []).map((q, i) => ({ ...q, id: q.id ?? `line ${i + 1}` }));
  const constrained = new Set(queries.filter((q) => parseQueryConstraints(q.text)).map((q) => q.id));
  process.stderr.write(`${queries.length} queries, ${constrained.size} state a tempo or key\n`);

  const rows: Array<{ tempo: number; key: number; all: RetrievalMetrics; constrained: RetrievalMetrics }> = [];
  for (const tempo of TEMPO_GRID) {
    for (const key of KEY_GRID) {
      const search = new SearchService(opened.db, opened.runtime, null, null, { queryConstraints: tempo > 0 || key > 0, constraintWeights: { tempo, key } });
      const outcomes = new Map<string, QueryOutcome>();
      for (const q of queries) {
        const ids: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page = await search.searchByText(q.text.slice(0, 1000), { first: 100, after }, { signal: "fused", alpha: 0.5 });
          ids.push(...page.hits.map((h) => h.trackId));
          if (!page.hasNextPage || ids.length >= catalogSize) break;
          after = page.hits.at(-1)!.cursor;
        }
        const relevant = new Set(q.relevant);
        outcomes.set(q.id, { relevantRanks: ids.flatMap((id, i) => (relevant.has(externalOf.get(id)!) ? [i + 1] : [])), relevantCount: relevant.size });
      }
      const all = summarize([...outcomes.values()], catalogSize);
      const sub = summarize([...outcomes].filter(([id]) => constrained.has(id)).map(([, o]) => o), catalogSize);
      rows.push({ tempo, key, all, constrained: sub });
      const f = (m: RetrievalMetrics) => `R@1 ${m.recallAt1.toFixed(3)} R@5 ${m.recallAt5.toFixed(3)} R@10 ${m.recallAt10.toFixed(3)} med ${m.medianRank}`;
      process.stdout.write(`wTempo ${tempo.toFixed(3)} wKey ${key.toFixed(3)} | all: ${f(all)} | constrained (${constrained.size}): ${f(sub)}\n`);
    }
  }
  const out = opt("--json");
  if (out) await writeFile(out, JSON.stringify({ dataset: path.basename(path.resolve(dir)), agreement, constrainedQueries: constrained.size, rows }, null, 2));
} finally {
  await opened.close();
}
