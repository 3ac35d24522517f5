/**
 * Real music shipped in Debian packages: which packages, their licences, and how to turn an
 * extracted package tree into catalog records (title from the file name or embedded tags,
 * warzone2100's album.json, sonic-pi's sample category from the file-name prefix).
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join, relative } from "node:path";

export interface DebianMusicPackage {
  name: string;
  /** SPDX-ish licence of the audio, from the package's debian/copyright. */
  licence: string;
  kind: "game soundtrack" | "sample library";
}

export const DEBIAN_MUSIC_PACKAGES: readonly DebianMusicPackage[] = [
  { name: "wesnoth-1.16-music", licence: "GPL-2+", kind: "game soundtrack" },
  { name: "warzone2100-music", licence: "GPL-2+", kind: "game soundtrack" },
  { name: "singularity-music", licence: "CC-BY-SA-3.0", kind: "game soundtrack" },
  { name: "sonic-pi-samples", licence: "CC0-1.0", kind: "sample library" },
];

export const AUDIO_EXTENSIONS = new Set([".ogg", ".oga", ".flac", ".wav", ".mp3", ".opus"]);

/** sonic-pi sample names start with a category prefix ("bd_haus", "loop_amen"). */
export const SONIC_PI_CATEGORIES: Record<string, string> = {
  ambi: "ambient sound", bass: "bass sound", bd: "bass drum", drum: "drum hit", elec: "electronic sound",
  glitch: "glitch sound", guit: "guitar sound", loop: "drum loop", mehackit: "electronic sound",
  misc: "miscellaneous sound", perc: "percussion", sn: "snare drum", tabla: "tabla", vinyl: "vinyl scratch",
  arovane: "electronic beat", tbd: "drum loop", hat: "hi-hat",
};

export interface DebianTrack {
  id: string;
  file: string;
  title: string;
  package: string;
  packageVersion: string;
  licence: string;
  source: string;
  description: string;
  tags: string[];
  bpm?: number;
  durationSeconds?: number;
  artist?: string;
  album?: string;
  /** Ground truth for evaluation only (sample category); never ingested as text. */
  labels?: { category: string };
}

/**
 * Audio files under `root`. sonic-pi also ships scratch buffers (random-number streams) next to
 * its samples, so for that package only its samples/ folder counts.
 */
export async function findAudioFiles(root: string, packageName = ""): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && AUDIO_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
    }
  };
  await walk(root);
  const keep = packageName === "sonic-pi-samples" ? out.filter((p) => p.split("/").includes("samples")) : out;
  return keep.sort();
}

/** "battle-epic_02.ogg" → "Battle Epic 02". */
export function titleFromFileName(file: string): string {
  return basename(file, extname(file))
    .replace(/[_\-.]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .trim()
    .replace(/\b\w/g, (c) => c.toUpperCase());
}

export function slug(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export function sonicPiCategory(file: string): string | null {
  const prefix = basename(file).split("_")[0]!.toLowerCase();
  return SONIC_PI_CATEGORIES[prefix] ?? null;
}

/** Per-file info from warzone2100's album.json files (title, author, bpm), keyed by file name. */
export async function readWarzoneAlbums(root: string): Promise<Map<string, { title?: string; author?: string; bpm?: number; album?: string }>> {
  const byFile = new Map<string, { title?: string; author?: string; bpm?: number; album?: string }>();
  const albums: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name === "album.json") albums.push(path);
    }
  };
  await walk(root);
  for (const path of albums) {
    const album = JSON.parse(await readFile(path, "utf8")) as {
      title?: string; author?: string; tracks?: { filename?: string; title?: string; author?: string; bpm?: number | string }[];
    };
    for (const t of album.tracks ?? []) {
      if (!t.filename) continue;
      const bpm = Number(t.bpm);
      byFile.set(basename(t.filename), {
        title: t.title, author: t.author ?? album.author, album: album.title,
        bpm: Number.isFinite(bpm) && bpm > 0 ? bpm : undefined,
      });
    }
  }
  return byFile;
}

export interface TrackInput {
  pkg: DebianMusicPackage;
  version: string;
  root: string;
  path: string;
  tags: { title?: string; artist?: string; album?: string; genre?: string[]; duration?: number };
  warzone?: { title?: string; author?: string; bpm?: number; album?: string };
}

/** One catalog record for an extracted audio file; `file` points into the corpus's audio/ folder. */
export function toTrack(input: TrackInput): DebianTrack {
  const { pkg, version, root, path, tags, warzone } = input;
  const inPackage = "/" + relative(root, path);
  const title = warzone?.title ?? tags.title ?? titleFromFileName(path);
  const category = pkg.name === "sonic-pi-samples" ? sonicPiCategory(path) : null;
  const id = `${slug(pkg.name.replace(/-music$|-samples$/, ""))}-${slug(basename(path, extname(path)))}`;
  const artist = warzone?.author ?? tags.artist;
  const album = warzone?.album ?? tags.album;
  const trackTags = [pkg.kind, ...(tags.genre ?? []), ...(category ? [category] : [])];
  const description = category
    ? `${titleFromFileName(path)}: ${/^[aeiou]/.test(category) ? "an" : "a"} ${category} from the Sonic Pi sample library`
    : `${title}${artist ? ` by ${artist}` : ""}, from the ${pkg.name.replace(/-music$/, "")} ${pkg.kind}`;
  return {
    id,
    file: `audio/${id}${extname(path).toLowerCase()}`,
    title,
    package: pkg.name,
    packageVersion: version,
    licence: pkg.licence,
    source: `debian:${pkg.name}@${version}:${inPackage}`,
    description,
    tags: [...new Set(trackTags)],
    ...(warzone?.bpm ? { bpm: warzone.bpm } : {}),
    ...(tags.duration ? { durationSeconds: Math.round(tags.duration * 100) / 100 } : {}),
    ...(artist ? { artist } : {}),
    ...(album ? { album } : {}),
    ...(category ? { labels: { category } } : {}),
  };
}
