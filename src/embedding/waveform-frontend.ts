import type { WaveformFrontend } from "./model-manifest.ts";

export interface WaveformWindows {
  /** `count` clips of `clipSamples` each, back to back */
  batch: Float32Array;
  count: number;
  clipSamples: number;
  /** valid (unpadded) samples per clip, for exports that take a length input */
  lengths: number[];
}

/**
 * Cuts mono audio (already at the front end's sample rate) into the fixed-length clips a
 * waveform model expects: every `hopSeconds`, plus one clip ending at the last sample so the tail
 * is heard, then at most `maxWindows` of them evenly spaced. Audio shorter than one clip is
 * zero-padded or repeated ("repeatpad", as LAION-CLAP trains) to fill it.
 */
export function waveformWindows(samples: Float32Array, fe: WaveformFrontend): WaveformWindows {
  const clip = Math.round(fe.sampleRate * fe.clipSeconds);
  const hop = Math.max(1, Math.round(fe.sampleRate * (fe.hopSeconds ?? fe.clipSeconds)));
  if (samples.length <= clip) {
    const batch = new Float32Array(clip);
    if (samples.length > 0 && fe.pad === "repeat") {
      for (let i = 0; i < clip; i += samples.length) batch.set(samples.subarray(0, Math.min(samples.length, clip - i)), i);
    } else {
      batch.set(samples);
    }
    return { batch, count: 1, clipSamples: clip, lengths: [fe.pad === "repeat" ? clip : samples.length] };
  }
  let starts: number[] = [];
  for (let s = 0; s + clip <= samples.length; s += hop) starts.push(s);
  if (starts[starts.length - 1] + clip < samples.length) starts.push(samples.length - clip);
  if (starts.length > fe.maxWindows) {
    const picked = starts;
    starts = Array.from({ length: fe.maxWindows }, (_, i) => picked[Math.round((i * (picked.length - 1)) / Math.max(1, fe.maxWindows - 1))]);
  }
  const batch = new Float32Array(starts.length * clip);
  starts.forEach((s, i) => batch.set(samples.subarray(s, s + clip), i * clip));
  return { batch, count: starts.length, clipSamples: clip, lengths: starts.map(() => clip) };
}
