/**
 * Builds the synthetic captioned music corpus: composes clips by seed, renders them with
 * fluidsynth, and writes tracks.jsonl / queries.jsonl / audio/ in the shared-data layout.
 *
 *   npx tsx scripts/build-synthetic-corpus.ts --out data/corpus/synthetic --clips 3000 --seed 1 --jobs 2
 *
 * `--real-sounds` mixes real recorded sounds into the renders (src/corpus/real-sounds.ts): recorded
 * drum kits from hydrogen-drumkits / sonic-pi-samples / lmms-common play the MIDI drum hits and
 * an ambience bed may sit under the mix; the packages are fetched without root into
 * `--real-sounds-scratch` and their licences recorded in corpus.json.
 *
 * `--zyn-instruments` gives half the clips (by clip seed) ZynAddSubFX voices for their pitched parts:
 * the soundfont scripts/render-zyn-bank.ts wrote from zynaddsubfx-data patches is loaded over the
 * GM one (src/corpus/zyn-instruments.ts); the other clips are byte-identical to the plain build.
 *
 * Resumable: clips whose WAV already exists and is valid are not rendered again; the jsonl files
 * are rewritten from the seed at the end, so they always describe exactly the valid clips.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import cliProgress from "cli-progress";
import { Command } from "commander";
import { buildClip, pickSoundfont, planClip, toJsonl, type QueryRecord, type TrackRecord } from "../src/corpus/dataset.ts";
import { loadRealSoundBank, SampleCache, type LoadedBank } from "../src/corpus/real-sound-bank.ts";
import { prepareRealSoundClip } from "../src/corpus/real-sound-clip.ts";
import { planRealSounds } from "../src/corpus/real-sounds.ts";
import { availableSoundfonts, renderMidi } from "../src/corpus/render.ts";
import { isValidClip, readWavInfo } from "../src/corpus/wav.ts";
import { planZynInstruments } from "../src/corpus/zyn-instruments.ts";
import { ZYN_SOUNDFONT_FILE, type ZynBank } from "../src/corpus/zyn-soundfont.ts";

const SAMPLE_RATE = 16000;
const SECONDS = 10;
/** MuseScore General sounds closer to real instruments; FluidR3 adds timbre variety. */
const SOUNDFONT_WEIGHTS: Record<string, number> = { MuseScore_General: 0.65, FluidR3_GM: 0.35, TimGM6mb: 0.1 };

const program = new Command()
  .requiredOption("--out <dir>", "output folder")
  .option("--clips <n>", "number of clips", "3000")
  .option("--seed <n>", "corpus seed", "1")
  .option("--jobs <n>", "parallel renders", String(Math.max(1, Math.min(2, cpus().length))))
  .option("--soundfont <name>", "use only this soundfont (default: weighted mix of those installed)")
  .option("--real-sounds", "mix recorded drum kits and ambience from Debian packages into the renders")
  .option("--real-sounds-scratch <dir>", "download and extraction folder for --real-sounds", "data/corpus/.real-sounds-scratch")
  .option("--zyn-instruments", "half the clips take their pitched parts from the ZynAddSubFX bank (scripts/render-zyn-bank.ts)")
  .option("--zyn-bank <dir>", "folder of the rendered ZynAddSubFX bank", "data/corpus/.zyn-bank")
  .option("--no-install", "do not run scripts/install-system-deps.sh --corpus first")
  .parse();
const opts = program.opts<{ out: string; clips: string; seed: string; jobs: string; soundfont?: string; install: boolean; realSounds?: boolean; realSoundsScratch: string; zynInstruments?: boolean; zynBank: string }>();
const clips = Number(opts.clips);
const seed = Number(opts.seed);
const jobs = Math.max(1, Number(opts.jobs));

