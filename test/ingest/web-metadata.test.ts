import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetadataFetchConfig } from "../../src/config.ts";
import { refusedAddressReason } from "../../src/ingest/address-policy.ts";
import { FetchRefusedError, FetchTimeoutError, safeFetch } from "../../src/ingest/safe-fetch.ts";
import { MetadataJunkError, WebMetadataSource, expandTemplate } from "../../src/ingest/web-metadata.ts";

const PAGE = `<!doctype html><html><head>
<title>Night Drive — Example Records</title>
<meta name="description" content="A brooding synthwave track with a pulsing bass line.">
<meta property="og:description" content="Retro synths for a late-night highway.">
<meta name="keywords" content="synthwave, retrowave">
<script type="application/ld+json">{"@type":"MusicRecording","genre":"electronic","mood":"brooding","bpm":"118"}</script>
<script type="application/ld+json">{ not json </script>
</head><body><p>ignored body text</p></body></html>`;

/** Real: HTTP over loopback to a server of ours; cheerio parsing; Node's DNS resolution. */
describe("web metadata source behind the fetch guard", () => {
  let server: http.Server;
  let base: string;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x");
      if (u.pathname === "/page/night-drive") return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
      if (u.pathname === "/api/tracks/t1") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ track: { description: "Warm lo-fi beat", genres: ["lo-fi", "hip hop"], mood: "relaxed", tempo: 84 } }));
      if (u.pathname === "/junk") return void res.writeHead(200, { "content-type": "text/html" }).end("<html><body>nothing here</body></html>");
      if (u.pathname === "/junk.json") return void res.writeHead(200, { "content-type": "application/json" }).end("{oops");
      if (u.pathname === "/huge") return void res.writeHead(200, { "content-type": "text/html" }).end("x".repeat(200_000));
      if (u.pathname === "/slow") return void setTimeout(() => res.writeHead(200).end("late"), 3_000);
      if (u.pathname === "/to-localhost") return void res.writeHead(302, { location: `http://localhost:${port}/page/night-drive` }).end();
      if (u.pathname === "/to-page") return void res.writeHead(301, { location: "/page/night-drive" }).end();
      if (u.pathname === "/to-file") return void res.writeHead(302, { location: "file:///etc/passwd" }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const cfg = (over: Partial<MetadataFetchConfig> = {}): MetadataFetchConfig => ({
    urlTemplates: [`${base}/page/{externalId}`],
    allowedHosts: ["127.0.0.1"],
    // Loopback is admitted explicitly here, for the local test server; the default refuses it.
    allowPrivateAddresses: true,
    timeoutMs: 1_000,
    maxBytes: 64 * 1024,
    ...over,
  });
  const keys = { externalId: "night-drive", title: "Night Drive", artist: null, album: null };

  it("reads descriptions, genres, mood and tempo from an HTML page with a real parser", async () => {
    const [page] = await new WebMetadataSource(cfg()).fetchFor(keys);
    expect(page.url).toBe(`${base}/page/night-drive`);
    expect(page.descriptions).toEqual(["A brooding synthwave track with a pulsing bass line.", "Retro synths for a late-night highway."]);
    expect(page.genre).toEqual(["synthwave", "retrowave", "electronic"]);
    expect(page.mood).toEqual(["brooding"]);
    expect(page.bpm).toBe(118);
  });

  it("reads a JSON API and treats a 404 as no page", async () => {
    const source = new WebMetadataSource(cfg({ urlTemplates: [`${base}/api/tracks/{externalId}`, `${base}/missing/{title}`] }));
    const pages = await source.fetchFor({ ...keys, externalId: "t1" });
    expect(pages).toEqual([{ url: `${base}/api/tracks/t1`, descriptions: ["Warm lo-fi beat"], genre: ["lo-fi", "hip hop"], mood: ["relaxed"], bpm: 84 }]);
    expect(expandTemplate(`${base}/x/{artist}`, keys)).toBeNull();
    expect(expandTemplate(`${base}/x/{title}`, keys)).toBe(`${base}/x/Night%20Drive`);
  });

  it("refuses loopback by default, also when a hostname resolves to it", async () => {
    await expect(new WebMetadataSource(cfg({ allowPrivateAddresses: false })).fetchFor(keys)).rejects.toThrow(/refused 127\.0\.0\.1: .*loopback/);
    const byName = cfg({ allowPrivateAddresses: false, allowedHosts: ["localhost"], urlTemplates: [`http://localhost:${port}/page/{externalId}`] });
    await expect(new WebMetadataSource(byName).fetchFor(keys)).rejects.toThrow(/refused localhost: resolves to .*loopback/);
    for (const a of ["10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "fe80::1", "::ffff:127.0.0.1", "fd00::1", "100.64.0.1"]) {
      expect(refusedAddressReason(a), a).not.toBeNull();
    }
    expect(refusedAddressReason("93.184.216.34")).toBeNull();
    expect(refusedAddressReason("2606:4700::1111")).toBeNull();
  });

  it("checks hosts against the allowlist, redirects included", async () => {
    await expect(safeFetch(`${base}/page/x`, { ...cfg(), allowedHosts: ["metadata.example.org"] })).rejects.toThrow(/not in the metadata host allowlist/);
    await expect(safeFetch(`${base}/to-localhost`, cfg())).rejects.toThrow(/refused host localhost/);
    await expect(safeFetch(`${base}/to-file`, cfg())).rejects.toThrow(/only http and https/);
    const followed = await safeFetch(`${base}/to-page`, cfg());
    expect(followed).toMatchObject({ status: 200, url: `${base}/page/night-drive` });
  });

  it("enforces the size and time limits", async () => {
    await expect(safeFetch(`${base}/huge`, cfg())).rejects.toBeInstanceOf(FetchRefusedError);
    const started = Date.now();
    await expect(safeFetch(`${base}/slow`, cfg({ timeoutMs: 300 }))).rejects.toBeInstanceOf(FetchTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports junk pages as junk", async () => {
    await expect(new WebMetadataSource(cfg({ urlTemplates: [`${base}/junk`] })).fetchFor(keys)).rejects.toThrow(MetadataJunkError);
    await expect(new WebMetadataSource(cfg({ urlTemplates: [`${base}/junk.json`] })).fetchFor(keys)).rejects.toThrow(/not valid JSON/);
  });
});
