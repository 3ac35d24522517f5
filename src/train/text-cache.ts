import { spawn } from "node:child_process";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TextFrontend } from "../embedding/model-manifest.ts";
import { createTextFrontend, frontendParts, USE_DIMENSIONS } from "../embedding/text-frontend.ts";
import { siblingModuleArgs } from "../sibling-module.ts";

export interface TextFeatureMatrix {
  dimensions: number;
  /** row i = features of texts[i] */
  rows: Float32Array[];
}

/**
 * Text features of every caption, laid out exactly as the serving text front end builds them
 * (USE 512 ⊕ GloVe ⊕ bag-of-words, whichever the kind names). USE-lite is slow (tens of ms a
 * caption on a busy machine) and independent of the vocabulary, so its vectors live in an
 * incremental per-text store under `cacheDir` and only new captions are embedded — in a child
 * process, because USE-lite bundles its own TF.js copy that must not share a process with the
 * training tfjs. GloVe and bag-of-words are cheap pure JS and computed here with the serving
 * code. `modelDir` must hold the files the front end names (vocabulary, GloVe table).
 */
export async function loadTextFeatures(
  texts: string[],
  frontend: TextFrontend,
  modelDir: string,
  cacheDir: string,
  log: (line: string) => void = () => {},
): Promise<TextFeatureMatrix> {
  const parts = frontendParts(frontend.kind);
  const sentences = parts.use ? await useVectors(texts, cacheDir, log) : [];
  const rest = frontend.kind.replace(/^use\+?/, "") as TextFrontend["kind"] | "";
  const local = rest ? await (await createTextFrontend({ ...frontend, kind: rest }, modelDir)).features(texts) : [];
  const dimensions = (parts.use ? USE_DIMENSIONS : 0) + (local[0]?.length ?? 0);
  const rows = texts.map((_, i) => {
    if (!rest) return sentences[i];
    if (!parts.use) return local[i];
    const both = new Float32Array(dimensions);
    both.set(sentences[i]);
    both.set(local[i], USE_DIMENSIONS);
    return both;
  });
  return { dimensions, rows };
}

export interface UseStore {
  texts: string[];
  vectors: Float32Array;
}

const EMPTY_STORE: UseStore = { texts: [], vectors: new Float32Array(0) };

/**
 * One file: uint32 length of a JSON array of texts, the JSON, zero padding to 4 bytes, then the
 * float32 vectors. Replaced by rename, so concurrent runs can only lose each other's additions
 * (recomputed next time), never pair texts with the wrong vectors.
 */
async function readStore(file: string): Promise<UseStore> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return EMPTY_STORE;
  }
  const jsonLength = bytes.readUInt32LE(0);
  const texts = JSON.parse(bytes.subarray(4, 4 + jsonLength).toString("utf8")) as string[];
  const offset = 4 + Math.ceil(jsonLength / 4) * 4;
  const vectors = new Float32Array(texts.length * USE_DIMENSIONS);
  if (bytes.byteLength - offset !== vectors.byteLength) throw new Error(`USE-lite store ${file} is inconsistent; delete it`);
  new Uint8Array(vectors.buffer).set(bytes.subarray(offset));
  return { texts, vectors };
}

async function writeStore(file: string, store: UseStore): Promise<void> {
  const json = Buffer.from(JSON.stringify(store.texts), "utf8");
  const offset = 4 + Math.ceil(json.length / 4) * 4;
  const bytes = Buffer.alloc(offset + store.vectors.byteLength);
  bytes.writeUInt32LE(json.length, 0);
  json.copy(bytes, 4);
  Buffer.from(store.vectors.buffer, store.vectors.byteOffset, store.vectors.byteLength).copy(bytes, offset);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

/** Adds vectors (row i belongs to texts[i]) to the store, keeping entries already there. */
export async function addUseVectors(cacheDir: string, texts: string[], fresh: Float32Array): Promise<UseStore> {
  const file = path.join(cacheDir, "use-lite.store");
  // re-read: another run may have added captions while our worker ran
  const latest = await readStore(file);
  const known = new Set(latest.texts);
  const keep = texts.flatMap((t, i) => (known.has(t) ? [] : [i]));
  const vectors = new Float32Array(latest.vectors.length + keep.length * USE_DIMENSIONS);
  vectors.set(latest.vectors);
  keep.forEach((i, j) => vectors.set(fresh.subarray(i * USE_DIMENSIONS, (i + 1) * USE_DIMENSIONS), latest.vectors.length + j * USE_DIMENSIONS));
  const store = { texts: [...latest.texts, ...keep.map((i) => texts[i])], vectors };
  await writeStore(file, store);
  return store;
}

/** USE-lite vectors for `texts`, embedding only those the store under cacheDir lacks. */
export async function useVectors(texts: string[], cacheDir: string, log: (line: string) => void = () => {}): Promise<Float32Array[]> {
  await mkdir(cacheDir, { recursive: true });
  const file = path.join(cacheDir, "use-lite.store");
  let store = await readStore(file);
  const known = new Set(store.texts);
  const missing = [...new Set(texts.filter((t) => !known.has(t)))];
  if (missing.length) {
    log(`USE-lite: embedding ${missing.length} new captions (${store.texts.length} cached)`);
    store = await addUseVectors(cacheDir, missing, await runWorker(missing, cacheDir));
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
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...siblingModuleArgs(import.meta.url, "text-features-worker"), request, out], { stdio: ["ignore", "inherit", "inherit"] });
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
