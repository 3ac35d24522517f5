// Issue #16 item 3: sustained mixed load on PostgreSQL (autocannon, a second process) quiet and then
// while a hostile client (a third process) sends token- and alias-flood documents; prints JSON.
// Run: TUNELENS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx scripts/security/load-under-attack.mts
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/server/logger.ts";
import { startServer } from "../../src/server/start-server.ts";
import { BenchRepository } from "../../src/db/repositories/bench.repository.ts";
import { ModelRepository } from "../../src/db/repositories/model.repository.ts";
import { generateCatalog } from "../../src/bench/synthetic-catalog.ts";
import { benchQuerySentences } from "../../src/bench/query-sentences.ts";
import { textBody, trackBody, postGraphql } from "../../src/bench/graphql-queries.ts";
import { driveLoad } from "../../src/bench/load-driver.ts";

const BASE = process.env.TUNELENS_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const N = Number(process.env.N ?? 5000), SECONDS = Number(process.env.SECONDS ?? 60), RPS = 200, HOSTILE_RPS = 10;
async function admin(sql: string) { const c = new pg.Client({ connectionString: BASE }); await c.connect(); try { await c.query(sql); } finally { await c.end(); } }
async function main() {
  const name = `tunelens_sec_load_${process.pid}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(BASE); url.pathname = `/${name}`;
  const cfg = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: url.toString(), DATABASE_READ_URL: "", NODE_ENV: "production",
    TUNELENS_ANONYMOUS_SEARCH: "true", TUNELENS_RATE_LIMIT_PER_MINUTE: "1000000000", TUNELENS_IN_PROCESS_WORKER: "off", TUNELENS_DATA_DIR: mkdtempSync(path.join(tmpdir(), "sec-load-")) });
  const running = await startServer(cfg, createLogger("silent"));
  try {
    const db = running.opened.db; const model = running.opened.runtime.model;
    const sentences = benchQuerySentences(300);
    const queryVectors = await running.opened.runtime.encoder.embedTexts(sentences);
    const catalog = generateCatalog(N, model.dimensions, queryVectors);
    const repo = new BenchRepository(db);
    await repo.dropEmbeddingHnswIndexes();
    for (let i = 0; i < N; i += 2000) await repo.insertBatch(model, catalog.tracks.slice(i, i + 2000));
    await repo.analyze();
    await repo.withBuildMemory((tx) => new ModelRepository(tx).ensureVectorIndexes(model), "256MB");
    await repo.analyze();
    const ids = catalog.tracks.map((t) => t.externalId);
    const bodies = sentences.flatMap((s, i) => [textBody(s), trackBody(ids[(i * 7919) % ids.length])]);
    for (let i = 0; i < 20; i++) await postGraphql(running.url, bodies[i]);
    const rss = async () => { const t = await (await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${running.adminToken}` } })).text(); return Math.round(Number(/^tunelens_process_resident_memory_bytes\s+(\S+)/m.exec(t)?.[1]) / 2 ** 20); };
    const out: Record<string, unknown> = { tracks: N, seconds: SECONDS, rps: RPS };
    const r0 = await rss();
    out.quiet = await driveLoad({ url: `${running.url}/graphql`, bodies, connections: 16, durationSeconds: SECONDS, overallRate: RPS });
    const r1 = await rss();
    const hostile = spawn(process.execPath, [fileURLToPath(new URL("./hostile-client.mjs", import.meta.url)), running.url, String(HOSTILE_RPS), String(SECONDS)], { stdio: ["ignore", "pipe", "inherit"] });
    let hostileOut = ""; hostile.stdout.on("data", (d) => (hostileOut += d));
    const hostileDone = new Promise((r) => hostile.on("exit", r));
    out.attack = await driveLoad({ url: `${running.url}/graphql`, bodies, connections: 16, durationSeconds: SECONDS, overallRate: RPS });
    await hostileDone;
    out.hostile = JSON.parse(hostileOut.trim() || "{}");
    const r2 = await rss();
    out.rssMiB = { beforeQuiet: r0, afterQuiet: r1, afterAttack: r2 };
    out.loadavg = (await import("node:os")).loadavg();
    console.log(JSON.stringify(out, null, 1));
  } finally {
    await running.stop();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
void main();
