import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chord, clickTrack, encodeWav, seededRandom, whiteNoise } from "../helpers/audio-fixtures.ts";

export interface ShortClip {
  id: string;
  file: string;
  title: string;
  description: string;
}

/**
 * A data set folder (tracks.jsonl + audio/) of `n` distinct short clips: a chord, a click pulse
 * and a little noise, different for every clip so each one has its own content hash.
 */
export function writeShortClipCorpus(dir: string, n: number, seconds = 1.5, extra: (i: number) => Record<string, unknown> = () => ({})): ShortClip[] {
  const sampleRate = 16_000;
  mkdirSync(path.join(dir, "audio"), { recursive: true });
  const clips: ShortClip[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const rng = seededRandom(1000 + i);
    const root = 110 + rng() * 330;
    const bpm = 70 + Math.round(rng() * 100);
    const tones = chord([root, root * 1.25, root * 1.5], seconds, sampleRate, 0.5);
    const clicks = clickTrack(bpm, seconds, sampleRate, i + 1);
    const noise = whiteNoise(seconds, sampleRate, 0.02, i + 7);
    const mix = new Float32Array(tones.length);
    for (let s = 0; s < mix.length; s++) mix[s] = tones[s] + 0.4 * clicks[s] + noise[s];
    const file = `audio/clip-${String(i).padStart(4, "0")}.wav`;
    writeFileSync(path.join(dir, file), encodeWav([mix], sampleRate));
    const clip = { id: `clip-${i}`, file, title: `Clip ${i}`, description: `a chord at ${Math.round(root)} hertz with a pulse at ${bpm} beats per minute` };
    clips.push(clip);
    lines.push(JSON.stringify({ ...clip, ...extra(i) }));
  }
  writeFileSync(path.join(dir, "tracks.jsonl"), lines.join("\n") + "\n");
  return clips;
}
