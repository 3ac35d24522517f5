import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql (CommonJS) loads graphql's CJS build; without this alias Vite would hand our
    // ESM code graphql's .mjs build, and two graphql instances reject each other's schemas.
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite, ONNX sessions and audio decoding are heavy; two cores want few workers.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ["test/setup.ts"],
  },
});
