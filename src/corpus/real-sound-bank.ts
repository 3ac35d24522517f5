/**
 * The recorded sounds behind `--real-sounds`, from Debian packages fetched without root
 * (`apt-get download` + `dpkg -x` into a scratch folder, as scripts/fetch-debian-music.ts does):
 * hydrogen-drumkits (multi-sampled acoustic and electronic kits described by drumkit.xml),
 * sonic-pi-samples (an acoustic kit and ambience recordings) and lmms-common (a drum-machine
 * kit, crowd and breath recordings). Licences come from each package's debian/copyright.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { promisify } from "node:util";
import { drumVoiceOf, type AmbienceSound, type KitStyle, type RealKit, type RealSoundBank, type SampleLayer } from "./real-sounds.ts";
import type { DrumVoice } from "./style.ts";

const run = promisify(execFile);

export interface RealSoundPackage {
  name: string;
  licence: string;
}

export const REAL_SOUND_PACKAGES: readonly RealSoundPackage[] = [
  { name: "hydrogen-drumkits", licence: "per kit, see HYDROGEN_KITS (debian/copyright)" },
  { name: "sonic-pi-samples", licence: "CC0-1.0" },
  { name: "lmms-common", licence: "GPL-2+" },
];

/**
 * Kits used and their licences from hydrogen-drumkits' debian/copyright. Hand percussion
 * (circAfrique, Gimme A Hand) is left out: it does not stand in for a drum kit.
 */
export const HYDROGEN_KITS: Record<string, { style: KitStyle; licence: string }> = {
  Audiophob: { style: "acoustic", licence: "CC0-1.0" },
  BJA_Pacific: { style: "acoustic", licence: "CC-BY-SA-3.0-US" },
  ColomboAcousticDrumkit: { style: "acoustic", licence: "GPL-2+ with composition exception" },
  ForzeeStereo: { style: "acoustic", licence: "GPL-2" },
  "Millo-Drums_v.1": { style: "acoustic", licence: "GPL-2" },
  Millo_MultiLayered2: { style: "acoustic", licence: "GPL-2" },
  Millo_MultiLayered3: { style: "acoustic", licence: "GPL-2" },
  "The Black Pearl 1.0": { style: "acoustic", licence: "GPL-2" },
  rumpf_kit_z01_h2: { style: "acoustic", licence: "CC-BY-3.0" },
  ElectricEmpireKit: { style: "electronic", licence: "GPL-2" },
  HardElectro1: { style: "electronic", licence: "GPL-2" },
  VariBreaks: { style: "electronic", licence: "GPL-2" },
};

/**
 * Ambience beds: unpitched or nearly so, so they never clash with the clip's key. (lmms'
 * effects/wind_chimes01.ogg is Vorbis inside a WAV container that neither sox nor ffmpeg decodes.)
 */
const SONIC_PI_AMBIENCE = ["ambi_dark_woosh", "ambi_drone", "ambi_glass_hum", "ambi_haunted_hum", "ambi_lunar_land", "ambi_soft_buzz", "ambi_swoosh", "ambi_choir", "vinyl_hiss"];
const LMMS_AMBIENCE = ["misc/applause01", "misc/raving_crowd01", "misc/breath01"];

const xmlText = (xml: string, tag: string): string | null => {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? m[1]!.replace(/&amp;/g, "&").replace(/&apos;/g, "'").replace(/&quot;/g, '"') : null;
};

/**
 * A hydrogen drumkit.xml → pieces by voice. Newer kits list velocity `<layer>`s per instrument,
 * older ones a single `<filename>`; the first instrument naming a voice plays it.
 */
