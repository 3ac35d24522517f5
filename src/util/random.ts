/**
 * Every seeded pseudo-random generator of the project, in one place. Reproducibility matters
 * everywhere they are used (a corpus clip from (seed, index), an interleaved ranking from a query
 * id, a resumed training run), so nothing seeded may call Math.random.
 *
 * - `mulberry32` / `seededRandom`: a function returning uniform numbers in [0, 1), like
 *   Math.random (interleaving, simulations, fixtures, stand-in weights).
 * - `Rng`: the same mulberry32 stream with helpers for musical choices (corpus generation).
 * - `CheckpointableRng`: sfc32, whose whole state is four words a training checkpoint stores, so
 *   a resumed run draws exactly what an uninterrupted one would. A different algorithm on
 *   purpose: changing it would break resuming existing checkpoints.
 *
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit state advanced by a Weyl sequence and scrambled by
 * two multiply–xorshift rounds; period 2^32. Ample for coin flips and musical choices, not for
 * cryptography.
 */
import { createHash } from "node:crypto";

/** A source of uniform numbers in [0, 1), as `Math.random` is. */
export type RandomSource = () => number;

/**
 * A deterministic generator for `seed`. The seed is hashed (first 4 bytes of SHA-256 over
 * `String(seed)`, big-endian) so nearby seeds ("q1", "q2") start from unrelated states; note that
 * `7` and `"7"` therefore give the same sequence.
 */
export function seededRandom(seed: string | number): RandomSource {
  return mulberry32(createHash("sha256").update(String(seed), "utf8").digest().readUInt32BE(0));
}

/**
 * mulberry32 started from the 32-bit `state` as given (no hashing): reproducible fixtures,
 * benchmark catalogs and stand-in weights whose seeds are plain integers.
 */
export function mulberry32(state: number): RandomSource {
  let a = state >>> 0;
  return () => {
    a = (a + MULBERRY32_STEP) >>> 0;
    return mulberry32Output(a);
  };
}

const MULBERRY32_STEP = 0x6d2b79f5;

/** mulberry32's output for an already advanced state (shared by the function and `Rng`). */
function mulberry32Output(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** splitmix32 finaliser: spreads nearby integers (seed, seed+1, …) into unrelated states. */
export function hash32(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = (h + (v | 0) + 0x9e3779b9) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** FNV-1a over a string, for hashing ids (e.g. the train/val split). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Seeded choices for corpus generation (a mulberry32 stream). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = hash32(seed) || 1;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + MULBERRY32_STEP) | 0;
    return mulberry32Output(this.state);
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick on an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; entries are [item, weight] with weights > 0. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    return entries[entries.length - 1]![0];
  }

  /** k distinct items in random order (k clipped to the list length). */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, k));
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** An independent stream, so adding draws in one part does not shift another part. */
  fork(label: number): Rng {
    return new Rng(hash32(this.state, label));
  }
}

/** sfc32 (Chris Doty-Humphrey): whole state in four uint32s, stored by training checkpoints. */
export type CheckpointableRngState = [number, number, number, number];

export class CheckpointableRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | CheckpointableRngState) {
    if (Array.isArray(seed)) {
      [this.a, this.b, this.c, this.d] = seed;
      return;
    }
    // splitmix32 expands one seed into four well-mixed words.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  state(): CheckpointableRngState {
    return [this.a, this.b, this.c, this.d];
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** standard normal (Box–Muller; one draw per call keeps the state simple) */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
