import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { printSchema } from "graphql";
import { buildGraphqlSchema } from "../../server/graphql-schema.ts";

export async function renderSchema(): Promise<string> {
  return `${printSchema(await buildGraphqlSchema())}\n`;
}

export function registerSchemaCommand(program: Command): void {
  program
    .command("schema")
    .description("print the GraphQL schema (SDL) that type-graphql builds, or write it to a file")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (opts: { out?: string }) => {
      const sdl = await renderSchema();
      if (opts.out) await writeFile(opts.out, sdl);
      else process.stdout.write(sdl);
    });
}
