import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // type-graphql (CommonJS) loads graphql's CJS build; without this alias Vite would hand our
    // ESM code graphql's .mjs build, and two graphql instances reject each other's schemas.
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite, ONNX sessions and audio decoding are heavy; two cores want few workers. In CI one
    // test file runs at a time: suites that spawn CPU-heavy child processes (the kill -9 ingest
    // test) starved a second worker's event loop past vitest's 60 s RPC timeout
    // ("Timeout calling onTaskUpdate"), which fails the run although every test passed.
    pool: "forks",
    poolOptions: { forks: { maxForks: process.env.CI ? 1 : 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ["test/setup.ts"],
  },
});
