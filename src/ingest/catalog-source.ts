import { createReadStream } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { trackLineSchema, type TrackLine } from "./dataset-lines.ts";
import { isWithin } from "./safe-open.ts";

/** One audio file to ingest, with what the catalog says about it. */
export interface CatalogItem {
  file: string;
  /** the line's `id` in tracks.jsonl, or the path relative to the ingested folder */
  externalId: string;
  catalog: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  /** catalog metadata kept verbatim (everything but id, file and labels) */
  metadata: Record<string, unknown>;
  /** description texts taken from the catalog (web metadata source) */
  descriptions: string[];
  /**
   * the real path of the folder the request named (or of a single file's folder): the file's real
   * path must lie under it when it is read (absent in jobs queued before issue #16)
   */
  within?: string[];
}

export class CatalogError extends Error {}

/** Audio file endings the scanner picks up in a plain folder. */
export const AUDIO_FILE_RE = /\.(wav|wave|mp3|ogg|oga|flac|opus|m4a|aac)$/i;

/**
 * Lists what `target` holds: a data set folder (`tracks.jsonl` or `tracks.csv` + audio), a plain folder of audio
 * files (recursive), or one audio file.
 */
export async function discoverCatalog(target: string, opts: { catalog?: string; maxManifestBytes?: number } = {}): Promise<CatalogItem[]> {
  const abs = path.resolve(target);
  const info = await stat(abs).catch(() => null);
  if (!info) throw new CatalogError(`path not found: ${target}`);
  const real = await realpath(abs);
  if (info.isFile()) {
    return [{ ...plainItem(abs, path.basename(abs), opts.catalog ?? "default"), within: [path.dirname(real)] }];
  }
  if (!info.isDirectory()) throw new CatalogError(`not a file or folder: ${target}`);
  // Every file is read later (by another job) and must then still resolve inside this folder.
  const confine = (items: CatalogItem[]) => items.map((item) => ({ ...item, within: [real] }));
  const manifest = path.join(abs, "tracks.jsonl");
  if (await isManifest(manifest, real, opts.maxManifestBytes)) {
    return confine(await readTracksJsonl(abs, manifest, opts.catalog ?? path.basename(abs)));
  }
  const csv = path.join(abs, "tracks.csv");
  if (await isManifest(csv, real, opts.maxManifestBytes)) {
    return confine(await readTracksCsv(abs, csv, opts.catalog ?? path.basename(abs)));
  }
  const files = await walkAudioFiles(abs);
  return confine(files.map((f) => plainItem(f, path.relative(abs, f).split(path.sep).join("/"), opts.catalog ?? "default")));
}

/**
 * True when `file` is a manifest to read. One larger than the limit (TUNELENS_MAX_FILE_MB, like
 * audio files) is refused before reading: the CSV is parsed in memory and a JSONL line is buffered whole.
 */
async function isManifest(file: string, realFolder: string, maxBytes: number | undefined): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  // A manifest linked in from outside the folder is refused like an audio file would be.
  const real = await realpath(file).catch(() => null);
  if (!real || !isWithin(real, [realFolder])) throw new CatalogError(`${path.basename(file)} resolves outside the folder`);
  if (maxBytes !== undefined && info.size > maxBytes) {
    throw new CatalogError(`${path.basename(file)} is ${info.size} bytes, over the ${maxBytes}-byte limit`);
  }
  return true;
}

function plainItem(file: string, externalId: string, catalog: string): CatalogItem {
  return { file, externalId, catalog, title: null, artist: null, album: null, metadata: {}, descriptions: [] };
}

async function walkAudioFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith(".")) continue;
    const full = path.join(dir, e.name);
    // Symlinks are not followed: a link could lead out of the folder the user asked for.
    if (e.isDirectory()) out.push(...(await walkAudioFiles(full)));
    else if (e.isFile() && AUDIO_FILE_RE.test(e.name)) out.push(full);
  }
  return out;
}

