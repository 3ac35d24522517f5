import "reflect-metadata";
import { Command } from "commander";
import { registerBenchCommand } from "./commands/bench.ts";
import { registerEvalCommand } from "./commands/eval.ts";
import { registerImputeCommand } from "./commands/impute.ts";
import { registerIndexCommand } from "./commands/catalog-index.ts";
import { registerIngestCommand } from "./commands/ingest.ts";
import { registerKeysCommand } from "./commands/keys.ts";
import { registerModelsCommand } from "./commands/models.ts";
import { registerLabelsCommand } from "./commands/labels.ts";
import { registerSchemaCommand } from "./commands/schema.ts";
import { registerServeCommand } from "./commands/serve.ts";
import { registerTrainCommand } from "./commands/train.ts";
import { registerTracksCommand } from "./commands/tracks.ts";
import { registerWorkerCommand } from "./commands/worker.ts";

const program = new Command()
  .name("tunelens")
  .description("cross-modal music retrieval: tracks that sound like a track, or match a sentence")
  .showHelpAfterError();

registerServeCommand(program);
registerIngestCommand(program);
registerEvalCommand(program);
registerTrainCommand(program);
registerKeysCommand(program);
registerModelsCommand(program);
registerSchemaCommand(program);
registerWorkerCommand(program);
registerImputeCommand(program);
registerBenchCommand(program);
registerLabelsCommand(program);
registerIndexCommand(program);
registerTracksCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`tunelens: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
