import type { Database, Queryable } from "./database.ts";
import { ImputationRepository } from "./repositories/imputation.repository.ts";
import { JobRepository } from "./repositories/job.repository.ts";
import { ModelRepository } from "./repositories/model.repository.ts";
import type { ModelRecord } from "./repositories/model-record.ts";
import { SearchRepository, type VectorQuery } from "./repositories/search.repository.ts";

/**
 * The final SQL of the repository statements worth reviewing (every search variant, mood filter
 * and sort, imputation, the job queue), produced by running each method once against a real
 * migrated database and recording what reaches it. `npm run sql:snapshot` writes the result to
 * sql/queries/*.sql and test/db/sql-snapshots.test.ts fails when those files are stale, so a
 * change to a query shows up as a diff in review (as Immich does with its queries/*.sql).
 *
 * Parameters stay as $n placeholders; literals the repositories inline (model ids, dimensions,
 * limits, ef_search) come from the fixed arguments below, so the output is deterministic.
 */

/** Repository name → (label → statements run by that call). */
export type SqlSnapshot = Map<string, Array<{ label: string; statements: string[] }>>;

const DIMENSIONS = 4;

function recording(db: Database): { db: Database; take: () => string[] } {
  let seen: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    vectorIndex: q.vectorIndex,
    query: (sql, params) => {
      seen.push(sql);
      return q.query(sql, params);
    },
  });
  const wrapped: Database = {
    kind: db.kind,
    vectorIndex: db.vectorIndex,
    query: (sql, params) => wrap(db).query(sql, params),
    transaction: (fn, opts) => db.transaction((tx) => fn(wrap(tx)), opts),
    close: () => db.close(),
  };
  return {
    db: wrapped,
    take: () => {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

/** Removes the indentation the statement had in its template literal. */
export function dedent(sql: string): string {
  const lines = sql.replace(/^\s*\n/, "").replace(/\s+$/, "").split("\n");
  const rest = lines.slice(1).filter((l) => l.trim());
  const indent = rest.length ? Math.min(...rest.map((l) => l.match(/^ */)![0].length)) : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(Math.min(indent, l.match(/^ */)![0].length)))].join("\n");
}

const unit = (seed: number) => {
  const v = Float32Array.from({ length: DIMENSIONS }, (_, i) => Math.sin(seed + i));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/** Runs every snapshotted statement on `db` (freshly migrated, nothing else in it). */
export async function collectSqlSnapshot(target: Database): Promise<SqlSnapshot> {
  const { db, take } = recording(target);
  const out: SqlSnapshot = new Map();
  const record = async (repository: string, label: string, call: () => Promise<unknown>) => {
    take();
    await call();
    const list = out.get(repository) ?? [];
    list.push({ label, statements: take().map(dedent) });
    out.set(repository, list);
  };

  const models = new ModelRepository(target);
  const model: ModelRecord = await models.register({ version: "snapshot", name: "snapshot", dimensions: DIMENSIONS, metrics: {} });

  const search = new SearchRepository(db);
  const base: VectorQuery = {
    model,
    audioVector: unit(1),
    descriptionVector: unit(2),
    signal: "fused",
    alpha: 0.5,
    limit: 11,
    excludeTrackIds: [],
  };
  const labels = { modelId: model.id, dimensions: DIMENSIONS };
  await record("search", "nearest: audio signal (similar tracks, text→audio)", () => search.nearest({ ...base, signal: "audio", descriptionVector: null }));
  await record("search", "nearest: description signal", () => search.nearest({ ...base, signal: "description", audioVector: null }));
  await record("search", "nearest: fused (audio and descriptions)", () => search.nearest(base));
  await record("search", "nearest: fused, excluding the query track, with vectors (MMR)", () =>
    search.nearest({ ...base, excludeTrackIds: ["00000000-0000-0000-0000-000000000001"], withVectors: true }),
  );
  await record("search", "nearest: fused with a metadata filter (bpm, genres, tags, catalogs, artists)", () =>
    search.nearest({
      ...base,
      filter: { bpmMin: 90, bpmMax: 130, genres: ["ambient"], tags: ["piano"], catalogs: ["main"], excludeArtists: ["someone"] },
    }),
  );
  await record("search", "nearest: fused with a zero-shot mood filter and a soft genre filter", () =>
    search.nearest({
      ...base,
      filter: { mood: { word: "calm" }, genre: { label: "ambient" }, labels: { ...labels, mood: { direction: unit(3), minCosine: 0.1 }, genre: { label: "ambient", minScore: 0.2 } } },
    }),
  );
  await record("search", "nearest: fused with two zero-shot instrument filters (per-catalog percentile cosine thresholds)", () =>
    search.nearest({
      ...base,
      filter: {
        instruments: ["piano", "drums"],
        labels: {
          ...labels,
          instruments: [
            { direction: unit(5), thresholds: [{ catalog: "default", minCosine: 0.1 }, { catalog: "other", minCosine: 0.15 }] },
            { direction: unit(6), thresholds: [{ catalog: "default", minCosine: 0.2 }, { catalog: "other", minCosine: 0.25 }] },
          ],
        },
      },
    }),
  );
  await record("search", "nearest: fused, sorted by a mood's calibrated score", () =>
    search.nearest({ ...base, filter: { labels: { ...labels, order: { direction: unit(4), length: 1.5, temperature: 0.1 } } } }),
  );

  const imputation = new ImputationRepository(db);
  await record("imputation", "neighbours: k nearest by weighted audio + metadata similarity", () => imputation.neighbours("00000000-0000-0000-0000-000000000001", model.id, 0.6, 10));

  const jobs = new JobRepository(db);
  let requestId = "";
  await record("jobs", "createRequest", async () => (requestId = await jobs.createRequest("/music", null)));
  await record("jobs", "enqueue", () => jobs.enqueue([{ requestId, kind: "audio-embedding", dedupeKey: "audio:/music/a.wav", payload: { file: "/music/a.wav" } }]));
  await record("jobs", "claim: lease the next runnable jobs", () => jobs.claim("worker-1", 3, 30));
  await record("jobs", "renewLeases", () => jobs.renewLeases("worker-1", ["1"], 30));
  await record("jobs", "complete", () => jobs.complete("1", "worker-1", {}));
  await record("jobs", "fail: retry later or bury", () => jobs.fail("1", "worker-1", "boom", 2));
  await record("jobs", "buryExpired: dead-letter jobs whose lease ran out too often", () => jobs.buryExpired());
  await record("jobs", "countsForRequest", () => jobs.countsForRequest(requestId));
  await record("jobs", "hasPending", () => jobs.hasPending(requestId));
  return out;
}

/** File name → content, as written under sql/queries/. */
export function renderSqlSnapshot(snapshot: SqlSnapshot): Map<string, string> {
  const files = new Map<string, string>();
  for (const [repository, calls] of snapshot) {
    const parts = [
      `-- Generated by \`npm run sql:snapshot\` (src/db/sql-snapshot.ts): the SQL the ${repository} repository sends,`,
      "-- recorded against a real migrated database. Do not edit; regenerate and review the diff.",
      "",
    ];
    for (const { label, statements } of calls) {
      parts.push(`-- ${label}`);
      for (const s of statements) parts.push(`${s};`, "");
    }
    files.set(`${repository}.sql`, `${parts.join("\n").trimEnd()}\n`);
  }
  return files;
}
