/**
 * Band-limited sample-rate conversion: a polyphase windowed-sinc (Kaiser) filter.
 *
 * Hand-written because nothing on npm fits: libsamplerate-js (WASM) measured 55× realtime at its
 * fastest sinc setting and needs an async init (this API is synchronous and sits in training
 * loops), and the pure-JS sinc resamplers (wave-resampler) measured ~12× realtime. This one runs
 * ~300× realtime (CPU time) for 44.1 kHz → 16 kHz on one core.
 */

/** Zero crossings of the sinc on each side, counted at the lower of the two rates. */
const ZERO_CROSSINGS = 16;
/** Cutoff as a fraction of the lower Nyquist frequency: leaves room for the transition band. */
const ROLLOFF = 0.94;
/** Kaiser beta ≈ 80 dB stopband attenuation. */
const KAISER_BETA = 8.6;
/** When the reduced ratio has more phases than this, positions are rounded to this many phases. */
const MAX_PHASES = 4096;

interface PolyphaseFilter {
  /** taps per phase, stored phase-major: table[p * taps + k] */
  table: Float32Array;
  taps: number;
  phases: number;
  /** kernel index k corresponds to input sample floor(t) + k - left */
  left: number;
}

const filterCache = new Map<string, PolyphaseFilter>();

/** Resamples mono PCM from `fromRate` to `toRate` (Hz). Returns a new array; the input is untouched. */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0 && toRate > 0 && Number.isFinite(fromRate) && Number.isFinite(toRate))) {
    throw new RangeError(`resample: rates must be positive, got ${fromRate} → ${toRate}`);
  }
  if (fromRate === toRate) return samples.slice();
  if (samples.length === 0) return new Float32Array(0);

  // Output sample n sits at input position n * M / L (exact rational when both rates are integers).
  const integral = Number.isInteger(fromRate) && Number.isInteger(toRate);
  const g = integral ? gcd(fromRate, toRate) : 1;
  const L = integral ? toRate / g : 0;
  const M = integral ? fromRate / g : 0;
  const exactPhases = integral && L <= MAX_PHASES;
  const phases = exactPhases ? L : MAX_PHASES;
  const filter = polyphaseFilter(fromRate, toRate, phases);

  const outLength = integral
    ? Math.ceil((samples.length * L) / M)
    : Math.ceil((samples.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  const { table, taps, left } = filter;
  const n = samples.length;
  const step = fromRate / toRate;

  for (let o = 0; o < outLength; o++) {
    let base: number;
    let phase: number;
    if (exactPhases) {
      const num = o * M; // exact in float64 for any realistic length
      base = Math.floor(num / L);
      phase = num - base * L;
    } else {
      const t = o * step;
      base = Math.floor(t);
      phase = Math.round((t - base) * phases);
      if (phase === phases) {
        base += 1;
        phase = 0;
      }
    }
    const start = base - left;
    const row = phase * taps;
    let acc = 0;
    if (start >= 0 && start + taps <= n) {
      // four independent sums let the CPU overlap the multiply-adds (measured ~1.5× faster)
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let k = 0;
      for (; k + 3 < taps; k += 4) {
        a0 += samples[start + k] * table[row + k];
        a1 += samples[start + k + 1] * table[row + k + 1];
        a2 += samples[start + k + 2] * table[row + k + 2];
        a3 += samples[start + k + 3] * table[row + k + 3];
      }
      for (; k < taps; k++) a0 += samples[start + k] * table[row + k];
      acc = a0 + a1 + a2 + a3;
    } else {
      // edges: samples outside the signal are zero
      const k0 = Math.max(0, -start);
      const k1 = Math.min(taps, n - start);
      for (let k = k0; k < k1; k++) acc += samples[start + k] * table[row + k];
    }
    out[o] = acc;
  }
  return out;
}

function polyphaseFilter(fromRate: number, toRate: number, phases: number): PolyphaseFilter {
  const key = `${fromRate}/${toRate}/${phases}`;
  const cached = filterCache.get(key);
  if (cached) return cached;

  // Cutoff in cycles per input sample: below the lower of the two Nyquist frequencies.
  const fc = 0.5 * Math.min(1, toRate / fromRate) * ROLLOFF;
  const halfWidth = Math.ceil(ZERO_CROSSINGS / (2 * fc)); // in input samples
  const taps = 2 * halfWidth;
  const left = halfWidth - 1;
  const table = new Float32Array(phases * taps);
  const i0 = besselI0(KAISER_BETA);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const x = k - left - frac; // distance from the output position, in input samples
      const w = Math.abs(x) >= halfWidth ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - (x / halfWidth) ** 2)) / i0;
      const h = 2 * fc * sinc(2 * fc * x) * w;
      table[p * taps + k] = h;
      sum += h;
    }
    // unit DC gain for every phase, so a constant stays constant
    for (let k = 0; k < taps; k++) table[p * taps + k] /= sum;
  }
  const filter = { table, taps, phases, left };
  filterCache.set(key, filter);
  return filter;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for beta ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
