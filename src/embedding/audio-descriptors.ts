import FFT from "fft.js";
import type { DecodedAudio } from "./encoder.ts";
import { logMelSpectrogram } from "./log-mel.ts";
import { resample } from "./resample.ts";

/** Human-readable facts about a recording: searchable metadata and LLM prompt context. */
export interface AudioDescriptors {
  durationSeconds: number;
  /** beats per minute, or null when the recording has no clear pulse */
  bpm: number | null;
  /** RMS level in dBFS (a full-scale square wave is 0 dB, a full-scale sine ≈ -3 dB); silence is -120 */
  loudnessDb: number;
  /** e.g. "A minor", or null when no key stands out (noise, unpitched percussion, silence) */
  key: string | null;
}

/** Analysis rate: keeps everything up to 5.5 kHz, plenty for onsets and pitch classes. */
export const ANALYSIS_RATE = 11025;
/** Onset envelope hop: 11025 / 128 ≈ 86 frames per second. */
const ONSET_HOP = 128;
const MIN_BPM = 40;
const MAX_BPM = 240;
/** Minimum correlation with the best Krumhansl profile to name a key. */
const KEY_CLARITY = 0.5;
const SILENCE_DB = -120;
/** Tempo and key are estimated on at most this much audio from the middle of the track. */
const MAX_ANALYSIS_SECONDS = 120;

/**
 * Tempo, loudness and key of a recording. Tempo: autocorrelation of a spectral-flux onset
 * envelope; its peaks are weighted by a log-normal tempo prior (as librosa's beat tracker does)
 * and supported by their multiples, so the beat rather than the bar or the subdivision is chosen
 * (TempoOptions, DEFAULT_TEMPO; measured in docs/tempo.md). Key: a chroma profile correlated with
 * the 24 rotated Krumhansl–Kessler major/minor profiles.
 */
export function describeAudio(audio: DecodedAudio, tempo: TempoOptions = DEFAULT_TEMPO): AudioDescriptors {
  const durationSeconds = audio.samples.length / audio.sampleRate;
  const loudnessDb = rmsDb(audio.samples);
  if (loudnessDb <= SILENCE_DB || audio.samples.length === 0) {
    return { durationSeconds, bpm: null, loudnessDb, key: null };
  }
  const x = analysisSignal(audio);
  return { durationSeconds, bpm: estimateTempo(x, ANALYSIS_RATE, tempo), loudnessDb, key: estimateKey(x, ANALYSIS_RATE) };
}

/** What tempo and key are estimated on: the middle (at most MAX_ANALYSIS_SECONDS) at ANALYSIS_RATE. */
export function analysisSignal(audio: DecodedAudio): Float32Array {
  const excerpt = centralExcerpt(audio.samples, audio.sampleRate * MAX_ANALYSIS_SECONDS);
  return audio.sampleRate === ANALYSIS_RATE ? excerpt : resample(excerpt, audio.sampleRate, ANALYSIS_RATE);
}

/** The middle `length` samples (tempo and key are stable; this bounds the cost for long tracks). */
function centralExcerpt(samples: Float32Array, length: number): Float32Array {
  if (samples.length <= length) return samples;
  const start = Math.floor((samples.length - length) / 2);
  return samples.subarray(start, start + length);
}

/** RMS level in dBFS, floored at -120 dB so silence stays a finite, storable number. */
export function rmsDb(samples: Float32Array): number {
  if (samples.length === 0) return SILENCE_DB;
  let sq = 0;
  for (const v of samples) sq += v * v;
  const rms = Math.sqrt(sq / samples.length);
  return rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
}

/** Spectral flux onset strength: mean over mel bands of the rise in log power since the last frame. */
export function onsetEnvelope(x: Float32Array, sampleRate: number): { envelope: Float32Array; fps: number } {
  const spec = logMelSpectrogram(x, {
    sampleRate,
    nMels: 40,
    nFft: 1024,
    hopLength: ONSET_HOP,
    fMin: 30,
    fMax: sampleRate / 2,
  });
  const { data, frames, nMels } = spec;
  const envelope = new Float32Array(frames);
  for (let t = 1; t < frames; t++) {
    let flux = 0;
    for (let m = 0; m < nMels; m++) flux += Math.max(0, data[m * frames + t] - data[m * frames + t - 1]);
    envelope[t] = flux / nMels;
  }
  return { envelope, fps: sampleRate / ONSET_HOP };
}

/**
 * How a beat period is chosen from the onset autocorrelation (docs/tempo.md). Every local maximum
 * between 40 and 240 BPM is a candidate, scored by its autocorrelation plus `harmonicSupport` ×
 * the autocorrelation at twice and three times its period (a true beat repeats at its multiples;
 * a subdivision's odd multiples fall between beats), times a log-normal prior on the tempo.
 */
