import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("typed GraphQL documents", () => {
  it("test/graphql/generated.ts is what codegen.yml produces (run `npm run codegen`)", async () => {
    const { config } = await loadCodegenConfig({ configFilePath: `${ROOT}codegen.yml` });
    const outputs = await generate({ ...config, cwd: ROOT, silent: true }, false);
    const generated = outputs.find((o: { filename: string }) => o.filename.endsWith("generated.ts"));
    expect(generated).toBeDefined();
    expect(readFileSync(`${ROOT}test/graphql/generated.ts`, "utf8")).toBe(generated!.content);
  }, 120_000);
});
