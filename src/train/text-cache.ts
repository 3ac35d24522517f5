import { spawn } from "node:child_process";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TextFrontend } from "../embedding/model-manifest.ts";
import { createTextFrontend, USE_DIMENSIONS } from "../embedding/text-frontend.ts";

const require = createRequire(import.meta.url);

export interface TextFeatureMatrix {
  dimensions: number;
  /** row i = features of texts[i] */
  rows: Float32Array[];
}

/**
 * Text features of every caption, laid out exactly as the serving text front end builds them
 * (USE 512 ⊕ bag-of-words). USE-lite is slow (tens of ms a caption on a busy machine) and
 * independent of the vocabulary, so its vectors live in an incremental per-text store under
 * `cacheDir` and only new captions are embedded — in a child process, because USE-lite bundles
 * its own TF.js copy that must not share a process with the training tfjs. Bag-of-words is cheap
 * and computed here with the same code as serving. `modelDir` must hold the vocabulary file.
 */
export async function loadTextFeatures(
  texts: string[],
  frontend: TextFrontend,
  modelDir: string,
  cacheDir: string,
  log: (line: string) => void = () => {},
): Promise<TextFeatureMatrix> {
  const useUse = frontend.kind !== "bow";
  const useBow = frontend.kind !== "use";
  const sentences = useUse ? await useVectors(texts, cacheDir, log) : [];
  const bow = useBow ? await (await createTextFrontend({ kind: "bow", vocabulary: frontend.vocabulary }, modelDir)).features(texts) : [];
  const dimensions = (useUse ? USE_DIMENSIONS : 0) + (bow[0]?.length ?? 0);
  const rows = texts.map((_, i) => {
    if (!useBow) return sentences[i];
    if (!useUse) return bow[i];
    const both = new Float32Array(dimensions);
    both.set(sentences[i]);
    both.set(bow[i], USE_DIMENSIONS);
    return both;
  });
  return { dimensions, rows };
}

interface UseStore {
  texts: string[];
  vectors: Float32Array;
}

async function readStore(base: string): Promise<UseStore> {
  try {
    const texts = JSON.parse(await readFile(`${base}.json`, "utf8")) as string[];
    const bytes = await readFile(`${base}.bin`);
    const vectors = new Float32Array(texts.length * USE_DIMENSIONS);
    // the index names how many rows are valid; an interrupted write leaves extra bytes we ignore
    new Uint8Array(vectors.buffer).set(bytes.subarray(0, vectors.byteLength));
    if (bytes.byteLength < vectors.byteLength) throw new Error("short store");
    return { texts, vectors };
  } catch {
    return { texts: [], vectors: new Float32Array(0) };
  }
}

/** USE-lite vectors for `texts`, embedding only those the store under cacheDir lacks. */
export async function useVectors(texts: string[], cacheDir: string, log: (line: string) => void = () => {}): Promise<Float32Array[]> {
  await mkdir(cacheDir, { recursive: true });
  const base = path.join(cacheDir, "use-lite");
  let store = await readStore(base);
  const known = new Set(store.texts);
  const missing = [...new Set(texts.filter((t) => !known.has(t)))];
  if (missing.length) {
    log(`USE-lite: embedding ${missing.length} new captions (${store.texts.length} cached)`);
    const fresh = await runWorker(missing, cacheDir);
    const vectors = new Float32Array(store.vectors.length + fresh.length);
    vectors.set(store.vectors);
    vectors.set(fresh, store.vectors.length);
    store = { texts: [...store.texts, ...missing], vectors };
    await writeFile(`${base}.bin.tmp`, new Uint8Array(vectors.buffer));
    await rename(`${base}.bin.tmp`, `${base}.bin`);
    await writeFile(`${base}.json.tmp`, JSON.stringify(store.texts));
    await rename(`${base}.json.tmp`, `${base}.json`);
  }
  const row = new Map(store.texts.map((t, i) => [t, i]));
  return texts.map((t) => {
    const i = row.get(t)!;
    return store.vectors.subarray(i * USE_DIMENSIONS, (i + 1) * USE_DIMENSIONS);
  });
}

async function runWorker(texts: string[], cacheDir: string): Promise<Float32Array> {
  const request = path.join(cacheDir, `use-request-${process.pid}.json`);
  const out = path.join(cacheDir, `use-result-${process.pid}.bin`);
  await writeFile(request, JSON.stringify({ frontend: { kind: "use" }, modelDir: path.resolve(cacheDir), texts }));
  const worker = fileURLToPath(new URL("./text-features-worker.ts", import.meta.url));
  const tsx = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "loader.mjs");
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", tsx, worker, request, out], { stdio: ["ignore", "inherit", "inherit"] });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`USE-lite worker exited with ${code}`))));
    });
    const bytes = await readFile(out);
    const vectors = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(vectors.buffer).set(bytes);
    if (vectors.length !== texts.length * USE_DIMENSIONS) throw new Error(`USE-lite worker wrote ${vectors.length} values for ${texts.length} texts`);
    return vectors;
  } finally {
    await rm(request, { force: true });
    await rm(out, { force: true });
    await rm(`${out}.json`, { force: true });
  }
}