export interface TempoOptions {
  /** centre of the log-normal tempo prior, BPM */
  priorBpm: number;
  /** its standard deviation in octaves */
  priorOctaves: number;
  /** weight of the peaks at 2× and 3× a candidate's period (0 = the candidate's own peak only) */
  harmonicSupport: number;
  /** minimum normalised autocorrelation at the chosen period to call it a pulse */
  clarity: number;
  /** a peak at half the chosen period wins when its autocorrelation is at least this share (> 1: never) */
  halfRatio: number;
}

/**
 * The estimator as shipped up to v0.3 (one-octave prior around 120 BPM, no harmonic support): kept
 * as a point of the same parameter space so scripts/tempo-accuracy.ts reports before and after in
 * one run.
 */
export const LEGACY_TEMPO: TempoOptions = { priorBpm: 120, priorOctaves: 1, harmonicSupport: 0, clarity: 0.2, halfRatio: 0.9 };

/**
 * Chosen by scripts/tempo-accuracy.ts --grid on half of a 600-clip synthetic sample and measured on
 * the other half (docs/tempo.md): a prior at 140 BPM ± 0.7 octave with a tenth of the 2×/3× peaks
 * as support. The half-period check is off (halfRatio > 1): with the narrower, faster prior it
 * turned more beats into double-tempo errors than it fixed. Clarity 0.15 keeps white noise
 * (0.10 at most) without a tempo.
 */
export const DEFAULT_TEMPO: TempoOptions = { priorBpm: 140, priorOctaves: 0.7, harmonicSupport: 0.1, clarity: 0.15, halfRatio: 1.01 };

/** Normalised onset autocorrelation, the input of the period choice (computed once per recording). */
export interface TempoAutocorrelation {
  /** ac[lag] / ac[0], up to three times the longest candidate period (or the envelope's end) */
  ac: Float64Array;
  fps: number;
  minLag: number;
  maxLag: number;
}

/** Tempo in BPM (one decimal), or null without a clear periodic pulse or with < 4 s of audio. */
export function estimateTempo(x: Float32Array, sampleRate: number, options: TempoOptions = DEFAULT_TEMPO): number | null {
  const a = tempoAutocorrelation(x, sampleRate);
  return a ? pickTempo(a, options) : null;
}

/** The onset envelope's autocorrelation, or null for < 4 s of audio or an envelope without energy. */
export function tempoAutocorrelation(x: Float32Array, sampleRate: number): TempoAutocorrelation | null {
  if (x.length < 4 * sampleRate) return null;
  const { envelope, fps } = onsetEnvelope(x, sampleRate);
  let mean = 0;
  for (const v of envelope) mean += v;
  mean /= envelope.length;
  // Smooth with a 5-frame Hann kernel (≈ 58 ms): a beat period is rarely a whole number of
  // frames, and needle-sharp onsets would then score the true lag lower than its multiples.
  const kernel = [0.25, 0.75, 1, 0.75, 0.25];
  const e = new Float64Array(envelope.length);
  for (let t = 0; t < envelope.length; t++) {
    let acc = 0;
    for (let k = 0; k < kernel.length; k++) acc += kernel[k] * ((envelope[t + k - 2] ?? mean) - mean);
    e[t] = acc / 3;
  }

  const minLag = Math.floor((60 * fps) / MAX_BPM);
  const maxLag = Math.min(Math.ceil((60 * fps) / MIN_BPM), e.length - 1);
  // up to 3 × maxLag for the harmonic support of the slowest candidates (at most 3/4 of the
  // envelope: the unbiased estimate below gets noisy with few terms)
  const top = Math.min(3 * maxLag + 2, Math.floor(0.75 * e.length));
  const ac = new Float64Array(Math.max(top, maxLag + 1) + 1);
  for (let lag = 0; lag < ac.length && lag < e.length; lag++) {
    let acc = 0;
    for (let t = lag; t < e.length; t++) acc += e[t] * e[t - lag];
    ac[lag] = acc / (e.length - lag); // unbiased: long lags are not penalised for fewer terms
  }
  if (!(ac[0] > 0)) return null;
  const ac0 = ac[0];
  for (let lag = 0; lag < ac.length; lag++) ac[lag] /= ac0;
  return { ac, fps, minLag, maxLag };
}

