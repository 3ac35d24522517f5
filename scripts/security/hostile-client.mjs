// A hostile client: token-flood and alias-flood documents at a fixed rate for a fixed time.
const [url, rate, seconds] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const token = JSON.stringify({ query: `{ tracks(first: 1) { edges { node { ${"title ".repeat(5000)} } } } }` });
const alias = JSON.stringify({ query: `{ ${Array.from({ length: 200 }, (_, i) => `s${i}: searchTracks(text: "x", first: 1) { queryId }`).join(" ")} }` });
const alias25 = JSON.stringify({ query: `{ ${Array.from({ length: 25 }, (_, i) => `s${i}: searchTracks(text: "x", first: 1) { queryId }`).join(" ")} }` });
const bodies = [token, alias, alias25];
const codes = {};
let sent = 0;
const end = Date.now() + seconds * 1000;
const inflight = new Set();
while (Date.now() < end) {
  const body = bodies[sent % bodies.length];
  sent++;
  const p = fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body })
    .then(async (r) => { const j = await r.json(); const c = j.errors?.[0]?.extensions?.code ?? (j.data ? "DATA" : String(r.status)); codes[c] = (codes[c] ?? 0) + 1; })
    .catch(() => { codes.network = (codes.network ?? 0) + 1; });
  inflight.add(p); p.finally(() => inflight.delete(p));
  await new Promise((r) => setTimeout(r, 1000 / rate));
}
await Promise.all(inflight);
console.log(JSON.stringify({ sent, codes, bytes: bodies.map((b) => b.length) }));