export function parseHydrogenKit(xml: string, dir: string): Partial<Record<DrumVoice, SampleLayer[]>> {
  const pieces: Partial<Record<DrumVoice, SampleLayer[]>> = {};
  for (const [, body] of xml.matchAll(/<instrument>([\s\S]*?)<\/instrument>/g)) {
    const voice = drumVoiceOf(xmlText(body!, "name") ?? "");
    if (!voice || pieces[voice]) continue;
    const layers: SampleLayer[] = [];
    for (const [, layer] of body!.matchAll(/<layer>([\s\S]*?)<\/layer>/g)) {
      const file = xmlText(layer!, "filename");
      if (!file) continue;
      layers.push({ file: join(dir, file), min: Number(xmlText(layer!, "min") ?? 0), max: Number(xmlText(layer!, "max") ?? 1), gain: Number(xmlText(layer!, "gain") ?? 1) });
    }
    const single = layers.length === 0 ? xmlText(body!.replace(/<layer>[\s\S]*?<\/layer>/g, ""), "filename") : null;
    if (single) layers.push({ file: join(dir, single), min: 0, max: 1, gain: 1 });
    const volume = Number(xmlText(body!, "volume") ?? 1);
    if (layers.length > 0) pieces[voice] = layers.map((l) => ({ ...l, gain: l.gain * (Number.isFinite(volume) ? volume : 1) }));
  }
  return pieces;
}

/**
 * A kit from one-shot file names ("drum_snare_soft.flac", "hihat_closed01.ogg"): the first file
 * per voice, or a soft/hard pair as two velocity layers.
 */
export function kitFromFiles(files: readonly string[]): Partial<Record<DrumVoice, SampleLayer[]>> {
  const byVoice = new Map<DrumVoice, string[]>();
  for (const file of files.slice().sort()) {
    const voice = drumVoiceOf(basename(file, extname(file)).replace(/^drum_/, "drum "));
    if (voice) byVoice.set(voice, [...(byVoice.get(voice) ?? []), file]);
  }
  const pieces: Partial<Record<DrumVoice, SampleLayer[]>> = {};
  for (const [voice, list] of byVoice) {
    const soft = list.find((f) => /soft/.test(basename(f)));
    const hard = list.find((f) => /hard/.test(basename(f)));
    pieces[voice] = soft && hard
      ? [{ file: soft, min: 0, max: 0.6, gain: 1 }, { file: hard, min: 0.6, max: 1, gain: 1 }]
      : [{ file: list[0]!, min: 0, max: 1, gain: 1 }];
  }
  return pieces;
}

/**
 * Layers whose file the package does not ship (the dfsg repack of hydrogen-drumkits dropped a
 * few, e.g. Millo_MultiLayered2's cowbell) are left out; a piece left without layers is played
 * by the soundfont.
 */
export function withExistingFiles(pieces: Partial<Record<DrumVoice, SampleLayer[]>>, exists: (file: string) => boolean = existsSync): Partial<Record<DrumVoice, SampleLayer[]>> {
  const out: Partial<Record<DrumVoice, SampleLayer[]>> = {};
  for (const [voice, layers] of Object.entries(pieces) as [DrumVoice, SampleLayer[]][]) {
    const present = layers.filter((l) => exists(l.file));
    if (present.length > 0) out[voice] = present;
  }
  return out;
}

/** Downloads and unpacks a package once; returns the extracted tree and the package version. */
export async function extractPackage(scratch: string, name: string): Promise<{ root: string; version: string }> {
  const debs = join(scratch, "debs");
  await mkdir(debs, { recursive: true });
  const find = async () => (await readdir(debs)).find((f) => f.startsWith(`${name}_`) && f.endsWith(".deb"));
  let deb = await find();
  if (!deb) {
    await run("apt-get", ["download", "-q", name], { cwd: debs, maxBuffer: 1 << 24 });
    deb = await find();
    if (!deb) throw new Error(`apt-get download ${name} produced no .deb`);
  }
  const root = join(scratch, "root", name);
  const marker = join(root, ".extracted-from");
  if (!existsSync(marker) || (await readFile(marker, "utf8")).trim() !== deb) {
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    await run("dpkg", ["-x", join(debs, deb), root], { maxBuffer: 1 << 24 });
    await writeFile(marker, deb + "\n");
  }
  return { root, version: decodeURIComponent(deb.split("_")[1]!) };
}

