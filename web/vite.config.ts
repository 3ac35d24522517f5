import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Two pages: the search page (index.html, plain TypeScript and DOM) and the GraphQL explorer
 * (explorer.html, GraphiQL with React). Everything is bundled into web/dist, so both work with no
 * internet; the server (src/server/web-static.ts) serves dist at / and /explorer.
 */
export default defineConfig({
  root: here("."),
  base: "/",
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is all the explorer needs.
  esbuild: { jsx: "automatic" },
  // Fonts, icons and scripts all come from the bundle; nothing is fetched from a CDN.
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    target: "es2022",
    // GraphiQL (with CodeMirror and React) is one large chunk, loaded only by /explorer.
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: { index: here("index.html"), explorer: here("explorer.html") },
      onwarn(warning, warn) {
        // GraphiQL's Radix dependencies carry "use client" (a React Server Components hint that
        // means nothing in a client bundle); everything else is reported.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite web` for page development against a running `npm start`.
    proxy: { "/graphql": "http://127.0.0.1:4000", "/audio": "http://127.0.0.1:4000" },
  },
  logLevel: "warn",
});
