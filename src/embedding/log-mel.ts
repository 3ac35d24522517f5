import FFT from "fft.js";
import type { LogMelFrontend } from "./model-manifest.ts";

/** A log-mel spectrogram laid out mel-major: `data[m * frames + t]`. */
export interface LogMelSpectrogram {
  data: Float32Array;
  nMels: number;
  frames: number;
}

/** Added before the log so silence maps to log(1e-6) ≈ -13.8 instead of -Infinity. */
export const LOG_OFFSET = 1e-6;

/** The parameters of the front end that shape the spectrogram (a subset of LogMelFrontend). */
export type LogMelParams = Pick<LogMelFrontend, "sampleRate" | "nMels" | "nFft" | "hopLength" | "fMin" | "fMax"> &
  Partial<Pick<LogMelFrontend, "mean" | "std">>;

/**
 * Log-mel spectrogram of mono PCM that is already at `fe.sampleRate` (resample first).
 * Frames are centred (zero padding of nFft/2 on both sides, as librosa ≥ 0.10 does), so there
 * are `1 + floor(samples.length / hopLength)` of them. Hann window, power spectrum, Slaney mel
 * filterbank between fMin and fMax, `log(mel + 1e-6)`, then `(x - mean[m]) / std[m]` when the
 * front end carries per-band statistics.
 */
export function logMelSpectrogram(samples: Float32Array, fe: LogMelParams): LogMelSpectrogram {
  const { nFft, hopLength, nMels } = fe;
  const plan = analysisPlan(fe);
  const frames = logMelFrameCount(samples.length, hopLength);
  const data = new Float32Array(nMels * frames);
  const frame = new Float64Array(nFft);
  const spectrum = new Float64Array(2 * nFft);
  const power = new Float64Array(nFft / 2 + 1);
  const half = nFft / 2;
  const { window, fft, bank } = plan;

  for (let t = 0; t < frames; t++) {
    const start = t * hopLength - half;
    if (start >= 0 && start + nFft <= samples.length) {
      for (let i = 0; i < nFft; i++) frame[i] = samples[start + i] * window[i];
    } else {
      for (let i = 0; i < nFft; i++) {
        const j = start + i;
        frame[i] = j >= 0 && j < samples.length ? samples[j] * window[i] : 0;
      }
    }
    fft.realTransform(spectrum, frame);
    for (let k = 0; k <= half; k++) {
      const re = spectrum[2 * k];
      const im = spectrum[2 * k + 1];
      power[k] = re * re + im * im;
    }
    for (let m = 0; m < nMels; m++) {
      const lo = bank.start[m];
      const w = bank.weights[m];
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += power[lo + k] * w[k];
      data[m * frames + t] = Math.log(acc + LOG_OFFSET);
    }
  }

  if (fe.mean && fe.std) {
    if (fe.mean.length !== nMels || fe.std.length !== nMels) {
      throw new RangeError(`log-mel: mean/std must have nMels=${nMels} entries`);
    }
    for (let m = 0; m < nMels; m++) {
      const mu = fe.mean[m];
      const inv = 1 / (fe.std[m] || 1);
      const row = data.subarray(m * frames, (m + 1) * frames);
      for (let t = 0; t < frames; t++) row[t] = (row[t] - mu) * inv;
    }
  }
  return { data, nMels, frames };
}

/** Number of centred frames for a signal of `length` samples. */
export function logMelFrameCount(length: number, hopLength: number): number {
  return 1 + Math.floor(length / hopLength);
}

/** Slaney's mel scale (librosa's default, htk=False): linear below 1 kHz, logarithmic above. */
export function hzToMel(hz: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
}

export function melToHz(mel: number): number {
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : mel * fSp;
}

/** The nMels + 2 band edges in Hz (band m spans edges[m]..edges[m+2] and peaks at edges[m+1]). */
export function melBandEdges(nMels: number, fMin: number, fMax: number): Float64Array {
  const lo = hzToMel(fMin);
  const hi = hzToMel(fMax);
  const edges = new Float64Array(nMels + 2);
  for (let i = 0; i < nMels + 2; i++) edges[i] = melToHz(lo + ((hi - lo) * i) / (nMels + 1));
  return edges;
}

/** Sparse triangular filters: band m weights FFT bins start[m] .. start[m] + weights[m].length - 1. */
export interface MelFilterbank {
  start: Int32Array;
  weights: Float64Array[];
}

/** Slaney-normalised (equal-area) triangular filters over the nFft/2 + 1 FFT bins, as librosa.filters.mel. */
export function melFilterbank(sampleRate: number, nFft: number, nMels: number, fMin: number, fMax: number): MelFilterbank {
  const edges = melBandEdges(nMels, fMin, fMax);
  const bins = nFft / 2 + 1;
  const start = new Int32Array(nMels);
  const weights: Float64Array[] = [];
  for (let m = 0; m < nMels; m++) {
    const [l, c, r] = [edges[m], edges[m + 1], edges[m + 2]];
    const enorm = 2 / (r - l);
    const row: number[] = [];
    let first = -1;
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / nFft;
      const w = Math.max(0, Math.min((f - l) / (c - l), (r - f) / (r - c))) * enorm;
      if (w > 0) {
        if (first < 0) first = k;
        // keep zero weights inside the band so the row stays contiguous
        while (first + row.length < k) row.push(0);
        row.push(w);
      }
    }
    start[m] = Math.max(0, first);
    weights.push(Float64Array.from(row));
  }
  return { start, weights };
}

interface AnalysisPlan {
  window: Float64Array;
  fft: FFT;
  bank: MelFilterbank;
}

const plans = new Map<string, AnalysisPlan>();

function analysisPlan(fe: LogMelParams): AnalysisPlan {
  const { sampleRate, nFft, nMels, fMin, fMax } = fe;
  const key = `${sampleRate}/${nFft}/${nMels}/${fMin}/${fMax}`;
  let plan = plans.get(key);
  if (plan) return plan;
  if (!Number.isInteger(Math.log2(nFft)) || nFft < 4) {
    throw new RangeError(`log-mel: nFft must be a power of two ≥ 4 (fft.js), got ${nFft}`);
  }
  if (!(fMax > fMin) || fMax > sampleRate / 2) {
    throw new RangeError(`log-mel: need fMin < fMax ≤ sampleRate/2, got ${fMin}..${fMax} at ${sampleRate} Hz`);
  }
  // periodic Hann (librosa/scipy "hann" with fftbins=True)
  const window = new Float64Array(nFft);
  for (let i = 0; i < nFft; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft);
  plan = { window, fft: new FFT(nFft), bank: melFilterbank(sampleRate, nFft, nMels, fMin, fMax) };
  plans.set(key, plan);
  return plan;
}
