/** The wink package's layout in miniature: words by frequency, vectors[word] = [...values, l2 norm, index]. */
export function fakeEmbeddings() {
  const words = ["the", ",", "music", "piano", "hip-hop", "Jazz", "waltz", "harpsichord", "zither"];
  const vectors: Record<string, number[]> = {};
  words.forEach((w, i) => (vectors[w] = [i, -i, 0.5, 1, 1, i]));
  return { precision: 8, l2NormIndex: 4, wordIndex: 5, size: words.length, dimensions: 4, words, vectors };
}
