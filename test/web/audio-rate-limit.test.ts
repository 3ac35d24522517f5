import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createLogger } from "../../src/server/logger.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/database.ts";
import { TrackRepository } from "../../src/db/repositories/track.repository.ts";
import { TrackSourceRepository } from "../../src/db/repositories/track-source.repository.ts";
import { openRegularFile } from "../../src/ingest/safe-open.ts";
import { audioRouter } from "../../src/server/audio-route.ts";
import { AudioUrlSigner } from "../../src/server/audio-url-signer.ts";
import { RateLimiter } from "../../src/server/rate-limit.ts";
import { webRouter } from "../../src/server/web-static.ts";
import { chord, tempDir, writeWav } from "../helpers/audio-fixtures.ts";

/**
 * Issue #16: `/audio` had no rate limit (a signed URL could be fetched without end), and
 * `/explorer` was served in production. The routers as the app mounts them, on a real HTTP
 * server and an embedded database holding one track with its file identity.
 */
describe("/audio rate limit and /explorer switch", () => {
  let db: Database;
  let server: http.Server;
  let url: string;
  let audioUrl: string;
  const signer = new AudioUrlSigner("audio-rate-limit-token-0123456789");

  beforeAll(async () => {
    db = await openDatabase({});
    const file = writeWav(tempDir(), "a.wav", [chord([220, 277, 330], 1, 16000)], 16000);
    const { record } = await new TrackRepository(db).insert({
      catalog: "default", externalId: "a.wav", title: null, artist: null, album: null, durationSeconds: 1,
      sourceFile: file, contentHash: createHash("sha256").update(readFileSync(file)).digest("hex"), metadata: {},
    });
    const opened = await openRegularFile(file);
    await opened.handle.close();
    await new TrackSourceRepository(db).setIdentity(record.id, opened.identity);
    audioUrl = signer.urlFor(record.id);
    const app = express();
    app.use(audioRouter({ sources: new TrackSourceRepository(db), signer, logger: createLogger("silent"), limiter: new RateLimiter({ perMinute: 5 }) }));
    app.use(webRouter(tempDir("tunelens-no-web-"), { explorer: false }));
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.close();
  });

  it("answers 429 with Retry-After once a client address has used its audio requests", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(url + audioUrl, { headers: { range: "bytes=0-15" } });
      await res.arrayBuffer();
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses).toEqual([206, 206, 206, 206, 206, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it("serves no explorer when it is switched off (production default)", async () => {
    expect((await fetch(`${url}/explorer`)).status).toBe(404);
    expect((await fetch(`${url}/explorer.html`)).status).toBe(404);
    // the page itself is still answered (503 here: nothing is built in this folder)
    expect((await fetch(`${url}/`)).status).toBe(503);
  });
});
