/** Word tokens shared by the bag-of-words and GloVe text front ends (own file: both import it). */

/**
 * Splits text into lower-case word tokens of letters and digits (any script; accents folded:
 * "Café" → "cafe"). Apostrophes vanish inside words ("80's" → "80s", "don't" → "dont").
 * Words joined by "-" or "&" yield the joined compound *and* their parts: "hip-hop" →
 * ["hiphop", "hip", "hop"], "r&b" → ["rb"], so "hip-hop", "hiphop" and "hip hop" all share tokens.
 * Single letters are dropped (they are articles or fragments); single digits are kept ("4/4").
 */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu, "");
  const tokens: string[] = [];
  for (const word of folded.match(/[\p{L}\p{N}]+(?:[-&][\p{L}\p{N}]+)*/gu) ?? []) {
    const parts = word.split(/[-&]/);
    if (parts.length > 1) tokens.push(parts.join(""));
    for (const part of parts) if (part.length > 1 || /\p{N}/u.test(part)) tokens.push(part);
  }
  return tokens;
}

/** Function words that carry no musical meaning; left out of vocabularies by default. */
export const ENGLISH_STOPWORDS: readonly string[] = Object.freeze(
  (
    "the and for with from that this these those into onto over under about its it's is are was were be been " +
    "being has have had of to in on at by an or as but not no so very some any all each such than then there " +
    "their they them he she his her we our you your my me us who whom which what when where while also can could " +
    "would should will may might must just like more most other own same too only both few"
  ).split(" "),
);
