/**
 * Caption variety (`tunelens train --caption-variety N`): N extra captions per training clip,
 * built at training time from the clip's own labels and captions, so the text tower also sees the
 * short prompts people type ("sad piano", "accordion folk", "fast techno") and reordered or
 * paraphrased tag lists, not only the corpus's long templated captions.
 *
 * Words come only from our own corpus vocabularies (src/corpus: genre aliases, tags, descriptors
 * and uses, GM instrument names, mood and tempo words) looked up by the clip's labels; a clip whose
 * labels name nothing we know (a user's catalog) gets recombinations of its captions' own short
 * fragments instead. Nothing here comes from an evaluation set's text.
 */
import { fittingDescriptors } from "../corpus/captioner.ts";
import { GENRES } from "../corpus/genres.ts";
import { GM_INSTRUMENTS } from "../corpus/instruments.ts";
import { MOOD_WORDS, TEMPO_WORDS, type MoodCategory, type TempoBucket } from "../corpus/moods.ts";
import { hash32, hashString, Rng } from "../util/random.ts";

export interface CaptionedClip {
  key: string;
  captions: readonly string[];
  /** flattened labels as readCorpus returns them (arrays joined with "|") */
  labels: Readonly<Record<string, string>>;
}

/** Phrasings per canonical instrument label ("electric piano" → Rhodes, e-piano, keys, …). */
const INSTRUMENT_NAMES: ReadonlyMap<string, readonly string[]> = (() => {
  const names = new Map<string, Set<string>>([["drums", new Set(["drums", "drum kit", "beat"])]]);
  for (const gm of GM_INSTRUMENTS) {
    const set = names.get(gm.label) ?? new Set<string>();
    for (const n of gm.names) set.add(n.toLowerCase());
    names.set(gm.label, set);
  }
  return new Map([...names].map(([label, set]) => [label, [...set]]));
})();

/** The words one clip's labels give each slot of a prompt. */
interface ClipWords {
  genres: readonly string[];
  tags: readonly string[];
  moods: readonly string[];
  tempos: readonly string[];
  /** one list of phrasings per instrument; pitched instruments first */
  instruments: readonly (readonly string[])[];
  pitched: number;
  descriptors: readonly string[];
  uses: readonly string[];
  tonality?: string;
  bpm?: string;
}

const split = (value: string | undefined): string[] => (value ? value.split("|").filter(Boolean) : []);

function clipWords(labels: Readonly<Record<string, string>>): ClipWords {
  const style = GENRES.find((g) => g.name === labels.genre || g.id === labels.genre);
  const moodLabels = split(labels.moods).length ? split(labels.moods) : split(labels.mood);
  const quadrant = labels.quadrant;
  const instrumentLabels = split(labels.instruments);
  const pitchedLabels = instrumentLabels.filter((l) => l !== "drums");
  const instruments = [...pitchedLabels, ...instrumentLabels.filter((l) => l === "drums")].map((l) => INSTRUMENT_NAMES.get(l) ?? [l]);
  return {
    genres: (style ? style.aliases : split(labels.genre)).map((g) => g.toLowerCase()),
    tags: split(labels.genreTags),
    moods: moodLabels.flatMap((m) => MOOD_WORDS[m as MoodCategory] ?? []),
    tempos: TEMPO_WORDS[labels.tempoBucket as TempoBucket] ?? [],
    instruments,
    pitched: pitchedLabels.length,
    descriptors: style ? fittingDescriptors(style.descriptors, quadrant === "Q2" || quadrant === "Q3") : [],
    uses: style?.uses ?? [],
    tonality: labels.tonality === "major" || labels.tonality === "minor" ? labels.tonality : undefined,
    bpm: labels.bpm && /^\d+(\.\d+)?$/.test(labels.bpm) ? labels.bpm : undefined,
  };
}

type Template = (w: ClipWords, rng: Rng) => string | null;

const any = <T>(rng: Rng, items: readonly T[]): T | null => (items.length ? rng.pick(items) : null);
/** Words of k different instruments (pitched ones when `pitchedOnly`), or null when there are fewer. */
function instrumentWords(w: ClipWords, rng: Rng, k: number, pitchedOnly = true): string[] | null {
  const pool = pitchedOnly ? w.instruments.slice(0, w.pitched) : w.instruments;
  if (pool.length < k) return null;
  return rng.sample(pool, k).map((names) => rng.pick(names));
}
const join = (...parts: (string | null | undefined)[]): string | null => (parts.every((p) => p) ? parts.join(" ") : null);

