import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import midiPkg from "@tonejs/midi";
import { afterAll, describe, expect, it } from "vitest";
import type { RenderSettings } from "../../src/corpus/composer.ts";
import { availableSoundfonts, renderMidi } from "../../src/corpus/render.ts";
import { encodeSf2, keyRanges } from "../../src/corpus/sf2-writer.ts";
import { monoSamples } from "../../src/corpus/wav.ts";

const { Midi } = midiPkg;

describe("keyRanges", () => {
  it("gives every key to its nearest sampled note, the outer zones to the keyboard's ends", () => {
    expect(keyRanges([40, 43, 46])).toEqual([{ lo: 0, hi: 41 }, { lo: 42, hi: 44 }, { lo: 45, hi: 127 }]);
    expect(keyRanges([60])).toEqual([{ lo: 0, hi: 127 }]);
  });
});

// Needs fluidsynth and a GM soundfont from Debian (CI installs fluid-soundfont-gm).
describe("encodeSf2 read back by fluidsynth", () => {
  const dir = mkdtemp(join(tmpdir(), "tunelens-sf2-"));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));
  const settings: RenderSettings = { gain: 0.5, loudnessDb: -20, reverb: { roomSize: 0.2, level: 0 }, chorus: { level: 0, depth: 0 } };
  const rate = 22050;
  // 441 Hz is exactly 50 samples a period at 22.05 kHz, so a 0.2 s loop is seamless; the sample
  // lasts 0.3 s, far shorter than the 1.5 s note, so only the loop can keep it sounding.
  const sine = new Float32Array(Math.round(0.3 * rate)).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 441 * i) / rate));
  const sf2 = encodeSf2("test", [{
    name: "sine", zones: [{ keyLo: 0, keyHi: 127, rootKey: 69, samples: sine, sampleRate: rate, loop: { start: 2205, end: 6615 }, releaseSeconds: 0.1 }],
  }], [{ name: "sine pad", bank: 0, program: 88, instrument: 0 }]);

  async function render(program: number, over: boolean): Promise<Float32Array> {
    const midi = new Midi();
    const track = midi.addTrack();
    track.channel = 0;
    track.instrument.number = program;
    track.addNote({ midi: 81, time: 0.1, duration: 1.5, velocity: 0.8 });
    const d = await dir;
    const sf2Path = join(d, "test.sf2");
    await writeFile(sf2Path, sf2);
    const out = join(d, `p${program}-${over}.wav`);
    await renderMidi(new Uint8Array(midi.toArray()), out, {
      soundfont: availableSoundfonts().at(-1)!, overSoundfonts: over ? [sf2Path] : [], settings, seconds: 2,
    });
    return monoSamples(await readFile(out));
  }

  const crossingsPerSecond = (x: Float32Array, from: number, to: number, sampleRate: number) => {
    let n = 0;
    for (let i = Math.round(from * sampleRate) + 1; i < Math.round(to * sampleRate); i++) if ((x[i - 1]! < 0) !== (x[i]! < 0)) n++;
    return n / (to - from);
  };
  const level = (x: Float32Array, from: number, to: number) => Math.sqrt(x.subarray(from * 16000, to * 16000).reduce((s, v) => s + v * v, 0) / ((to - from) * 16000));

  it("plays the loaded-last soundfont's sample at the key's pitch, looped as long as the note is held", async () => {
    expect(availableSoundfonts().length, "install fluid-soundfont-gm").toBeGreaterThan(0);
    const x = await render(88, true);
    // Key 81 is an octave over the root: 882 Hz, i.e. 1764 zero crossings a second, early and late in the note.
    expect(crossingsPerSecond(x, 0.3, 0.6, 16000)).toBeCloseTo(1764, -1.5);
    expect(crossingsPerSecond(x, 1.2, 1.5, 16000)).toBeCloseTo(1764, -1.5);
    expect(level(x, 1.2, 1.5)).toBeGreaterThan(0.5 * level(x, 0.3, 0.6));
    // The GM pad at the same key is not a pure 882 Hz tone.
    const gm = await render(88, false);
    expect(Math.abs(crossingsPerSecond(gm, 0.3, 0.6, 16000) - 1764)).toBeGreaterThan(50);
  });

  it("leaves programs the soundfont lacks to the GM soundfont under it", async () => {
    const [withOver, without] = await Promise.all([render(0, true), render(0, false)]);
    expect(level(without, 0.3, 0.6)).toBeGreaterThan(0.01);
    let diff = 0;
    for (let i = 0; i < without.length; i++) diff = Math.max(diff, Math.abs(withOver[i]! - without[i]!));
    expect(diff).toBeLessThan(1e-3);
  });
});
