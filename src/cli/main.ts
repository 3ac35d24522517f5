import { Command } from "commander";
import { COMMANDS, findCommand } from "./command-registry.ts";

/**
 * The CLI loads only the module of the command it runs: importing every command up front loaded
 * the server, ONNX Runtime, PGlite and the trainer for `--help` (13–24 s under tsx, issue #17).
 * Top-level help and unknown-command suggestions come from the registry's summaries instead.
 */
const program = new Command()
  .name("tunelens")
  .description("cross-modal music retrieval: tracks that sound like a track, or match a sentence")
  .showHelpAfterError();

const args = process.argv.slice(2);
// `tunelens help CMD` is `tunelens CMD --help` (commander's help command would show the summary stub).
if (args[0] === "help" && args[1] && findCommand(args[1])) args.splice(0, 2, args[1], "--help");
const chosen = args[0] === undefined ? undefined : findCommand(args[0]);

if (chosen) {
  // type-graphql's decorators need the Reflect metadata shim before any decorated class loads.
  await import("reflect-metadata");
  (await chosen.load())(program);
} else {
  for (const c of COMMANDS) program.command(c.name).description(c.summary);
}

program.parseAsync([...process.argv.slice(0, 2), ...args]).catch((err: unknown) => {
  process.stderr.write(`tunelens: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