/** Short prompts (mostly 2–4 words) and one longer reordered tag list. */
const TEMPLATES: readonly Template[] = [
  (w, r) => join(any(r, w.moods), any(r, w.genres)),
  (w, r) => join(instrumentWords(w, r, 1)?.[0], any(r, w.genres)),
  (w, r) => join(any(r, w.genres), instrumentWords(w, r, 1)?.[0]),
  (w, r) => join(any(r, w.moods), instrumentWords(w, r, 1)?.[0]),
  (w, r) => join(any(r, w.genres), "with", instrumentWords(w, r, 1)?.[0]),
  (w, r) => ((i) => (i ? `${i[0]} and ${i[1]}` : null))(instrumentWords(w, r, 2, false)),
  (w, r) => join(any(r, w.tempos), any(r, w.genres)),
  (w, r) => join(any(r, w.descriptors), any(r, w.genres)),
  (w, r) => join(any(r, w.moods), any(r, w.tempos), any(r, w.genres)),
  (w, r) => ((i) => (i ? join(any(r, w.moods), any(r, w.genres), "with", `${i[0]} and ${i[1]}`) : null))(instrumentWords(w, r, 2, false)),
  (w, r) => join(any(r, w.genres), "for", any(r, w.uses)),
  (w, r) => (w.pitched === 1 ? join(r.pick(["solo", "just", "only"]), instrumentWords(w, r, 1)?.[0]) : null),
  (w, r) => any(r, w.genres),
  (w, r) => join(instrumentWords(w, r, 1)?.[0], r.pick(["music", "instrumental", "piece"])),
  (w, r) => join(any(r, w.moods), r.pick(["music", "song", "instrumental"])),
  (w, r) => (w.tonality ? join(`${w.tonality} key`, any(r, w.genres)) : null),
  (w, r) => (w.bpm ? join(any(r, w.genres), `${w.bpm} bpm`) : null),
  (w, r) => {
    const pool = [any(r, w.genres), any(r, w.moods), any(r, w.tempos), any(r, w.descriptors), any(r, w.tags), ...(instrumentWords(w, r, Math.min(2, w.instruments.length), false) ?? [])]
      .filter((x): x is string => !!x);
    const terms = [...new Set(r.sample(pool, r.int(3, 5)))];
    return terms.length >= 2 ? terms.join(r.pick([", ", " ", " / "])) : null;
  },
];

/** Short fragments of a clip's captions ("Genre: rock | Mood: sad" → "rock", "sad"), for clips without known labels. */
export function captionFragments(captions: readonly string[]): string[] {
  const fragments = captions
    .flatMap((c) => c.split(/[,;|/.:—–]+|\band\b|\bwith\b/i))
    .map((f) => f.trim().toLowerCase())
    .filter((f) => f && !/^(genre|style|moods?|feel|tempo|bpm|instruments?|instrumentation|key|tags|time signature)$/.test(f))
    .filter((f) => f.split(/\s+/).length <= 4);
  return [...new Set(fragments)];
}

/**
 * `count` distinct captions for one clip, none equal to its own captions; seeded by the training
 * seed and the clip key, so a run and its resume see the same texts. Fewer when the clip's
 * vocabulary cannot make that many.
 */
export function captionVariants(clip: CaptionedClip, count: number, seed: number): string[] {
  if (count <= 0) return [];
  const rng = new Rng(hash32(seed, hashString(clip.key)));
  const words = clipWords(clip.labels);
  const fromLabels = words.genres.length + words.instruments.length + words.moods.length > 0;
  const fragments = fromLabels ? [] : captionFragments(clip.captions);
  if (!fromLabels && fragments.length === 0) return [];
  const seen = new Set(clip.captions.map((c) => c.trim().toLowerCase()));
  const out: string[] = [];
  for (let attempt = 0; attempt < count * 12 && out.length < count; attempt++) {
    const text = fromLabels
      ? rng.pick(TEMPLATES)(words, rng)
      : rng.sample(fragments, rng.int(1, Math.min(3, fragments.length))).join(rng.pick([" ", ", "]));
    const clean = text?.replace(/\s+/g, " ").trim().toLowerCase();
    if (!clean || seen.has(clean)) continue;
    seen.add(clean);
    out.push(clean);
  }
  return out;
}
