/**
 * docs/relevance.md's measurement: librosa-music ingested with the served model into a scratch
 * embedded database, then the README's example queries and nonsense queries searched; prints the
 * top relevance of each under both calibration methods, and how well each method separates them.
 *
 *   npx tsx scripts/measure-relevance.ts [DATASET_DIR] [MODEL_DIR]
 */
import path from "node:path";
import { openDatabase } from "../src/db/connect.ts";
import { loadEncoder } from "../src/embedding/onnx-encoder.ts";
import { discoverCatalog } from "../src/ingest/catalog-source.ts";
import { IngestService } from "../src/ingest/ingest-service.ts";
import { bootstrapModel } from "../src/services/model-bootstrap.ts";
import { RelevanceService, type RelevanceMethod } from "../src/services/relevance.ts";
import { SearchService } from "../src/services/search.service.ts";
import { DEFAULT_MODEL_DIR } from "../src/config.ts";

export const README_QUERIES = [
  "string orchestra",
  "calm piano at 90 bpm",
  "melancholic rainy-day piano",
  "piano",
  "house at 124 bpm in A minor",
  "dark cinematic strings, slow",
  "happy ukulele for a commercial",
  "calm piano with strings",
];
export const NONSENSE_QUERIES = ["asdfghjkl qwerty", "jjjj kkkk", "lkjhgf poiuyt", "the invoice is attached", "my grandmother's phone number", "ghjk"];

const dataset = path.resolve(process.argv[2] ?? "../shared/data/librosa-music");
const modelDir = path.resolve(process.argv[3] ?? DEFAULT_MODEL_DIR);
const db = await openDatabase({});
const encoder = await loadEncoder(modelDir);
const runtime = await bootstrapModel(db, encoder, encoder.manifest);
await new IngestService({ db, ...runtime }).ingestAll(await discoverCatalog(dataset));

const out: Record<string, unknown> = { dataset: path.basename(dataset), model: runtime.model.version };
for (const method of ["contrast", "track-z", "raw"] as RelevanceMethod[]) {
  const search = new SearchService(db, runtime, null, null, { queryConstraints: false }, { relevance: new RelevanceService(db, { method }) });
  const top = async (text: string) => {
    const page = await search.searchByText(text, { first: 10 });
    return { text, score: page.hits[0].score, relevance: page.hits[0].relevance ?? NaN, noGoodMatch: page.noGoodMatch };
  };
  const real = [];
  for (const q of README_QUERIES) real.push(await top(q));
  const junk = [];
  for (const q of NONSENSE_QUERIES) junk.push(await top(q));
  // AUC: probability that a real query's top relevance exceeds a nonsense one's (ties count half)
  let wins = 0;
  for (const r of real) for (const j of junk) wins += r.relevance > j.relevance ? 1 : r.relevance === j.relevance ? 0.5 : 0;
  const auc = wins / (real.length * junk.length);
  const margin = Math.min(...real.map((r) => r.relevance)) - Math.max(...junk.map((j) => j.relevance));
  out[method] = { auc, margin, real, junk };
  console.log(`\n${method}: AUC ${auc.toFixed(3)}, margin (worst real − best nonsense) ${margin.toFixed(3)}`);
  for (const r of [...real, ...junk]) console.log(`  ${r.text.padEnd(34)} score ${r.score.toFixed(3)}  relevance ${r.relevance.toFixed(3)}  noGoodMatch ${r.noGoodMatch}`);
}
console.log("\n" + JSON.stringify(out));
await db.close();
