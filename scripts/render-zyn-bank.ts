/**
 * Renders the ZynAddSubFX patches of src/corpus/zyn-patches.ts into a multi-sampled bank:
 * `<out>/samples/<patch>/<note>.wav` (16-bit mono) and `<out>/bank.json`, then the soundfont
 * `<out>/zyn.sf2` that `build-synthetic-corpus.ts --zyn-instruments` loads over the GM one.
 *
 *   apt-get install -y zynaddsubfx zynaddsubfx-data
 *   npx tsx scripts/render-zyn-bank.ts --out data/corpus/.zyn-bank --jobs 8
 *
 * zynaddsubfx 3.0.6 has no offline renderer, so each patch runs in its own headless instance
 * (`-U -O null -I null`, driven over OSC on a UDP port): the HDD recorder records while the notes
 * are played in real time. Instances mostly sleep, so several run at once. Patches already in
 * bank.json are kept (resumable).
 */
import { execFile, spawn } from "node:child_process";
import dgram from "node:dgram";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import midiPkg from "@tonejs/midi";
import { Command } from "commander";
import { instrument } from "../src/corpus/instruments.ts";
import { availableSoundfonts } from "../src/corpus/render.ts";
import { encodeWav } from "../src/corpus/wav.ts";
import { patchId, sampledNotes, ZYN_BANK_DIR, ZYN_PATCHES, type ZynPatch } from "../src/corpus/zyn-patches.ts";
import { cutRecording, levelPatch } from "../src/corpus/zyn-sampler.ts";
import { writeZynSoundfont, type ZynBank, type ZynBankPatch } from "../src/corpus/zyn-soundfont.ts";

const run = promisify(execFile);
const { Midi } = midiPkg;
const program = new Command()
  .option("--out <dir>", "bank folder", "data/corpus/.zyn-bank")
  .option("--jobs <n>", "zynaddsubfx instances at once", "8")
  .option("--velocity <n>", "note-on velocity", "100")
  .option("--only <text>", "render only patches whose file contains this text (trying a patch)")
  .parse();
const opts = program.opts<{ out: string; jobs: string; velocity: string; only?: string }>();
const out = resolve(opts.out);
const RECORD_RATE = 44100;
const SAMPLE_RATE = 22050;
const HOLD = 2.0;
const SLOT = 2.7;

function oscMessage(address: string, ...args: (string | number)[]): Buffer {
  const str = (s: string) => { const b = Buffer.from(s); return Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]); };
  const parts = args.map((a) => {
    if (typeof a === "string") return str(a);
    const b = Buffer.alloc(4);
    b.writeInt32BE(a);
    return b;
  });
  return Buffer.concat([str(address), str("," + args.map((a) => (typeof a === "string" ? "s" : "i")).join("")), ...parts]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function recordPatch(patch: ZynPatch, port: number, scratch: string): Promise<Float32Array> {
  const notes = sampledNotes(patch);
  const rawPath = join(scratch, `${patchId(patch)}.rec`);
  // Line-buffered so the readiness lines arrive while it runs (a pipe is block-buffered).
  const zyn = spawn("stdbuf", ["-oL", "-eL", "zynaddsubfx", "-U", "-O", "null", "-I", "null", "-r", String(RECORD_RATE), "-P", String(port), "-L", join(ZYN_BANK_DIR, patch.file)], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const ready = new Promise<number>((res, rej) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /lo server running on (\d+)/.exec(log);
      if (m && log.includes("Main Loop")) res(Number(m[1]));
    };
    zyn.stdout.on("data", onData);
    zyn.stderr.on("data", onData);
    zyn.on("exit", () => rej(new Error(`zynaddsubfx exited: ${log.slice(-500)}`)));
    setTimeout(() => rej(new Error(`zynaddsubfx did not start: ${log.slice(-500)}`)), 30000);
  });
  const sock = dgram.createSocket("udp4");
  const send = (address: string, ...args: (string | number)[]) =>
    new Promise<void>((res) => sock.send(oscMessage(address, ...args), actualPort, "127.0.0.1", () => res()));
  let actualPort = port;
  try {
    actualPort = await ready;
    await send("/HDDRecorder/preparefile", rawPath);
    await sleep(300);
    await send("/HDDRecorder/start");
    const t0 = Date.now();
    // Note-ons are scheduled against the start time, so timer drift does not accumulate.
    for (const [k, note] of notes.entries()) {
      await sleep(Math.max(0, t0 + k * SLOT * 1000 - Date.now()));
      await send("/noteOn", 0, note, Number(opts.velocity));
      await sleep(Math.max(0, t0 + (k * SLOT + HOLD) * 1000 - Date.now()));
      await send("/noteOff", 0, note);
    }
    await sleep(Math.max(0, t0 + notes.length * SLOT * 1000 - Date.now()));
    await send("/HDDRecorder/stop");
    await sleep(500);
  } finally {
    sock.close();
    zyn.kill("SIGTERM");
    await sleep(300);
    if (zyn.exitCode === null) zyn.kill("SIGKILL");
  }
  // The recorder writes 16-bit stereo after a 44-byte header it fills in only on a clean close;
  // sox reads the raw body, downmixes and resamples.
  const body = join(scratch, `${patchId(patch)}.raw`);
  await writeFile(body, (await readFile(rawPath)).subarray(44));
  const f32 = join(scratch, `${patchId(patch)}.f32`);
  await run("sox", ["-V1", "-t", "raw", "-r", String(RECORD_RATE), "-e", "signed", "-b", "16", "-c", "2", body,
    "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", f32, "remix", "-", "rate", String(SAMPLE_RATE)]);
  const buf = await readFile(f32);
  await Promise.all([rawPath, body, f32].map((p) => rm(p, { force: true })));
  return new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4).slice();
}

