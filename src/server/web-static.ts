import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Router } from "express";
import { PACKAGE_ROOT } from "../config.ts";

/** Where `vite build` (web/vite.config.ts) writes the page. */
export const WEB_DIST = path.join(PACKAGE_ROOT, "web", "dist");

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tunelens: page not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The web page is not built</h1>
<p>The API is running at <a href="/graphql">/graphql</a>, but <code>web/dist</code> is missing.
Build the page with <code>npm run build:web</code> (or start the server with <code>npm start</code>,
which builds it when needed), then reload.</p>
</body></html>`;

/**
 * The search page at `/` and the GraphQL explorer at `/explorer` (when enabled), from web/dist.
 * HTML is revalidated on every load (it names the current asset files); assets/ carry a
 * content hash in their names, so browsers may keep them for a year.
 * The folder is looked up per request, so a build made while the server runs is picked up.
 */
export function webRouter(dist: string = WEB_DIST, opts: { explorer?: boolean } = {}): Router {
  const router = express.Router();
  const page = (file: string): express.RequestHandler => (_req, res) => {
    const full = path.join(dist, file);
    if (!existsSync(full)) return void res.status(503).type("html").set("cache-control", "no-store").send(MISSING_BUILD);
    res.sendFile(full, { headers: { "cache-control": "no-cache" }, cacheControl: false });
  };
  router.get(["/", "/index.html"], page("index.html"));
  // The explorer lets anyone browse the schema: off in production unless TUNELENS_EXPLORER=true.
  if (opts.explorer ?? true) router.get(["/explorer", "/explorer.html"], page("explorer.html"));
  router.use(
    "/assets",
    express.static(path.join(dist, "assets"), { immutable: true, maxAge: "365d", index: false, fallthrough: false }),
  );
  return router;
}