// The recipe installs its own Debian packages (idempotent; quick when they are there). Without
// root or sudo this fails, and the checks below say what is missing.
if (opts.install) {
  try {
    execFileSync("bash", [join(import.meta.dirname, "install-system-deps.sh"), "--corpus"], { stdio: "inherit" });
  } catch {
    console.error("could not install the corpus's Debian packages (needs root or sudo); checking what is there");
  }
}
for (const tool of ["fluidsynth", "ffmpeg"]) {
  try {
    execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
  } catch {
    console.error(`${tool} is not installed: apt-get install -y fluidsynth fluid-soundfont-gm ffmpeg`);
    process.exit(1);
  }
}
const soundfonts = availableSoundfonts().filter((s) => !opts.soundfont || s.name === opts.soundfont);
if (soundfonts.length === 0) {
  console.error("no usable soundfont found (apt-get install -y fluid-soundfont-gm musescore-general-soundfont-lossless)");
  process.exit(1);
}

const bank: LoadedBank | null = opts.realSounds ? await loadRealSoundBank(opts.realSoundsScratch) : null;
if (bank) console.log(`real sounds: ${bank.kits.length} drum kits, ${bank.ambience.length} ambience recordings from ${bank.packages.map((p) => `${p.name} ${p.version}`).join(", ")}`);
const sampleCache = new SampleCache(SAMPLE_RATE);
const zynSoundfont = opts.zynInstruments ? join(opts.zynBank, ZYN_SOUNDFONT_FILE) : null;
if (zynSoundfont && !existsSync(zynSoundfont)) {
  console.error(`${zynSoundfont} is missing: npx tsx scripts/render-zyn-bank.ts --out ${opts.zynBank}`);
  process.exit(1);
}
const zynBank = zynSoundfont ? JSON.parse(await readFile(join(opts.zynBank, "bank.json"), "utf8")) as ZynBank : null;
if (zynBank) console.log(`zyn instruments: ${zynBank.patches.length} patches from ${zynBank.source.debianPackage} ${zynBank.source.version}`);

const audioDir = join(opts.out, "audio");
const scratchDir = join(opts.out, ".scratch");
await mkdir(audioDir, { recursive: true });

const plans = Array.from({ length: clips }, (_, i) => planClip(seed, i));
const pending: number[] = [];
for (const plan of plans) {
  if (!isValidClip(await readWavInfo(join(audioDir, `${plan.id}.wav`)), SAMPLE_RATE, SECONDS)) pending.push(plan.index);
}
console.log(`${clips} clips, ${clips - pending.length} already rendered, ${pending.length} to render with ${jobs} jobs; soundfonts: ${soundfonts.map((s) => s.name).join(", ")}`);

const bar = new cliProgress.SingleBar({
  format: "rendering [{bar}] {value}/{total} clips | {rate} clips/s | ETA {eta_formatted} | failed {failed}",
}, cliProgress.Presets.shades_classic);
bar.start(pending.length, 0, { rate: "0.0", failed: 0 });
const started = Date.now();
const failures: { id: string; error: string }[] = [];
let done = 0;
let next = 0;

async function worker(): Promise<void> {
  while (next < pending.length) {
    const plan = plans[pending[next++]!]!;
    const soundfont = pickSoundfont(plan, soundfonts, SOUNDFONT_WEIGHTS);
    const { composition, record } = buildClip(plan, seed, soundfont.name);
    try {
      const real = bank ? await prepareRealSoundClip(composition, bank, sampleCache) : null;
      const zyn = zynSoundfont && planZynInstruments(plan.seed, composition.params.parts) ? [zynSoundfont] : [];
      await renderMidi(real?.midi ?? new Uint8Array(composition.midi.toArray()), join(audioDir, `${plan.id}.wav`), {
        soundfont, overSoundfonts: zyn, settings: record.params.render, sampleRate: SAMPLE_RATE, seconds: SECONDS, scratchDir, overlay: real?.overlay,
      });
      // A clip that renders silent (e.g. a missing preset) is a failure, not a training example.
      if (!isValidClip(await readWavInfo(join(audioDir, `${plan.id}.wav`)), SAMPLE_RATE, SECONDS)) throw new Error("rendered clip is invalid or silent");
    } catch (error) {
      failures.push({ id: plan.id, error: String(error).slice(0, 300) });
    }
    done++;
    bar.update(done, { rate: (done / ((Date.now() - started) / 1000)).toFixed(2), failed: failures.length });
  }
}
await Promise.all(Array.from({ length: jobs }, () => worker()));
bar.stop();
const renderSeconds = (Date.now() - started) / 1000;

