import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TextFrontend } from "../embedding/model-manifest.ts";

const require = createRequire(import.meta.url);

export interface TextFeatureMatrix {
  dimensions: number;
  /** row i = features of texts[i] */
  rows: Float32Array[];
}

/**
 * Text features of every caption, computed once (in a child process, see
 * text-features-worker.ts) and cached under `cacheDir` by a hash of frontend kind, vocabulary
 * and texts. `modelDir` must already hold the vocabulary file the frontend names.
 */
export async function loadTextFeatures(
  texts: string[],
  frontend: TextFrontend,
  modelDir: string,
  cacheDir: string,
): Promise<TextFeatureMatrix> {
  const vocabulary = frontend.vocabulary ? await readFile(path.join(modelDir, frontend.vocabulary), "utf8") : "";
  const key = createHash("sha256").update(JSON.stringify([frontend.kind, vocabulary, texts])).digest("hex").slice(0, 16);
  const out = path.join(cacheDir, `text-${frontend.kind}-${key}.bin`);
  const cached = await readMatrix(out);
  if (cached) return cached;

  await mkdir(cacheDir, { recursive: true });
  const request = `${out}.request.json`;
  await writeFile(request, JSON.stringify({ frontend, modelDir: path.resolve(modelDir), texts }));
  const worker = fileURLToPath(new URL("./text-features-worker.ts", import.meta.url));
  const tsx = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "loader.mjs");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsx, worker, request, `${out}.tmp`], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`text feature worker exited with ${code}`))));
  });
  await rename(`${out}.tmp.json`, `${out}.json`);
  await rename(`${out}.tmp`, out);
  const result = await readMatrix(out);
  if (!result) throw new Error(`text feature worker wrote no readable output at ${out}`);
  return result;
}

async function readMatrix(file: string): Promise<TextFeatureMatrix | null> {
  try {
    const meta = JSON.parse(await readFile(`${file}.json`, "utf8")) as { dimensions: number; rows: number };
    const bytes = await readFile(file);
    const all = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(all.buffer).set(bytes);
    const rows: Float32Array[] = [];
    for (let i = 0; i < meta.rows; i++) rows.push(all.subarray(i * meta.dimensions, (i + 1) * meta.dimensions));
    return { dimensions: meta.dimensions, rows };
  } catch {
    return null;
  }
}
