/**
 * Seeded pseudo-random numbers for interleaving and simulations.
 *
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit state advanced by a Weyl sequence and scrambled by
 * two multiply–xorshift rounds; period 2^32, passes gjrand/PractRand up to modest sizes. Ample for
 * coin flips and simulated clicks, not for cryptography.
 */
import { createHash } from "node:crypto";

/** A source of uniform numbers in [0, 1), as `Math.random` is. */
export type Rng = () => number;

/**
 * A deterministic generator for `seed`. The seed is hashed (first 4 bytes of SHA-256 over
 * `String(seed)`, big-endian) so nearby seeds ("q1", "q2") start from unrelated states; note that
 * `7` and `"7"` therefore give the same sequence.
 */
export function seededRandom(seed: string | number): Rng {
  return mulberry32(createHash("sha256").update(String(seed), "utf8").digest().readUInt32BE(0));
}

/**
 * mulberry32 started from the 32-bit `state` as given (no hashing): reproducible fixtures,
 * benchmark catalogs and stand-in weights whose seeds are plain integers.
 */
export function mulberry32(state: number): Rng {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
