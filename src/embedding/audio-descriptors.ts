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
const ANALYSIS_RATE = 11025;
/** Onset envelope hop: 11025 / 128 ≈ 86 frames per second. */
const ONSET_HOP = 128;
const MIN_BPM = 40;
const MAX_BPM = 240;
/** Minimum normalised autocorrelation of the onset envelope at the chosen lag to call it a pulse. */
const PULSE_CLARITY = 0.2;
/** Minimum correlation with the best Krumhansl profile to name a key. */
const KEY_CLARITY = 0.5;
const SILENCE_DB = -120;
/** Tempo and key are estimated on at most this much audio from the middle of the track. */
const MAX_ANALYSIS_SECONDS = 120;
/** A pulse at half the lag wins when its autocorrelation is at least this share of the chosen one. */
const HARMONIC_RATIO = 0.9;

/**
 * Tempo, loudness and key of a recording. Tempo: autocorrelation of a spectral-flux onset
 * envelope, weighted towards 120 BPM (a log-normal prior, as librosa's beat tracker does) so the
 * beat rather than the bar or the subdivision is chosen. Key: a chroma profile correlated with
 * the 24 rotated Krumhansl–Kessler major/minor profiles.
 */
export function describeAudio(audio: DecodedAudio): AudioDescriptors {
  const durationSeconds = audio.samples.length / audio.sampleRate;
  const loudnessDb = rmsDb(audio.samples);
  if (loudnessDb <= SILENCE_DB || audio.samples.length === 0) {
    return { durationSeconds, bpm: null, loudnessDb, key: null };
  }
  const excerpt = centralExcerpt(audio.samples, audio.sampleRate * MAX_ANALYSIS_SECONDS);
  const x = audio.sampleRate === ANALYSIS_RATE ? excerpt : resample(excerpt, audio.sampleRate, ANALYSIS_RATE);
  return { durationSeconds, bpm: estimateTempo(x, ANALYSIS_RATE), loudnessDb, key: estimateKey(x, ANALYSIS_RATE) };
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

/** Tempo in BPM (one decimal), or null without a clear periodic pulse or with < 4 s of audio. */
export function estimateTempo(x: Float32Array, sampleRate: number): number | null {
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
  const ac = new Float64Array(maxLag + 2);
  for (let lag = 0; lag <= maxLag + 1 && lag < e.length; lag++) {
    let acc = 0;
    for (let t = lag; t < e.length; t++) acc += e[t] * e[t - lag];
    ac[lag] = acc / (e.length - lag); // unbiased: long lags are not penalised for fewer terms
  }
  if (!(ac[0] > 0)) return null;

  let best = -1;
  let bestScore = -Infinity;
  for (let lag = Math.max(1, minLag); lag <= maxLag; lag++) {
    if (!(ac[lag] >= ac[lag - 1] && ac[lag] >= ac[lag + 1])) continue; // local maxima only
    const bpm = (60 * fps) / lag;
    const prior = Math.exp(-0.5 * Math.log2(bpm / 120) ** 2); // one-octave log-normal around 120
    const score = (ac[lag] / ac[0]) * prior;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  if (best < 0 || ac[best] / ac[0] < PULSE_CLARITY) return null;
  // The prior can prefer half the tempo when every other beat is as strong as the beat itself
  // (a metronome at 174 BPM). Take the faster pulse when it is nearly as periodic.
  for (;;) {
    const half = peakNear(ac, best / 2, Math.max(1, minLag));
    if (half < 0 || ac[half] < HARMONIC_RATIO * ac[best]) break;
    best = half;
  }

  // parabolic interpolation of the peak for sub-frame lag precision
  const [a, b, c] = [ac[best - 1], ac[best], ac[best + 1]];
  const denom = a - 2 * b + c;
  const lag = best + (denom < 0 ? (0.5 * (a - c)) / denom : 0);
  return Math.round((600 * fps) / lag) / 10;
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
