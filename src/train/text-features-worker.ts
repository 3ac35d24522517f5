/**
 * Child-process entry: computes text-frontend features for a list of captions and writes them
 * as one float32 matrix. It runs apart from the trainer because USE-lite bundles its own TF.js
 * copy, which must not share a process (and backend registry) with the training tfjs.
 *
 * usage: tsx text-features-worker.ts <request.json> <out.bin>
 *   request.json: { frontend: TextFrontend, modelDir: string, texts: string[] }
 */
import { readFile, writeFile } from "node:fs/promises";
import { createTextFrontend } from "../embedding/text-frontend.ts";
import { textFrontendSchema } from "../embedding/model-manifest.ts";

const [requestFile, outFile] = process.argv.slice(2);
const request = JSON.parse(await readFile(requestFile, "utf8")) as { frontend: unknown; modelDir: string; texts: string[] };
const frontend = await createTextFrontend(textFrontendSchema.parse(request.frontend), request.modelDir);
const out = new Float32Array(request.texts.length * frontend.dimensions);
const chunk = 256;
for (let i = 0; i < request.texts.length; i += chunk) {
  const rows = await frontend.features(request.texts.slice(i, i + chunk));
  rows.forEach((row, j) => out.set(row, (i + j) * frontend.dimensions));
  process.stderr.write(`text features ${Math.min(i + chunk, request.texts.length)}/${request.texts.length}\n`);
}
await writeFile(outFile, new Uint8Array(out.buffer));
await writeFile(`${outFile}.json`, JSON.stringify({ dimensions: frontend.dimensions, rows: request.texts.length }));
process.exit(0);
