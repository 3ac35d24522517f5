import * as vega from "vega";
import * as vl from "vega-lite";
import type { SweepPoint } from "./hnsw-sweep.ts";
import type { CatalogBenchResult } from "./catalog-bench.ts";

async function render(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  return view.toSVG();
}

/** Recall@10 against p50 latency, one line per (m, ef_construction) through the ef_search values. */
export function sweepPlot(points: readonly SweepPoint[], title: string): Promise<string> {
  const values = points.map((p) => ({ ...p, build: `m=${p.m}, ef_construction=${p.efConstruction}` }));
  return render({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 520,
    height: 320,
    data: { values },
    mark: { type: "line", point: { size: 30 } },
    encoding: {
      x: { field: "p50Ms", type: "quantitative", title: "p50 latency of one k-NN statement (ms)", scale: { type: "log" } },
      y: { field: "recallAt10", type: "quantitative", title: "recall@10", scale: { zero: false } },
      color: { field: "build", type: "nominal", title: "index" },
      order: { field: "efSearch", type: "quantitative" },
      tooltip: [{ field: "efSearch" }],
    },
  });
}

/** p50 of each path (GraphQL, SQL, exact) by catalog size and back end. */
export function latencyPlot(runs: readonly CatalogBenchResult[]): Promise<string> {
  const values = runs.flatMap((r) => [
    { run: `${r.backend} ${r.tracks / 1000}k`, path: "GraphQL text→track", ms: r.graphql.text.p50Ms },
    { run: `${r.backend} ${r.tracks / 1000}k`, path: "encode + SQL text→track", ms: r.sql.textWithEncode.p50Ms },
    { run: `${r.backend} ${r.tracks / 1000}k`, path: "GraphQL track→track", ms: r.graphql.track.p50Ms },
    { run: `${r.backend} ${r.tracks / 1000}k`, path: "SQL track→track", ms: r.sql.track.p50Ms },
    { run: `${r.backend} ${r.tracks / 1000}k`, path: "exact scan (1 signal)", ms: r.exactSql.p50Ms },
  ]);
  return render({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "p50 latency by path, catalog size and back end",
    width: 110,
    height: 260,
    data: { values },
    mark: "bar",
    encoding: {
      column: { field: "run", type: "nominal", title: null },
      x: { field: "path", type: "nominal", axis: null },
      y: { field: "ms", type: "quantitative", title: "p50 (ms)" },
      color: { field: "path", type: "nominal", title: "path" },
    },
  });
}

/** Recall@10 against p50 latency on the served index, one line per run through the ef_search values. */
export function efCurvePlot(runs: readonly CatalogBenchResult[]): Promise<string> {
  const values = runs.flatMap((r) => (r.efCurve ?? []).map((p) => ({ run: `${r.backend} ${r.tracks / 1000}k`, efSearch: p.efSearch, recallAt10: p.recallAt10, p50Ms: p.latency.p50Ms })));
  return render({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Served index: recall@10 against latency as ef_search grows",
    width: 520,
    height: 320,
    data: { values },
    layer: [
      {
        mark: { type: "line", point: { size: 30 } },
        encoding: {
          x: { field: "p50Ms", type: "quantitative", title: "p50 latency of one k-NN statement (ms)", scale: { type: "log" } },
          y: { field: "recallAt10", type: "quantitative", title: "recall@10", scale: { zero: false } },
          color: { field: "run", type: "nominal", title: "catalog" },
          order: { field: "efSearch", type: "quantitative" },
        },
      },
      {
        mark: { type: "text", dx: 14, dy: -6, fontSize: 9 },
        encoding: {
          x: { field: "p50Ms", type: "quantitative", scale: { type: "log" } },
          y: { field: "recallAt10", type: "quantitative" },
          text: { field: "efSearch", type: "quantitative" },
        },
      },
    ],
  });
}