export interface LoadedBank extends RealSoundBank {
  packages: { name: string; version: string; licence: string }[];
}

/** Fetches the three packages into `scratch` and collects their kits and ambience recordings. */
export async function loadRealSoundBank(scratch: string): Promise<LoadedBank> {
  const kits: RealKit[] = [];
  const ambience: AmbienceSound[] = [];
  const packages: LoadedBank["packages"] = [];
  const pkg = async (name: string) => {
    const { root, version } = await extractPackage(scratch, name);
    packages.push({ name, version, licence: REAL_SOUND_PACKAGES.find((p) => p.name === name)!.licence });
    return root;
  };

  const hydrogen = join(await pkg("hydrogen-drumkits"), "usr/share/hydrogen/data/drumkits");
  for (const [dir, meta] of Object.entries(HYDROGEN_KITS)) {
    const xmlPath = join(hydrogen, dir, "drumkit.xml");
    if (!existsSync(xmlPath)) continue;
    const pieces = withExistingFiles(parseHydrogenKit(await readFile(xmlPath, "utf8"), join(hydrogen, dir)));
    if (pieces.kick && pieces.snare) kits.push({ id: `hydrogen:${dir}`, style: meta.style, debianPackage: "hydrogen-drumkits", licence: meta.licence, pieces });
  }

  const sonic = join(await pkg("sonic-pi-samples"), "usr/share/sonic-pi/samples");
  const sonicFiles = (await readdir(sonic)).filter((f) => f.endsWith(".flac"));
  kits.push({
    id: "sonic-pi:drum", style: "acoustic", debianPackage: "sonic-pi-samples", licence: "CC0-1.0",
    pieces: kitFromFiles(sonicFiles.filter((f) => f.startsWith("drum_")).map((f) => join(sonic, f))),
  });
  for (const name of SONIC_PI_AMBIENCE) {
    if (sonicFiles.includes(`${name}.flac`)) ambience.push({ id: `sonic-pi:${name}`, file: join(sonic, `${name}.flac`), debianPackage: "sonic-pi-samples", licence: "CC0-1.0" });
  }

  const lmms = join(await pkg("lmms-common"), "usr/share/lmms/samples");
  const lmmsDrums = join(lmms, "drums");
  kits.push({
    id: "lmms:drums", style: "electronic", debianPackage: "lmms-common", licence: "GPL-2+",
    pieces: kitFromFiles((await readdir(lmmsDrums)).filter((f) => f.endsWith(".ogg") && !/nasty|zap|distorted|hardcore/.test(f)).map((f) => join(lmmsDrums, f))),
  });
  for (const name of LMMS_AMBIENCE) {
    const file = join(lmms, `${name}.ogg`);
    if (existsSync(file)) ambience.push({ id: `lmms:${name}`, file, debianPackage: "lmms-common", licence: "GPL-2+" });
  }
  return { kits, ambience, packages };
}

/** Decodes recordings to mono float at the corpus rate once per process (sox), by path. */
export class SampleCache {
  private readonly cache = new Map<string, Float32Array>();

  constructor(private readonly sampleRate: number) {}

  async load(path: string): Promise<Float32Array> {
    const hit = this.cache.get(path);
    if (hit) return hit;
    const { stdout } = await run("sox", ["-V1", path, "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-", "remix", "-", "rate", String(this.sampleRate)],
      { encoding: "buffer", maxBuffer: 1 << 28 });
    const bytes = stdout as unknown as Buffer;
    const samples = new Float32Array(bytes.length / 4);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readFloatLE(i * 4);
    this.cache.set(path, samples);
    return samples;
  }

  /** Synchronous access for the mixer, after `load`. */
  get(path: string): Float32Array {
    const hit = this.cache.get(path);
    if (!hit) throw new Error(`sample not loaded: ${path}`);
    return hit;
  }
}
