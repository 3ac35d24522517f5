/**
 * Serving latency of a model folder on one thread: text queries end to end (front end + ONNX text
 * tower) and 30 s of audio (decode excluded; resample, log-mel, windows, audio tower). Prints
 * medians and p95 in ms, for the model card's targets (text ≤ 10 ms, 30 s audio ≤ 300 ms).
 *   npx tsx scripts/encode-latency.ts models/tunelens-default
 */
import { loadEncoder } from "../src/embedding/onnx-encoder.ts";

const dir = process.argv[2] ?? "models/tunelens-default";
const encoder = await loadEncoder(dir, { threads: 1 });
const queries = [
  "dark cinematic strings, slow",
  "happy ukulele for a commercial",
  "melancholic rainy-day piano",
  "This techno song features a synth lead playing the main melody, accompanied by programmed percussion playing a simple kick focused beat.",
  "upbeat 80s synth-pop with a driving bassline",
];
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: +s[Math.floor(s.length / 2)].toFixed(2), p95: +s[Math.floor(s.length * 0.95)].toFixed(2) };
};
const text: number[] = [];
for (let i = 0; i < 220; i++) {
  const t = performance.now();
  await encoder.embedTexts([queries[i % queries.length] + (i >= 20 ? ` ${i}` : "")]);
  if (i >= 20) text.push(performance.now() - t); // the first calls warm up the sessions
}
const sr = 44100;
const samples = new Float32Array(30 * sr).map((_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr) + 0.05 * Math.sin(i * 0.013));
const audio: number[] = [];
for (let i = 0; i < 8; i++) {
  const t = performance.now();
  await encoder.embedAudio({ samples, sampleRate: sr });
  if (i >= 2) audio.push(performance.now() - t);
}
await encoder.close();
process.stdout.write(JSON.stringify({ model: dir, textQueryMs: stats(text), audio30sMs: stats(audio) }) + "\n");
