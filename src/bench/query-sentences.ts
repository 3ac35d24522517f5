/**
 * A few hundred varied search sentences, composed from moods, styles, instruments and uses the
 * way people phrase music searches. They are encoded by the shipped text tower, so query vectors
 * have the real model's distribution (not a synthetic one).
 */
const MOODS = ["dark", "happy", "melancholic", "energetic", "calm", "dreamy", "aggressive", "romantic", "tense", "uplifting", "nostalgic", "playful"];
const STYLES = ["cinematic strings", "lo-fi hip hop", "techno", "acoustic folk", "jazz trio", "piano ballad", "synthwave", "rock anthem", "ambient drone", "reggae groove", "orchestral march", "chiptune", "drum and bass", "blues guitar", "latin percussion", "string quartet"];
const DETAILS = ["slow", "fast", "with a 303 bass", "for a commercial", "with female vocals", "instrumental", "for studying", "with heavy drums", "in a minor key", "for a rainy day", "with ukulele", "for a video game boss fight"];

export function benchQuerySentences(count = 300): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const mood = MOODS[i % MOODS.length];
    const style = STYLES[Math.floor(i / MOODS.length) % STYLES.length];
    // the detail shifts every full mood × style round, so no sentence repeats
    const detail = DETAILS[(i * 7 + Math.floor(i / (MOODS.length * STYLES.length)) * 5) % DETAILS.length];
    out.push(i % 4 === 3 ? `${style} ${detail}` : `${mood} ${style}, ${detail}`);
  }
  return out;
}