async function renderPatch(patch: ZynPatch, port: number, scratch: string): Promise<ZynBankPatch> {
  const id = patchId(patch);
  const notes = sampledNotes(patch);
  const recording = await recordPatch(patch, port, scratch);
  const cuts = cutRecording(recording, notes, { sampleRate: SAMPLE_RATE, slotSeconds: SLOT, holdSeconds: HOLD });
  if (cuts.length < notes.length * 0.8) throw new Error(`${id}: only ${cuts.length} of ${notes.length} notes sounded`);
  const gain = levelPatch(cuts, SAMPLE_RATE);
  await mkdir(join(out, "samples", id), { recursive: true });
  const zones = [];
  for (const cut of cuts) {
    const file = join("samples", id, `${cut.note}.wav`);
    await writeFile(join(out, file), encodeWav(cut.samples.map((v) => v * gain), SAMPLE_RATE));
    zones.push({ note: cut.note, file, frames: cut.samples.length, loop: cut.loop });
  }
  return { id, file: patch.file, programs: [...patch.programs], sustained: cuts.some((c) => c.loop !== null), gain, zones };
}

const bankPath = join(out, "bank.json");
const previous: ZynBank | null = existsSync(bankPath) ? JSON.parse(await readFile(bankPath, "utf8")) as ZynBank : null;
const done = new Map((previous?.patches ?? []).map((p) => [p.id, p]));
const todo = ZYN_PATCHES.filter((p) => !done.has(patchId(p)) && (!opts.only || p.file.includes(opts.only)));
const scratch = join(out, ".scratch");
await mkdir(scratch, { recursive: true });
console.log(`${ZYN_PATCHES.length} patches, ${done.size} already rendered, ${todo.length} to render with ${opts.jobs} instances`);
const started = Date.now();
let next = 0;
const failures: string[] = [];
await Promise.all(Array.from({ length: Number(opts.jobs) }, async (_, j) => {
  while (next < todo.length) {
    const patch = todo[next++]!;
    try {
      const rendered = await renderPatch(patch, 7800 + j, scratch);
      done.set(rendered.id, rendered);
      console.log(`${rendered.id}: ${rendered.zones.length} notes, ${rendered.sustained ? "looped" : "one-shot"}, gain ${rendered.gain.toFixed(2)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    } catch (error) {
      failures.push(`${patch.file}: ${String(error).slice(0, 300)}`);
      console.error(failures.at(-1));
    }
  }
}));
const version = (await run("dpkg-query", ["-W", "-f", "${Version}", "zynaddsubfx-data"]).catch(() => ({ stdout: "unknown" }))).stdout;
const bank: ZynBank = {
  generator: "scripts/render-zyn-bank.ts",
  source: { debianPackage: "zynaddsubfx-data", version, licence: "GPL-2+", synth: "zynaddsubfx (Debian package, headless over OSC)" },
  sampleRate: SAMPLE_RATE, holdSeconds: HOLD, velocity: Number(opts.velocity),
  patches: ZYN_PATCHES.map((p) => done.get(patchId(p))).filter((p): p is ZynBankPatch => p !== undefined),
};
await writeZynSoundfont(out, bank);
await calibrate(bank);
await writeFile(bankPath, JSON.stringify(bank, null, 2) + "\n");
await writeZynSoundfont(out, bank);
console.log(`bank: ${bank.patches.length} patches, ${bank.patches.reduce((n, p) => n + p.zones.length, 0)} samples → ${join(out, "zyn.sf2")}; ${failures.length} failed`);

/** Mean power (dB) of one mid-range note of `program`, rendered from `soundfonts` (the last loaded wins). */
async function noteLevelDb(program: number, soundfonts: string[]): Promise<number> {
  const range = instrument(program).range;
  const midi = new Midi();
  const track = midi.addTrack();
  track.instrument.number = program;
  track.addNote({ midi: Math.round((range[0] + range[1]) / 2), time: 0, duration: 1, velocity: 0.8 });
  const mid = join(scratch, `level-${program}.mid`);
  const raw = join(scratch, `level-${program}.raw`);
  await writeFile(mid, midi.toArray());
  await run("fluidsynth", ["-ni", "-q", "-g", "0.5", "-r", "22050", "-T", "raw", "-O", "float", "-F", raw, ...soundfonts, mid]);
  const buf = await readFile(raw);
  await Promise.all([mid, raw].map((p) => rm(p, { force: true })));
  const x = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  const n = Math.min(x.length, 2 * 22050 * 2);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]! * x[i]!;
  return 10 * Math.log10(sum / Math.max(1, n) + 1e-12);
}

/**
 * Levels every patch against the GM soundfont most clips use (MuseScore General when installed):
 * one mid-range note of the patch's first program, with and without zyn.sf2 loaded over it.
 */
async function calibrate(target: ZynBank): Promise<void> {
  const gm = availableSoundfonts()[0];
  if (!gm) throw new Error("no GM soundfont to level the zyn patches against");
  const sf2 = join(out, "zyn.sf2");
  for (const patch of target.patches) {
    const program = patch.programs[0]!;
    const diff = (await noteLevelDb(program, [gm.path, sf2])) - (await noteLevelDb(program, [gm.path]));
    patch.calibrationDb = Math.round(((patch.calibrationDb ?? 0) - diff) * 10) / 10;
  }
  console.log(`levelled against ${gm.name}: ${target.patches.map((p) => `${p.id} ${p.calibrationDb} dB`).join(", ")}`);
}
