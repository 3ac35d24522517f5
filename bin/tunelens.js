#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci` through `prepare`, or `npm run build`). When
// dist/ is missing or older than src/ (a checkout being edited), or TUNELENS_RUN_SOURCE=1, it runs
// the TypeScript sources through tsx instead, so what runs is never older than what was written.
import { distIsStale } from "../scripts/build.mjs";

if (process.env.TUNELENS_RUN_SOURCE === "1" || distIsStale()) {
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    process.stderr.write("tunelens: dist/ is missing or older than src/ and tsx is not installed; run `npm run build`\n");
    process.exit(1);
  }
  register();
  await import("../src/cli/main.ts");
} else {
  await import("../dist/cli/main.js");
}
