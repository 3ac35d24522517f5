/**
 * Fetches real music from Debian packages for training (never committed): `apt-get download`
 * each package into a scratch folder, `dpkg -x` it, find its audio and write
 * data/corpus/debian-music/tracks.jsonl with audio/ symlinks into the extracted trees.
 *
 *   npx tsx scripts/fetch-debian-music.ts [--out data/corpus/debian-music] [--scratch data/corpus/.debian-scratch] [--packages NAME...]
 *
 * `--packages` takes a subset (scripts/example-catalogue.sh uses the small singularity-music).
 *
 * Idempotent: downloaded .debs and extracted trees are reused; tracks.jsonl is rewritten.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { join, relative, resolve, basename } from "node:path";
import { promisify } from "node:util";
import { Command } from "commander";
import { parseFile } from "music-metadata";
import {
  DEBIAN_MUSIC_PACKAGES, findAudioFiles, readWarzoneAlbums, toTrack, type DebianTrack, type TrackInput,
} from "../src/corpus/debian-music.ts";

const run = promisify(execFile);
const opts = new Command()
  .option("--out <dir>", "corpus folder", "data/corpus/debian-music")
  .option("--scratch <dir>", "download and extraction folder", "data/corpus/.debian-scratch")
  .option("--packages <names...>", `only these packages (default: all of ${DEBIAN_MUSIC_PACKAGES.map((p) => p.name).join(", ")})`)
  .parse()
  .opts<{ out: string; scratch: string; packages?: string[] }>();
const unknown = (opts.packages ?? []).filter((n) => !DEBIAN_MUSIC_PACKAGES.some((p) => p.name === n));
if (unknown.length) throw new Error(`unknown package(s) ${unknown.join(", ")}: choose from ${DEBIAN_MUSIC_PACKAGES.map((p) => p.name).join(", ")}`);
const out = resolve(opts.out);
const scratch = resolve(opts.scratch);
const audioDir = join(out, "audio");
await mkdir(join(scratch, "debs"), { recursive: true });
await mkdir(audioDir, { recursive: true });

const tracks: DebianTrack[] = [];
const summary: { package: string; version?: string; tracks: number; licence: string; status: string }[] = [];

for (const pkg of DEBIAN_MUSIC_PACKAGES.filter((p) => !opts.packages || opts.packages.includes(p.name))) {
  const version = await candidateVersion(pkg.name);
  if (!version) {
    summary.push({ package: pkg.name, tracks: 0, licence: pkg.licence, status: "skipped: no candidate in apt" });
    console.warn(`skip ${pkg.name}: apt has no candidate version`);
    continue;
  }
  const deb = await download(pkg.name);
  const root = join(scratch, "root", pkg.name);
  const marker = join(root, ".extracted-from");
  if (!existsSync(marker)) {
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    await run("dpkg", ["-x", deb, root], { maxBuffer: 1 << 24 });
    await writeFile(marker, basename(deb) + "\n");
  }
  const warzone = pkg.name === "warzone2100-music" ? await readWarzoneAlbums(root) : new Map();
  const files = await findAudioFiles(root, pkg.name);
  let count = 0;
  for (const path of files) {
    const tags = await embeddedTags(path);
    const track = toTrack({ pkg, version, root, path, tags, warzone: warzone.get(basename(path)) });
    await linkAudio(join(out, track.file), path);
    tracks.push(track);
    count++;
  }
  summary.push({ package: pkg.name, version, tracks: count, licence: pkg.licence, status: "ok" });
  console.log(`${pkg.name} ${version}: ${count} audio files`);
}

const ids = new Set<string>();
for (const t of tracks) {
  if (ids.has(t.id)) throw new Error(`duplicate track id ${t.id}`);
  ids.add(t.id);
}
// Links left over from a previous run whose track no longer exists are removed.
const wanted = new Set(tracks.map((t) => basename(t.file)));
for (const name of await readdir(audioDir)) if (!wanted.has(name)) await rm(join(audioDir, name));
await writeAtomic(join(out, "tracks.jsonl"), tracks.map((t) => JSON.stringify(t)).join("\n") + "\n");
await writeAtomic(join(out, "corpus.json"), JSON.stringify({
  generator: "scripts/fetch-debian-music.ts", tracks: tracks.length, packages: summary, fetchedAt: new Date().toISOString(),
}, null, 2) + "\n");
console.log(`wrote ${tracks.length} tracks to ${relative(process.cwd(), out)}/tracks.jsonl`);

async function candidateVersion(name: string): Promise<string | null> {
  const { stdout } = await run("apt-cache", ["policy", name]);
  const m = /Candidate:\s*(\S+)/.exec(stdout);
  return m && m[1] !== "(none)" ? m[1]! : null;
}

async function download(name: string): Promise<string> {
  const dir = join(scratch, "debs");
  const existing = (await readdir(dir)).find((f) => f.startsWith(`${name}_`) && f.endsWith(".deb"));
  if (existing) return join(dir, existing);
  await run("apt-get", ["download", "-q", name], { cwd: dir, maxBuffer: 1 << 24 });
  const fetched = (await readdir(dir)).find((f) => f.startsWith(`${name}_`) && f.endsWith(".deb"));
  if (!fetched) throw new Error(`apt-get download ${name} produced no .deb`);
  return join(dir, fetched);
}

async function embeddedTags(path: string): Promise<TrackInput["tags"]> {
  try {
    const { common, format } = await parseFile(path, { duration: true, skipCovers: true });
    return { title: common.title, artist: common.artist, album: common.album, genre: common.genre, duration: format.duration };
  } catch {
    return {};
  }
}

/** A relative symlink, so the corpus folder can move together with its scratch folder. */
async function linkAudio(link: string, target: string): Promise<void> {
  const wantedTarget = relative(resolve(link, ".."), target);
  // readlink, not existsSync: a dangling link from a moved scratch folder must be replaced too.
  const current = await readlink(link).catch(() => null);
  if (current === wantedTarget) return;
  await rm(link, { force: true });
  await symlink(wantedTarget, link);
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}
