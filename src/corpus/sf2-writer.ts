/**
 * A minimal SoundFont 2.01 writer: mono 16-bit samples, one instrument per sampled patch (a zone
 * per sample over a key range, looped or one-shot, with its own release), presets that point at
 * an instrument. Written here rather than taken from npm because the format needed is ~150 lines
 * of RIFF chunks, while the maintained writer (spessasynth_core) is a full synthesiser whose
 * installation would change the node_modules the main checkout shares; fluidsynth reading the
 * file back is the test (test/corpus/sf2-writer.test.ts).
 */

export interface Sf2Zone {
  /** Keys this zone answers, inclusive. */
  keyLo: number;
  keyHi: number;
  rootKey: number;
  samples: Float32Array;
  sampleRate: number;
  /** Loop (end exclusive, in samples); null plays the sample once. */
  loop: { start: number; end: number } | null;
  releaseSeconds: number;
}

export interface Sf2Instrument {
  name: string;
  zones: Sf2Zone[];
}

export interface Sf2Preset {
  name: string;
  bank: number;
  program: number;
  /** Index into the instrument list. */
  instrument: number;
}

// SF2 generator numbers (SoundFont 2.01 §8.1.3).
const GEN = { releaseVolEnv: 38, instrument: 41, keyRange: 43, sampleID: 53, sampleModes: 54, overridingRootKey: 58 } as const;
/** Zero points after every sample, as the format requires. */
const SAMPLE_PAD = 46;

function chunk(id: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, "ascii");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
}

function list(type: string, chunks: Buffer[]): Buffer {
  return chunk("LIST", Buffer.concat([Buffer.from(type, "ascii"), ...chunks]));
}

function name20(name: string): Buffer {
  const b = Buffer.alloc(20);
  b.write(name.slice(0, 19), 0, "ascii");
  return b;
}

function zstr(text: string): Buffer {
  const b = Buffer.from(text + "\0", "ascii");
  return b.length % 2 ? Buffer.concat([b, Buffer.alloc(1)]) : b;
}

function gen(oper: number, amount: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(oper, 0);
  b.writeInt16LE(amount, 2);
  return b;
}

function rangeGen(oper: number, lo: number, hi: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(oper, 0);
  b.writeUInt8(lo, 2);
  b.writeUInt8(hi, 3);
  return b;
}

function bag(genIndex: number, modIndex: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(genIndex, 0);
  b.writeUInt16LE(modIndex, 2);
  return b;
}

const timecents = (seconds: number) => Math.round(1200 * Math.log2(Math.max(0.001, seconds)));

export function encodeSf2(name: string, instruments: readonly Sf2Instrument[], presets: readonly Sf2Preset[]): Buffer {
  const pcm: Buffer[] = [];
  const shdr: Buffer[] = [];
  const inst: Buffer[] = [];
  const ibag: Buffer[] = [];
  const igen: Buffer[] = [];
  let offset = 0;
  let sampleIndex = 0;
  for (const instrument of instruments) {
    const header = Buffer.alloc(22);
    name20(instrument.name).copy(header);
    header.writeUInt16LE(ibag.length, 20);
    inst.push(header);
    for (const zone of instrument.zones) {
      const data = Buffer.alloc((zone.samples.length + SAMPLE_PAD) * 2);
      zone.samples.forEach((v, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2));
      pcm.push(data);
      const h = Buffer.alloc(46);
      name20(`${instrument.name.slice(0, 14)}-${zone.rootKey}`).copy(h);
      h.writeUInt32LE(offset, 20);
      h.writeUInt32LE(offset + zone.samples.length, 24);
      h.writeUInt32LE(offset + (zone.loop?.start ?? 0), 28);
      h.writeUInt32LE(offset + (zone.loop?.end ?? zone.samples.length - 1), 32);
      h.writeUInt32LE(zone.sampleRate, 36);
      h.writeUInt8(zone.rootKey, 40);
      h.writeInt8(0, 41);
      h.writeUInt16LE(0, 42);
      h.writeUInt16LE(1, 44); // mono sample
      shdr.push(h);
      offset += zone.samples.length + SAMPLE_PAD;
      ibag.push(bag(igen.length, 0));
      // keyRange must come first and sampleID last in a zone (§8.1.2).
      igen.push(rangeGen(GEN.keyRange, zone.keyLo, zone.keyHi));
      igen.push(gen(GEN.overridingRootKey, zone.rootKey));
      igen.push(gen(GEN.sampleModes, zone.loop ? 1 : 0));
      igen.push(gen(GEN.releaseVolEnv, timecents(zone.releaseSeconds)));
      igen.push(gen(GEN.sampleID, sampleIndex++));
    }
  }
  const eoi = Buffer.alloc(22);
  name20("EOI").copy(eoi);
  eoi.writeUInt16LE(ibag.length, 20);
  ibag.push(bag(igen.length, 0));
  igen.push(Buffer.alloc(4));
  const eos = Buffer.alloc(46);
  name20("EOS").copy(eos);

  const phdr: Buffer[] = [];
  const pbag: Buffer[] = [];
  const pgen: Buffer[] = [];
  // Presets sorted by bank and program, as readers expect.
  for (const preset of [...presets].sort((a, b) => a.bank - b.bank || a.program - b.program)) {
    const h = Buffer.alloc(38);
    name20(preset.name).copy(h);
    h.writeUInt16LE(preset.program, 20);
    h.writeUInt16LE(preset.bank, 22);
    h.writeUInt16LE(pbag.length, 24);
    phdr.push(h);
    pbag.push(bag(pgen.length, 0));
    pgen.push(gen(GEN.instrument, preset.instrument));
  }
  const eop = Buffer.alloc(38);
  name20("EOP").copy(eop);
  eop.writeUInt16LE(pbag.length, 24);
  pbag.push(bag(pgen.length, 0));
  pgen.push(Buffer.alloc(4));

  const ifil = Buffer.alloc(4);
  ifil.writeUInt16LE(2, 0);
  ifil.writeUInt16LE(1, 2);
  const body = Buffer.concat([
    Buffer.from("sfbk", "ascii"),
    list("INFO", [chunk("ifil", ifil), chunk("isng", zstr("EMU8000")), chunk("INAM", zstr(name))]),
    list("sdta", [chunk("smpl", Buffer.concat(pcm))]),
    list("pdta", [
      chunk("phdr", Buffer.concat([...phdr, eop])),
      chunk("pbag", Buffer.concat(pbag)),
      chunk("pmod", Buffer.alloc(10)),
      chunk("pgen", Buffer.concat(pgen)),
      chunk("inst", Buffer.concat([...inst, eoi])),
      chunk("ibag", Buffer.concat(ibag)),
      chunk("imod", Buffer.alloc(10)),
      chunk("igen", Buffer.concat(igen)),
      chunk("shdr", Buffer.concat([...shdr, eos])),
    ]),
  ]);
  return chunk("RIFF", body);
}

/**
 * Key ranges for zones sampled at `notes` (ascending): each key goes to the nearest sampled note
 * (ties to the lower one); the outer zones stretch to keys 0 and 127.
 */
export function keyRanges(notes: readonly number[]): { lo: number; hi: number }[] {
  return notes.map((n, k) => ({
    lo: k === 0 ? 0 : Math.floor((notes[k - 1]! + n) / 2) + 1,
    hi: k === notes.length - 1 ? 127 : Math.floor((n + notes[k + 1]!) / 2),
  }));
}