async function readTracksJsonl(root: string, manifest: string, catalog: string): Promise<CatalogItem[]> {
  const items: CatalogItem[] = [];
  const lines = createInterface({ input: createReadStream(manifest, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new CatalogError(`${manifest}:${n}: not valid JSON`);
    }
    const parsed = trackLineSchema.safeParse(json);
    if (!parsed.success) throw new CatalogError(`${manifest}:${n}: needs "id" and "file" (${parsed.error.issues[0]?.message})`);
    items.push(catalogItem(root, `${manifest}:${n}`, parsed.data, catalog));
  }
  return items;
}

/** One catalog row (JSON line or CSV record) as an item; `labels` is dropped here, never stored. */
function catalogItem(root: string, where: string, row: TrackLine, catalog: string): CatalogItem {
  const { id, file, labels: _labels, ...rest } = row;
  const resolved = path.resolve(root, file);
  // A catalog line may only point inside its own folder.
  if (resolved !== root && !resolved.startsWith(root + path.sep)) {
    throw new CatalogError(`${where}: file "${file}" is outside ${root}`);
  }
  return {
    file: resolved,
    externalId: id,
    catalog,
    title: str(rest.title),
    artist: str(rest.artist),
    album: str(rest.album),
    metadata: rest,
    descriptions: catalogDescriptions(rest),
  };
}

/**
 * `tracks.csv` with a header row (`id,file,title,artist,description,tags,genre,mood,bpm,…`):
 * the same fields as tracks.jsonl; `tags`, `genre` and `mood` may list several values separated
 * by `;` or `|`; empty cells are absent; columns named `labels` or `labels.*` are never read.
 */
async function readTracksCsv(root: string, manifest: string, catalog: string): Promise<CatalogItem[]> {
  let records: Array<Record<string, string>>;
  const { parse: parseCsv } = await import("csv-parse/sync"); // only CSV catalogs need it
  try {
    records = parseCsv(await readFile(manifest, "utf8"), { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false });
  } catch (err) {
    throw new CatalogError(`${manifest}: not valid CSV (${(err as Error).message})`);
  }
  return records.map((rec, i) => {
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rec)) {
      if (!value || key === "labels" || key.startsWith("labels.")) continue;
      if (["tags", "genre", "mood"].includes(key) && /[;|]/.test(value)) row[key] = value.split(/\s*[;|]\s*/).filter(Boolean);
      else if (key === "bpm" && Number.isFinite(Number(value))) row[key] = Number(value);
      else row[key] = value;
    }
    const parsed = trackLineSchema.safeParse(row);
    // +2: the header is line 1 and records count from 0
    if (!parsed.success) throw new CatalogError(`${manifest}:${i + 2}: needs "id" and "file" columns (${parsed.error.issues[0]?.message})`);
    return catalogItem(root, `${manifest}:${i + 2}`, parsed.data, catalog);
  });
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim().slice(0, 500) : null;
}

/**
 * Descriptive text a catalog line carries. `labels` is never read (ground truth for evaluation);
 * fields like `source` or `license` are provenance, not descriptions of the music.
 */
export function catalogDescriptions(meta: Record<string, unknown>): string[] {
  const texts: string[] = [];
  const title = str(meta.title);
  const artist = str(meta.artist);
  if (title) texts.push(artist ? `${title} by ${artist}` : title);
  for (const key of ["description", "caption", "comment"]) {
    const v = str(meta[key]);
    if (v) texts.push(v);
  }
  const tags = meta.tags;
  if (Array.isArray(tags) && tags.length) texts.push(tags.filter((t) => typeof t === "string").join(", "));
  else if (typeof tags === "string" && tags.trim()) texts.push(tags.trim());
  for (const key of ["genre", "mood"]) {
    const v = meta[key];
    if (typeof v === "string" && v.trim()) texts.push(v.trim());
    else if (Array.isArray(v)) texts.push(v.filter((t) => typeof t === "string").join(", "));
  }
  return [...new Set(texts.map((t) => t.slice(0, 2000)))];
}