// Records are rebuilt from the seed for every valid clip, rendered now or in an earlier run.
const tracks: TrackRecord[] = [];
const queries: QueryRecord[] = [];
for (const plan of plans) {
  if (!isValidClip(await readWavInfo(join(audioDir, `${plan.id}.wav`)), SAMPLE_RATE, SECONDS)) continue;
  const { record, query } = buildClip(plan, seed, pickSoundfont(plan, soundfonts, SOUNDFONT_WEIGHTS).name);
  if (bank) record.params.realSounds = planRealSounds(record.params.seed, record.params.parts.find((p) => p.role === "drums")?.kit ?? null, bank);
  if (zynBank) record.params.zyn = planZynInstruments(record.params.seed, record.params.parts);
  tracks.push(record);
  if (query) queries.push(query);
}
await writeAtomic(join(opts.out, "tracks.jsonl"), toJsonl(tracks));
await writeAtomic(join(opts.out, "queries.jsonl"), toJsonl(queries));
const count = <T>(items: T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
const manifest = {
  generator: "scripts/build-synthetic-corpus.ts",
  seed, requestedClips: clips, tracks: tracks.length, queries: queries.length,
  sampleRate: SAMPLE_RATE, seconds: SECONDS,
  splits: count(tracks, (t) => t.split),
  genres: count(tracks, (t) => t.labels.genre),
  moods: count(tracks, (t) => t.labels.mood),
  soundfonts: soundfonts.map((s) => ({ name: s.name, debianPackage: s.debianPackage, licence: s.licence, clips: tracks.filter((t) => t.params.soundfont === s.name).length })),
  ...(bank ? {
    realSounds: {
      packages: bank.packages,
      kits: bank.kits.map((k) => ({ id: k.id, style: k.style, debianPackage: k.debianPackage, licence: k.licence, clips: tracks.filter((t) => t.params.realSounds?.kit === k.id).length })),
      ambience: bank.ambience.map((a) => ({ id: a.id, debianPackage: a.debianPackage, licence: a.licence, clips: tracks.filter((t) => t.params.realSounds?.ambience === a.id).length })),
    },
  } : {}),
  ...(zynBank ? {
    zynInstruments: {
      source: zynBank.source,
      clips: tracks.filter((t) => t.params.zyn).length,
      patches: zynBank.patches.map((p) => ({ id: p.id, file: p.file, programs: p.programs, samples: p.zones.length, looped: p.sustained,
        parts: tracks.reduce((n, t) => n + Object.values(t.params.zyn?.parts ?? {}).filter((id) => id === p.id).length, 0) })),
    },
  } : {}),
  // Every run is kept, so the render time of a build that was resumed can still be added up.
  // A run that only rewrote the jsonl files renders nothing and is not worth a line.
  runs: [...(await previousRuns()), ...(pending.length > 0
    ? [{ rendered: pending.length - failures.length, failed: failures.length, seconds: Math.round(renderSeconds), jobs, finishedAt: new Date().toISOString() }]
    : [])],
  failures: failures.slice(0, 20),
};
await writeAtomic(join(opts.out, "corpus.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`wrote ${tracks.length} tracks (${manifest.splits.val ?? 0} val), ${queries.length} queries to ${opts.out} in ${renderSeconds.toFixed(0)} s; ${failures.length} failed`);
if (failures.length > 0) console.error(failures.slice(0, 5));

async function previousRuns(): Promise<unknown[]> {
  try {
    const old = JSON.parse(await readFile(join(opts.out, "corpus.json"), "utf8")) as { runs?: unknown[] };
    return Array.isArray(old.runs) ? old.runs : [];
  } catch {
    return [];
  }
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}
