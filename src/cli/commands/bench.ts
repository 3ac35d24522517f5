import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { createLogger } from "../../server/logger.ts";
import type { Backend } from "../../bench/bench-server.ts";
import { loadSummary } from "../../bench/load-report.ts";
import { runLoadBench } from "../../bench/load-bench.ts";
import { writePerformanceReport } from "../../bench/report.ts";
import { runBench, type BenchReport } from "../../bench/run-bench.ts";

const list = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);
const sizes = (v: string) => list(v).map((s) => {
  const n = Number(s.replace(/k$/i, "000"));
  if (!Number.isInteger(n) || n < 100) throw new Error(`--tracks: ${s} is not a catalog size ≥ 100`);
  return n;
});
const backends = (v: string): Backend[] => list(v).map((b) => {
  if (b !== "postgres" && b !== "pglite") throw new Error(`--backends: unknown back end ${b}`);
  return b;
});

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

export function registerBenchCommand(program: Command): void {
  const bench = program
    .command("bench")
    .description("latency, throughput, recall and index variants on synthetic catalogs (real Postgres and PGlite)")
    .option("--tracks <sizes>", "catalog sizes, comma-separated", "10000,100000")
    .option("--backends <list>", "postgres,pglite (postgres needs DATABASE_URL or --postgres)", "postgres,pglite")
    .option("--postgres <url>", "PostgreSQL server for the scratch database (default DATABASE_URL)")
    .option("--pglite-max-tracks <n>", "largest catalog run on PGlite", "10000")
    .option("--queries <n>", "query sentences", "300")
    .option("--qps-seconds <n>", "duration of the throughput run per catalog", "15")
    .option("--no-sweep", "skip the HNSW parameter sweep")
    .option("--audio <dir>", "audio files for the ingest stage timing (default ../shared/data/librosa-music/audio)")
    .option("--json <file>", "write the figures as JSON")
    .option("--report <file>", "write the Markdown report (plots as SVG next to it)")
    .action(async (o: { tracks: string; backends: string; postgres?: string; pgliteMaxTracks: string; queries: string; qpsSeconds: string; sweep: boolean; audio?: string; json?: string; report?: string }) => {
      const cfg = loadConfig();
      const postgresUrl = o.postgres ?? cfg.databaseUrl;
      let chosen = backends(o.backends);
      if (!postgresUrl && chosen.includes("postgres")) {
        log("no DATABASE_URL or --postgres: the postgres back end is skipped");
        chosen = chosen.filter((b) => b !== "postgres");
      }
      const command = `npx tunelens ${process.argv.slice(2).join(" ")}`;
      const report = await runBench(
        {
          sizes: sizes(o.tracks),
          backends: chosen,
          postgresUrl,
          pgliteMaxTracks: Number(o.pgliteMaxTracks),
          queries: Number(o.queries),
          sweep: o.sweep,
          qpsSeconds: Number(o.qpsSeconds),
          efSearch: cfg.vectorIndex.efSearch,
          modelDir: cfg.modelDir,
          audioDir: o.audio ? path.resolve(o.audio) : undefined,
          logger: createLogger(cfg.logLevel ?? "warn"),
          log,
        },
        command,
      );
      if (o.json) {
        // a load run recorded earlier in the same file is kept
        const previous = await readJson(o.json);
        if (previous?.load) report.load = previous.load;
        await writeFile(o.json, `${JSON.stringify(report, null, 2)}\n`);
      }
      if (o.report) await writePerformanceReport(report, o.report);
      const h = report;
      process.stdout.write(
        `${h.headline.backend} ${h.headline.tracks} tracks: text p50 ${h.textSearch.p50Ms} ms p99 ${h.textSearch.p99Ms} ms, ` +
          `track p50 ${h.trackSearch.p50Ms} ms, ${h.qps} q/s, GraphQL÷SQL ${h.graphqlOverSql}, recall@10 ${h.recallAt10.toFixed(3)} ` +
          `(filtered ${h.recallAt10Filtered.toFixed(3)}), ingest ${h.ingestRealtimeFactor ?? "n/a"}× realtime, ${h.durationSeconds} s\n`,
      );
    });

  registerBenchReportCommand(bench);
  bench
    .command("load")
    .description("sustained mixed search load from a second process (autocannon), bounded")
    .option("--rps <n>", "requests per second, or max: as fast as the server answers (the 400 q/s target)", "200")
    .option("--connections <n>", "requests in flight at once (autocannon connections)", "16")
    .option("--direct-queries <n>", "searches of each kind timed one at a time after the load, GraphQL and SQL (the GraphQL ÷ SQL ratio)", "200")
    .option("--duration <s>", "seconds", "60")
    .option("--tracks <n>", "catalog size", "10000")
    .option("--backend <name>", "postgres or pglite (default: postgres when DATABASE_URL is set)")
    .option("--postgres <url>", "PostgreSQL server for the scratch database (default DATABASE_URL)")
    .option("--json <file>", "add the result to this JSON file (the bench report)")
    .option("--report <file>", "regenerate the Markdown report from the JSON file")
    .action(async (o: { rps: string; connections: string; directQueries: string; duration: string; tracks: string; backend?: string; postgres?: string; json?: string; report?: string }, cmd: Command) => {
      // `bench` has --json/--report too and commander hands them to the parent: read them there
      const parent = cmd.parent?.opts() as { json?: string; report?: string; tracks?: string; postgres?: string } | undefined;
      o.json ??= parent?.json;
      o.report ??= parent?.report;
      o.postgres ??= parent?.postgres;
      // --tracks has a default on both: the parent's counts only when it was typed
      if (cmd.parent?.getOptionValueSource("tracks") === "cli" && parent?.tracks) o.tracks = parent.tracks;
      const cfg = loadConfig();
      const postgresUrl = o.postgres ?? cfg.databaseUrl;
      const backend = backends(o.backend ?? (postgresUrl ? "postgres" : "pglite"))[0];
      const duration = Number(o.duration);
      if (!(duration > 0 && duration <= 600)) throw new Error("--duration must be 1–600 s (the run is bounded)");
      const rps = o.rps === "max" ? null : Number(o.rps);
      if (rps !== null && !(rps > 0)) throw new Error("--rps must be a positive number or max");
      const connections = Number(o.connections);
      const directQueries = Number(o.directQueries);
      if (!(Number.isInteger(connections) && connections >= 1 && connections <= 1000)) throw new Error("--connections must be 1–1000");
      if (!(Number.isInteger(directQueries) && directQueries >= 1)) throw new Error("--direct-queries must be a positive integer");
      const load = await runLoadBench({
        backend,
        tracks: sizes(o.tracks)[0],
        rps,
        connections,
        directQueries,
        durationSeconds: duration,
        postgresUrl,
        modelDir: cfg.modelDir,
        logger: createLogger(cfg.logLevel ?? "warn"),
        log,
      });
      process.stdout.write(`${loadSummary(load).join("\n")}\n`);
      if (o.json) {
        const report = await readJson(o.json);
        if (report) {
          report.load = load;
          await writeFile(o.json, `${JSON.stringify(report, null, 2)}\n`);
          if (o.report) await writePerformanceReport(report, o.report);
        } else {
          await writeFile(o.json, `${JSON.stringify({ load }, null, 2)}\n`);
        }
      }
    });
}

export function registerBenchReportCommand(bench: Command): void {
  bench
    .command("report <json>")
    .description("regenerate the Markdown report (and its SVG plots) from a bench JSON file")
    .option("--out <file>", "Markdown file", "docs/performance.md")
    .action(async (json: string, o: { out: string }) => {
      const report = await readJson(json);
      if (!report?.runs) throw new Error(`${json} holds no bench runs`);
      await writePerformanceReport(report, o.out);
      process.stdout.write(`wrote ${o.out}\n`);
    });
}

async function readJson(file: string): Promise<BenchReport | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as BenchReport;
  } catch {
    return null;
  }
}
