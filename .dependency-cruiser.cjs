/**
 * Import boundaries of src/ (run by `npm run lint`). Data flows one way:
 *
 *   ingest → embedding → db ← services ← resolvers ← server ← cli
 *
 * Read as "may import": cli imports anything; server imports resolvers, services, jobs, db;
 * resolvers import services and schema; services import db, embedding, labels; ingest imports
 * embedding and db; db and embedding import neither each other nor anything above them.
 * util/ and config.ts are the base every folder may import. runtime/ is the composition root
 * (opens the database and the model, starts the worker) shared by server and cli; it and jobs/
 * never import server/.
 * Tooling folders (train, eval, bench, corpus) sit beside the service and are never imported by it.
 *
 * An exception names one file and says why, so it can be removed when the code moves.
 */
const layer = (name) => `^src/${name}/`;
const notType = { dependencyTypesNot: ["type-only"] };

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: split the shared part into its own file.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "embedding-is-a-leaf",
      severity: "error",
      comment: "embedding turns audio and text into vectors; it knows nothing of storage, services or GraphQL.",
      from: { path: layer("embedding") },
      to: { path: "^src/", pathNot: ["^src/(embedding|util)/", "^src/config\\.ts$"] },
    },
    {
      name: "db-below-everything",
      severity: "error",
      comment: "db (connection, migrations, repositories) is imported by the layers above, never the reverse.",
      from: { path: layer("db") },
      to: { path: "^src/", pathNot: ["^src/(db|util)/", "^src/config\\.ts$"] },
    },
    {
      name: "ingest-below-services",
      severity: "error",
      comment: "ingest feeds embedding and db; services, resolvers, server and cli use it, not the reverse.",
      from: { path: layer("(ingest|llm|labels)") },
      to: { path: "^src/(services|resolvers|schema|server|cli|runtime|jobs|eval|train|bench)/" },
    },
    {
      name: "services-below-resolvers",
      severity: "error",
      comment: "services hold the logic; they never see GraphQL, HTTP or the CLI.",
      from: { path: layer("services") },
      to: { path: "^src/(resolvers|schema|server|cli|runtime|jobs|eval|train|bench|corpus)/" },
    },
    {
      name: "resolvers-below-server",
      severity: "error",
      comment: "resolvers are thin: validate, call services, shape results; what they need of the server is declared in resolvers/context.ts.",
      from: { path: layer("resolvers") },
      to: { path: "^src/(server|cli|runtime|jobs|ingest|eval|train|bench)/" },
    },
    {
      name: "resolvers-read-db-record-types-only",
      severity: "error",
      comment: "resolvers shape the records services return (types from db are fine) but never query: repositories are built by the server and reached through services.",
      from: { path: layer("resolvers") },
      to: { path: "^src/db/", ...notType },
    },
    {
      name: "server-below-cli",
      severity: "error",
      comment: "the server is started by the CLI (and tests); it must not import cli/. Shared setup lives in runtime/.",
      from: { path: "^src/(server|runtime|resolvers|services|jobs|db|embedding|ingest|llm|labels|schema|eval|train|bench|corpus|util)/" },
      to: { path: layer("cli") },
    },
    {
      name: "util-is-the-base",
      severity: "error",
      comment: "util/ holds helpers every folder may import (seeded random, secret redaction, tempo precedence); it imports nothing of src/ but config.ts.",
      from: { path: layer("util") },
      to: { path: "^src/", pathNot: ["^src/util/", "^src/config\\.ts$"] },
    },
    {
      name: "runtime-and-jobs-below-server",
      severity: "error",
      comment: "runtime/ and jobs/ run under the server and the CLI alike (the worker, tunelens commands); what they share with the server lives in util/ or services/.",
      from: { path: "^src/(runtime|jobs)/" },
      to: { path: layer("server") },
    },
    {
      name: "tooling-not-in-the-service",
      severity: "error",
      comment: "training, evaluation, benchmarks and the synthetic corpus are tools; the service never imports them.",
      from: { path: "^src/(server|runtime|resolvers|services|jobs|db|embedding|ingest|llm|labels|schema)/" },
      to: { path: "^src/(train|eval|bench|corpus)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.d\\.ts$" },
  },
};
