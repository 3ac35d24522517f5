import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AudioUrlSigner } from "../../src/server/audio-url-signer.ts";
import { chord, encodeWav } from "../helpers/audio-fixtures.ts";
import { ADMIN_TOKEN, startServedApp, type ServedApp } from "./served-app.ts";

interface Listed {
  tracks: { edges: Array<{ node: { id: string; externalId: string; audioUrl: string | null } }> };
}

describe("GET /audio/:trackId (signed URLs, range requests; real server, embedded database)", () => {
  let app: ServedApp;
  let dir: string;
  const byName = new Map<string, { id: string; audioUrl: string }>();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "tunelens-audio-"));
    writeFileSync(path.join(dir, "a-major.wav"), encodeWav([chord([220, 277.18, 329.63], 6, 22050)], 22050));
    writeFileSync(path.join(dir, "d-minor.wav"), encodeWav([chord([293.66, 349.23, 440], 6, 22050)], 22050));
    // Anonymous search off: audio URLs are handed only to callers allowed to search.
    app = await startServedApp({ TUNELENS_ANONYMOUS_SEARCH: "false" });
    expect(await app.ingest(dir)).toMatchObject({ status: "SUCCEEDED", ingested: 2 });
    const listed = await app.gql<Listed>(`{ tracks(first: 10) { edges { node { id externalId audioUrl } } } }`, {}, ADMIN_TOKEN);
    for (const { node } of listed.data!.tracks.edges) byName.set(node.externalId, { id: node.id, audioUrl: node.audioUrl! });
  }, 300_000);
  afterAll(async () => {
    await app?.server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("hands signed URLs to callers allowed to search, and none to others", async () => {
    const a = byName.get("a-major.wav")!;
    expect(a.audioUrl).toMatch(new RegExp(`^/audio/${a.id}\\?exp=\\d+&sig=[\\w-]{43}$`));
    const anonymous = await app.gql(`{ tracks(first: 1) { edges { node { audioUrl } } } }`);
    expect(anonymous.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });

  it("streams the whole file with its content type, and byte ranges with 206 and Content-Range", async () => {
    const a = byName.get("a-major.wav")!;
    const size = statSync(path.join(dir, "a-major.wav")).size;
    const whole = await fetch(app.url + a.audioUrl);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect((await whole.arrayBuffer()).byteLength).toBe(size);

    const head = await fetch(app.url + a.audioUrl, { headers: { range: "bytes=0-99" } });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-99/${size}`);
    const bytes = new Uint8Array(await head.arrayBuffer());
    expect(bytes.length).toBe(100);
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe("RIFF");

    const tail = await fetch(app.url + a.audioUrl, { headers: { range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe(`bytes ${size - 10}-${size - 1}/${size}`);

    const beyond = await fetch(app.url + a.audioUrl, { headers: { range: `bytes=${size + 10}-` } });
    expect(beyond.status).toBe(416);
  });

  it("refuses tampered, foreign, missing and expired signatures", async () => {
    const a = byName.get("a-major.wav")!;
    const b = byName.get("d-minor.wav")!;
    const sigOf = (url: string) => new URL(url, app.url).searchParams.get("sig")!;
    const flipped = a.audioUrl.replace(/sig=(.)/, (_m, c: string) => `sig=${c === "A" ? "B" : "A"}`);
    expect((await fetch(app.url + flipped)).status).toBe(403);
    // b's signature does not open a's audio
    expect((await fetch(`${app.url}/audio/${a.id}?exp=${new URL(b.audioUrl, app.url).searchParams.get("exp")}&sig=${sigOf(b.audioUrl)}`)).status).toBe(403);
    expect((await fetch(`${app.url}/audio/${a.id}`)).status).toBe(403);
    // a longer expiry with the old signature
    expect((await fetch(a.audioUrl.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 1}`).replace(/^/, app.url))).status).toBe(403);
    // correctly signed (same admin token → same key) but issued two hours ago
    const stale = new AudioUrlSigner(ADMIN_TOKEN, 3600, () => Date.now() - 2 * 3600_000).urlFor(a.id);
    const expired = await fetch(app.url + stale);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
  });

  it("answers 404 for unknown tracks and for a track whose file vanished", async () => {
    const signer = new AudioUrlSigner(ADMIN_TOKEN);
    expect((await fetch(app.url + signer.urlFor("00000000-0000-4000-8000-000000000000"))).status).toBe(404);
    expect((await fetch(app.url + signer.urlFor("../../etc/passwd"))).status).toBe(404);
    const b = byName.get("d-minor.wav")!;
    rmSync(path.join(dir, "d-minor.wav"));
    const gone = await fetch(app.url + b.audioUrl);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toMatch(/no longer available/);
  });
});
