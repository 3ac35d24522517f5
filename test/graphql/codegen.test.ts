import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("typed GraphQL documents", () => {
  // One codegen run for both targets (it loads the schema and documents once).
  const outputs = (async () => {
    const { config } = await loadCodegenConfig({ configFilePath: `${ROOT}codegen.yml` });
    return (await generate({ ...config, cwd: ROOT, silent: true }, false)) as Array<{ filename: string; content: string }>;
  })();

  it.each([
    ["test/graphql/generated.ts", "the tests' operations"],
    ["web/src/generated/graphql.ts", "the web page's operations"],
  ])("%s (%s) is what codegen.yml produces (run `npm run codegen`)", async (file) => {
    const generated = (await outputs).find((o) => o.filename.replace(/\\/g, "/").endsWith(file));
    expect(generated, `codegen.yml has no target ${file}`).toBeDefined();
    expect(readFileSync(`${ROOT}${file}`, "utf8")).toBe(generated!.content);
  }, 120_000);
});