/** The beat period chosen from an onset autocorrelation (see TempoOptions), as BPM with one decimal. */
export function pickTempo({ ac, fps, minLag, maxLag }: TempoAutocorrelation, o: TempoOptions): number | null {
  let best = -1;
  let bestScore = -Infinity;
  for (let lag = Math.max(1, minLag); lag <= maxLag; lag++) {
    if (!(ac[lag] >= ac[lag - 1] && ac[lag] >= ac[lag + 1])) continue; // local maxima only
    const bpm = (60 * fps) / lag;
    const prior = Math.exp(-0.5 * (Math.log2(bpm / o.priorBpm) / o.priorOctaves) ** 2);
    const support = o.harmonicSupport > 0 ? o.harmonicSupport * (peakValue(ac, 2 * lag) + peakValue(ac, 3 * lag)) : 0;
    const score = (ac[lag] + support) * prior;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  if (best < 0 || ac[best] < o.clarity) return null;
  // The prior can prefer half the tempo when every other beat is as strong as the beat itself
  // (a metronome at 174 BPM). Take the faster pulse when it is nearly as periodic.
  for (;;) {
    const half = peakNear(ac, best / 2, Math.max(1, minLag));
    if (half < 0 || ac[half] < o.halfRatio * ac[best]) break;
    best = half;
  }

  // parabolic interpolation of the peak for sub-frame lag precision
  const [a, b, c] = [ac[best - 1], ac[best], ac[best + 1]];
  const denom = a - 2 * b + c;
  const lag = best + (denom < 0 ? (0.5 * (a - c)) / denom : 0);
  return Math.round((600 * fps) / lag) / 10;
}

/** The highest autocorrelation within ±2 lags of `lag` (a period is rarely a whole number of frames); 0 beyond the array. */
function peakValue(ac: Float64Array, lag: number): number {
  let v = 0;
  for (let l = Math.round(lag) - 2; l <= Math.round(lag) + 2; l++) if (l > 0 && l < ac.length) v = Math.max(v, ac[l]);
  return Math.max(0, v);
}

/** Local maximum of `ac` within ±2 lags of `lag` (not below minLag), or -1. */
function peakNear(ac: Float64Array, lag: number, minLag: number): number {
  let best = -1;
  for (let l = Math.max(minLag, Math.round(lag) - 2); l <= Math.round(lag) + 2 && l + 1 < ac.length; l++) {
    if (ac[l] >= ac[l - 1] && ac[l] >= ac[l + 1] && (best < 0 || ac[l] > ac[best])) best = l;
  }
  return best;
}

/** Conventional spellings: flats for the flat keys (Bb major, Eb minor), sharps for F# and the minor C#/G#. */
const KEY_NAMES = {
  major: ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"],
  minor: ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"],
};
/** A key needs at least this many pitch classes with ≥ 25% of the strongest one's energy. */
const MIN_PITCH_CLASSES = 3;
/** Krumhansl & Kessler (1982) probe-tone profiles, tonic first. */
const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

/** Energy per pitch class (C = 0) from a magnitude STFT, between C2 and C7. */
export function chromaProfile(x: Float32Array, sampleRate: number): Float64Array {
  const nFft = 4096;
  const hop = 2048;
  const fft = new FFT(nFft);
  const frame = new Float64Array(nFft);
  const spectrum = new Float64Array(2 * nFft);
  const window = Float64Array.from({ length: nFft }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft));
  // pitch class of each usable bin, precomputed; -1 outside C2..C7
  const binClass = Int8Array.from({ length: nFft / 2 }, (_, k) => {
    const f = (k * sampleRate) / nFft;
    if (f < 65.4 || f > 2093) return -1;
    return (((Math.round(12 * Math.log2(f / 440)) + 9) % 12) + 12) % 12;
  });
  const chroma = new Float64Array(12);
  for (let start = 0; start + nFft <= Math.max(x.length, nFft); start += hop) {
    for (let i = 0; i < nFft; i++) frame[i] = (x[start + i] ?? 0) * window[i];
    fft.realTransform(spectrum, frame);
    for (let k = 1; k < nFft / 2; k++) {
      const pc = binClass[k];
      if (pc >= 0) chroma[pc] += Math.hypot(spectrum[2 * k], spectrum[2 * k + 1]);
    }
  }
  return chroma;
}

/**
 * "A minor", "Bb major" etc., or null when fewer than three pitch classes sound or no major/minor
 * profile correlates well enough with the chroma.
 */
export function estimateKey(x: Float32Array, sampleRate: number): string | null {
  const chroma = chromaProfile(x, sampleRate);
  const peak = Math.max(...chroma);
  // a single note or an interval does not define a key
  if (!(peak > 0) || chroma.filter((c) => c >= 0.25 * peak).length < MIN_PITCH_CLASSES) return null;
  let best: string | null = null;
  let bestR = -Infinity;
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const [mode, profile] of [["major", MAJOR_PROFILE], ["minor", MINOR_PROFILE]] as const) {
      const rotated = chroma.map((_, pc) => profile[(pc - tonic + 12) % 12]);
      const r = pearson(chroma, rotated);
      if (r > bestR) {
        bestR = r;
        best = `${KEY_NAMES[mode][tonic]} ${mode}`;
      }
    }
  }
  return bestR >= KEY_CLARITY ? best : null;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}
