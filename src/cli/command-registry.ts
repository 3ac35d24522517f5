import type { Command } from "commander";

type Register = (program: Command) => void;

/**
 * Every top-level command: its name, the one-line summary `tunelens --help` lists, and how to load
 * the module that registers it. Only the chosen command's module is imported (main.ts), so a
 * command's dependencies (the server, ONNX Runtime, PGlite, tfjs) cost nothing to the others.
 * The summary repeats the module's `.description(...)`; test/cli/lazy-cli.test.ts keeps them equal.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "serve",
    summary: "serve the GraphQL API (embedded database in ./data unless DATABASE_URL is set)",
    load: async () => (await import("./commands/serve.ts")).registerServeCommand,
  },
  {
    name: "ingest",
    summary: "ingest a folder of audio (recursive), a data set folder (tracks.jsonl + audio/) or one file",
    load: async () => (await import("./commands/ingest.ts")).registerIngestCommand,
  },
  {
    name: "eval",
    summary: "ingest data set folders into a scratch database with a model and score retrieval against a random baseline",
    load: async () => (await import("./commands/eval.ts")).registerEvalCommand,
  },
  {
    name: "train",
    summary: "train the contrastive dual encoder (tfjs, WASM backend) and export it as ONNX",
    load: async () => (await import("./commands/train.ts")).registerTrainCommand,
  },
  {
    name: "tracks",
    summary: "delete and correct stored tracks (works while `serve` runs)",
    load: async () => (await import("./commands/tracks.ts")).registerTracksCommand,
  },
  {
    name: "keys",
    summary: "manage API keys (scopes: search, ingest, experiments:admin, catalog:admin)",
    load: async () => (await import("./commands/keys.ts")).registerKeysCommand,
  },
  {
    name: "models",
    summary: "embedding models side by side: list, embed the catalogue, activate, bench",
    load: async () => (await import("./commands/models.ts")).registerModelsCommand,
  },
  {
    name: "schema",
    summary: "print the GraphQL schema (SDL) that type-graphql builds, or write it to a file",
    load: async () => (await import("./commands/schema.ts")).registerSchemaCommand,
  },
  {
    name: "worker",
    summary: "run ingest jobs from the database (DATABASE_URL); start as many as you like",
    load: async () => (await import("./commands/worker.ts")).registerWorkerCommand,
  },
  {
    name: "impute",
    summary: "fill missing genre/mood/bpm from nearest neighbours (imputation jobs), or --evaluate a labelled, ingested data set",
    load: async () => (await import("./commands/impute.ts")).registerImputeCommand,
  },
  {
    name: "bench",
    summary: "latency, throughput, recall and index variants on synthetic catalogs (real Postgres and PGlite)",
    load: async () => (await import("./commands/bench.ts")).registerBenchCommand,
  },
  {
    name: "labels",
    summary: "mood, genre and instrument label vocabularies: align (cluster), show, soft genres, zero-shot evaluation",
    load: async () => (await import("./commands/labels.ts")).registerLabelsCommand,
  },
  {
    name: "index",
    summary: "per-catalog HNSW indexes: searches filtered on one catalog walk a graph of that catalog only (docs/scale.md)",
    load: async () => (await import("./commands/catalog-index.ts")).registerIndexCommand,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
