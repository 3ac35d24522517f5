import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import midiPkg from "@tonejs/midi";
import { afterAll, describe, expect, it } from "vitest";
import { compose } from "../../src/corpus/composer.ts";
import { kitFromFiles, parseHydrogenKit, SampleCache, withExistingFiles } from "../../src/corpus/real-sound-bank.ts";
import { prepareRealSoundClip } from "../../src/corpus/real-sound-clip.ts";
import { planRealSounds, rms, type RealSoundBank } from "../../src/corpus/real-sounds.ts";
import { DRUM_NOTES } from "../../src/corpus/style.ts";
import { encodeWav } from "../../src/corpus/wav.ts";

const { Midi } = midiPkg;

// The two drumkit.xml layouts hydrogen-drumkits ships: velocity layers, and one file per instrument.
const KIT_XML = `<drumkit_info><name>Test Kit</name><instrumentList>
  <instrument><id>0</id><name>BassDrum</name><volume>0.5</volume>
    <layer><filename>kick-soft.flac</filename><min>0</min><max>0.49</max><gain>1</gain></layer>
    <layer><filename>kick-hard.flac</filename><min>0.5</min><max>1</max><gain>0.8</gain></layer>
  </instrument>
  <instrument><id>1</id><name>Snare Roll</name><volume>1</volume><filename>roll.wav</filename></instrument>
  <instrument><id>2</id><name>Snare Jazz</name><volume>1</volume><filename>snare.wav</filename></instrument>
  <instrument><id>3</id><name>Snare Rock</name><volume>1</volume><filename>snare-rock.wav</filename></instrument>
  <instrument><id>4</id><name>27</name><volume>1</volume><filename>x.wav</filename></instrument>
</instrumentList></drumkit_info>`;

describe("parseHydrogenKit", () => {
  it("reads velocity layers and single files, scaled by the instrument volume; the first piece per voice wins", () => {
    const pieces = parseHydrogenKit(KIT_XML, "/kits/test");
    expect(pieces.kick).toEqual([
      { file: "/kits/test/kick-soft.flac", min: 0, max: 0.49, gain: 0.5 },
      { file: "/kits/test/kick-hard.flac", min: 0.5, max: 1, gain: 0.4 },
    ]);
    expect(pieces.snare).toEqual([{ file: "/kits/test/snare.wav", min: 0, max: 1, gain: 1 }]);
    expect(Object.keys(pieces).sort()).toEqual(["kick", "snare"]);
  });
});

describe("kitFromFiles", () => {
  it("turns a soft/hard pair into two velocity layers and otherwise plays the first file", () => {
    const pieces = kitFromFiles(["/s/drum_snare_soft.flac", "/s/drum_snare_hard.flac", "/s/drum_tom_lo_soft.flac", "/l/hihat_closed02.ogg", "/l/hihat_closed01.ogg"]);
    expect(pieces.snare).toEqual([{ file: "/s/drum_snare_soft.flac", min: 0, max: 0.6, gain: 1 }, { file: "/s/drum_snare_hard.flac", min: 0.6, max: 1, gain: 1 }]);
    expect(pieces.tomL).toEqual([{ file: "/s/drum_tom_lo_soft.flac", min: 0, max: 1, gain: 1 }]);
    expect(pieces.hat?.[0]!.file).toBe("/l/hihat_closed01.ogg");
  });
});

// Needs sox (the corpus renderer already does).
describe("prepareRealSoundClip", () => {
  const dir = mkdtemp(join(tmpdir(), "tunelens-real-sounds-"));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it("moves the drum hits the recorded kit plays out of the MIDI and mixes the recordings back in", async () => {
    const root = await dir;
    // A decaying 200 Hz burst as every kit piece, at 44.1 kHz so the cache must resample it.
    const burst = new Float32Array(4410).map((_, i) => Math.exp(-i / 400) * Math.sin((2 * Math.PI * 200 * i) / 44100));
    await writeFile(join(root, "hit.wav"), encodeWav(burst, 44100));
    const pieces = { kick: [{ file: join(root, "hit.wav"), min: 0, max: 1, gain: 1 }], snare: [{ file: join(root, "hit.wav"), min: 0, max: 1, gain: 1 }] };
    const bank: RealSoundBank = { kits: [{ id: "test:kit", style: "acoustic", debianPackage: "test", licence: "CC0-1.0", pieces }], ambience: [] };
    // A rock clip with an acoustic kit that the plan gives the recorded kit to.
    const seed = Array.from({ length: 400 }, (_, i) => i).find((s) =>
      compose(s, "rock").params.parts.some((p) => p.role === "drums" && p.kit === "standard") && planRealSounds(s, "standard", bank).kit !== null)!;
    const composition = compose(seed, "rock");
    const before = composition.midi.tracks.find((t) => t.channel === 9)!.notes;
    const kickOrSnare = (m: number) => m === DRUM_NOTES.kick || m === DRUM_NOTES.snare || m === DRUM_NOTES.kick2 || m === DRUM_NOTES.snare2;
    const cache = new SampleCache(16000);
    const clip = await prepareRealSoundClip(composition, bank, cache);
    expect(clip.plan.kit).toBe("test:kit");
    expect(cache.get(join(root, "hit.wav")).length).toBe(1600);

    const after = new Midi(clip.midi).tracks.find((t) => t.channel === 9)?.notes ?? [];
    expect(before.some((n) => kickOrSnare(n.midi))).toBe(true);
    expect(after.some((n) => kickOrSnare(n.midi))).toBe(false);
    expect(after.length).toBe(before.filter((n) => !kickOrSnare(n.midi)).length);

    const dry = new Float32Array(16000 * 3).map((_, i) => 0.05 * Math.sin(i / 10));
    const mixed = clip.overlay(dry, 16000);
    expect(rms(mixed)).toBeGreaterThan(rms(dry));
    // Where the first kick lands, the mix differs from the dry render.
    const firstKick = Math.round(before.find((n) => n.midi === DRUM_NOTES.kick)!.time * 16000);
    expect(Math.abs(mixed[firstKick + 20]! - dry[firstKick + 20]!)).toBeGreaterThan(1e-4);
    // The overlay returns a new buffer; the dry render is left as it was.
    expect(dry[firstKick + 20]).toBe(Math.fround(0.05 * Math.sin((firstKick + 20) / 10)));
  });
});

describe("withExistingFiles", () => {
  it("drops layers whose file is missing and pieces left without layers", () => {
    const pieces = {
      kick: [{ file: "/k/soft.flac", min: 0, max: 0.5, gain: 1 }, { file: "/k/gone.flac", min: 0.5, max: 1, gain: 1 }],
      cowbell: [{ file: "/k/cowbell-gone.flac", min: 0, max: 1, gain: 1 }],
    };
    const kept = withExistingFiles(pieces, (f) => !f.includes("gone"));
    expect(kept).toEqual({ kick: [{ file: "/k/soft.flac", min: 0, max: 0.5, gain: 1 }] });
  });
});
