/**
 * Captions a clip from the parameters that made it, in the phrasings real catalogues and
 * queries use: web tag lists, metadata fields, an LLM-style sentence, an expert description
 * (instruments, roles, chords, key, tempo, use), a short search query and a use-case request.
 * Every caption draws its own word choices, so two captions of one clip rarely share wording.
 */
import type { ClipParams, PartParams } from "./composer.ts";
import { genre as genreById } from "./genres.ts";
import { analyseMood, MOOD_WORDS, TEMPO_WORDS, tempoBucket, type MoodAnalysis, type MoodCategory, type Quadrant, type TempoBucket } from "./moods.ts";
import { agree, bassLine, compAction, counterAction, drumBeat, leadAction, partName, verb } from "./part-phrases.ts";
import { hash32, Rng } from "../util/random.ts";
import { beatsPerBar } from "./style.ts";
import { isMinorish, tempoTerm } from "./theory.ts";

const BRIGHT_WORDS = new Set(["sunny", "cheerful", "feel-good", "playful", "uplifting", "euphoric", "bright", "soaring", "heroic", "anthemic", "festive", "glittering"]);
const DARK_WORDS = new Set(["dark", "menacing", "moody", "brooding", "aggressive", "gritty"]);

/**
 * A genre's adjectives without those that contradict the clip's mood ("sunny" on a dark bossa);
 * all of them when every one clashes.
 */
export function fittingDescriptors(descriptors: readonly string[], negativeValence: boolean): readonly string[] {
  const clash = negativeValence ? BRIGHT_WORDS : DARK_WORDS;
  const fitting = descriptors.filter((d) => !clash.has(d));
  return fitting.length > 0 ? fitting : descriptors;
}

export const CAPTION_STYLES = ["tags", "metadata", "sentence", "expert", "short", "usecase"] as const;
export type CaptionStyle = (typeof CAPTION_STYLES)[number];
/** Styles that read like something a person would type or say, usable as evaluation queries. */
export const QUERY_STYLES: readonly CaptionStyle[] = ["sentence", "expert", "short", "usecase"];

/** Ground truth for evaluation and label-based positives; never fed to the model as text. */
export interface ClipLabels {
  genre: string;
  genreTags: string[];
  mood: MoodCategory;
  moods: MoodCategory[];
  quadrant: Quadrant;
  tempoBucket: TempoBucket;
  bpm: number;
  instruments: string[];
  key: string;
  mode: string;
  tonality: "major" | "minor";
  meter: string;
  density: string;
  dynamics: string;
}

interface Context {
  p: ClipParams;
  rng: Rng;
  mood: MoodAnalysis;
  genreName: () => string;
  moodWord: (i?: number) => string;
  tempoWord: () => string;
  descriptor: () => string;
  use: () => string;
}

function context(p: ClipParams, rng: Rng): Context {
  const style = genreById(p.genre);
  // Mood is a property of the clip, so it is analysed from a clip-fixed stream, not per caption.
  const mood = analyseMood(p, new Rng(hash32(p.seed, 77)));
  return {
    p, rng, mood,
    genreName: () => rng.pick(style.aliases),
    moodWord: (i = 0) => rng.pick(MOOD_WORDS[mood.moods[i] ?? mood.moods[0]!]),
    tempoWord: () => rng.pick(TEMPO_WORDS[tempoBucket(p.bpm)]),
    descriptor: () => rng.pick(fittingDescriptors(style.descriptors, mood.valence < 0)),
    use: () => rng.pick(style.uses),
  };
}

export function clipLabels(p: ClipParams): ClipLabels {
  const mood = analyseMood(p, new Rng(hash32(p.seed, 77)));
  return {
    genre: genreById(p.genre).name,
    genreTags: [...genreById(p.genre).tags],
    mood: mood.moods[0]!,
    moods: mood.moods,
    quadrant: mood.quadrant,
    tempoBucket: tempoBucket(p.bpm),
    bpm: p.bpm,
    instruments: [...new Set(p.parts.map((x) => x.label))],
    key: p.key,
    mode: p.mode,
    tonality: isMinorish(p.mode) ? "minor" : "major",
    meter: p.meter,
    density: p.density,
    dynamics: p.dynamics,
  };
}

export function caption(p: ClipParams, style: CaptionStyle, rng: Rng): string {
  const c = context(p, rng);
  switch (style) {
    case "tags": return tags(c);
    case "metadata": return metadata(c);
    case "sentence": return sentence(c);
    case "expert": return expert(c);
    case "short": return short(c);
    case "usecase": return usecase(c);
  }
}

export interface ClipDescription {
  captions: string[];
  captionStyles: CaptionStyle[];
  labels: ClipLabels;
  /** A query in a style none of the captions use (for validation clips). */
  query: { style: CaptionStyle; text: string };
}

/** All captions of a clip but the query's style, plus the held-out query. */
export function describeClip(p: ClipParams, seed: number): ClipDescription {
  const rng = new Rng(hash32(seed, p.seed));
  const queryStyle = rng.pick(QUERY_STYLES);
  const captionStyles = CAPTION_STYLES.filter((s) => s !== queryStyle);
  const captions = captionStyles.map((s) => caption(p, s, rng.fork(hash32(CAPTION_STYLES.indexOf(s)))));
  return { captions, captionStyles, labels: clipLabels(p), query: { style: queryStyle, text: caption(p, queryStyle, rng.fork(99)) } };
}

// ——— styles ———

function tags(c: Context): string {
  const { p, rng } = c;
  const style = genreById(p.genre);
  const items = [c.genreName(), ...rng.sample(style.tags.filter((t) => t !== style.name), rng.int(1, 2)),
    rng.chance(0.75) ? `${p.bpm} bpm` : c.tempoWord(), c.moodWord(0)];
  if (rng.chance(0.6)) items.push(c.moodWord(1));
  if (rng.chance(0.6)) items.push(c.descriptor());
  items.push(...instrumentNames(c, rng.int(2, 3)));
  if (rng.chance(0.35)) items.push(p.key.toLowerCase());
  if (rng.chance(0.3)) items.push("instrumental");
  const [first, ...rest] = items;
  return [first, ...rng.shuffle(rest)].join(", ").toLowerCase();
}

function metadata(c: Context): string {
  const { p, rng } = c;
  const sep = rng.pick([" | ", "; ", " / "]);
  const fields = [
    `${rng.pick(["Genre", "Style", "genre"])}: ${c.genreName()}`,
    `${rng.pick(["Mood", "Moods", "Feel"])}: ${unique([c.moodWord(0), c.moodWord(1)]).join(", ")}`,
    rng.chance(0.8) ? `${rng.pick(["BPM", "Tempo", "tempo"])}: ${p.bpm}` : `Tempo: ${c.tempoWord()}`,
    `${rng.pick(["Instruments", "Instrumentation"])}: ${instrumentNames(c, rng.int(2, 4)).join(", ")}`,
  ];
  if (rng.chance(0.6)) fields.push(`Key: ${p.key}`);
  if (rng.chance(0.3)) fields.push(`Time signature: ${p.meter}`);
  if (rng.chance(0.3)) fields.push(`Tags: ${c.descriptor()}, ${rng.pick(genreById(p.genre).tags)}`);
  return fields.join(sep);
}

function sentence(c: Context): string {
  const { p, rng } = c;
  const tempo = rng.chance(0.6)
    ? rng.pick([`at ${p.bpm} BPM`, `at around ${p.bpm} beats per minute`, `at ${p.bpm} bpm`])
    : ((w: string) => /tempo/.test(w) ? `with ${article(w)} ${w} feel` : rng.pick([`with ${article(w)} ${w} pulse`, `at ${article(w)} ${w} tempo`]))(c.tempoWord());
  const key = rng.chance(0.45) ? rng.pick([` in ${p.key}`, ` in the key of ${p.key}`]) : "";
  const tonality = rng.chance(0.3) ? `${isMinorish(p.mode) ? "minor" : "major"}-key ` : "";
  const noun = rng.pick(["track", "piece", "tune", "instrumental", "song"]);
  const parts = rng.shuffle(p.parts).slice(0, rng.int(2, 3)).map((x) => describedPart(c, x));
  const list = joinList(parts);
  const m1 = c.moodWord(0);
  const ending = rng.pick([
    `; ${c.moodWord(1)} and ${c.descriptor()}, suited to ${c.use()}.`,
    `. It feels ${c.moodWord(1)} and ${c.descriptor()}, perfect for ${c.use()}.`,
    `. The overall mood is ${c.moodWord(1)}, a good fit for ${c.use()}.`,
    `, creating a ${c.descriptor()}, ${c.moodWord(1)} atmosphere.`,
  ]);
  const body = rng.pick([
    () => `${article(m1)} ${m1} ${tonality}${withNoun(c.genreName(), noun)}${key} ${tempo} with ${list}`,
    () => `${capital(c.genreName())} ${noun}${key} ${tempo}, built on ${list}, with ${article(m1)} ${m1} feel`,
    () => `${capital(c.descriptor())} ${c.genreName()}${key} ${tempo}: ${list} set a ${m1} mood`,
    () => `${capital(list)} drive this ${m1} ${withNoun(c.genreName(), noun)}${key} ${tempo}`,
  ])();
  return capital(body + ending);
}

function expert(c: Context): string {
  const { p, rng } = c;
  const out: string[] = [];
  out.push(rng.pick([
    ((g: string) => `This is ${article(g)} ${withNoun(g, "piece")}.`)(c.genreName()),
    `This is an instrumental ${withNoun(c.genreName(), "track")}.`,
    `The song is an instrumental ${withNoun(c.genreName(), "tune")}.`,
    `This ${withNoun(c.genreName(), "piece")} is purely instrumental.`,
  ]));
  const order = rng.shuffle(p.parts).sort((a, b) => (a.role === "lead" ? -1 : b.role === "lead" ? 1 : 0));
  for (const part of order) out.push(roleSentence(c, part));
  if (!p.parts.some((x) => x.role === "drums") && rng.chance(0.5)) out.push(rng.pick(["There is no percussion.", "There are no drums in this piece."]));
  out.push(rng.pick([
    `The atmosphere is ${c.moodWord(0)} and ${c.moodWord(1)}.`,
    `The song is ${c.moodWord(0)} and ${c.moodWord(1)}.`,
    ((w: string) => `There is ${article(w)} ${w}, ${c.descriptor()} feel to this piece.`)(c.moodWord(0)),
  ]));
  if (rng.chance(0.7)) out.push(rng.pick([`This piece could be used in ${c.use()}.`, `It would suit ${c.use()}.`, `This song can be played for ${c.use()}.`]));
  const theory = [
    rng.pick([
      `The tempo is ${p.bpm} bpm.`, `The bpm is ${p.bpm}.0.`, `The tempo of this song is ${p.bpm}.0 beats per minute.`,
      `This song is in ${tempoTerm(p.bpm)}.`, `This song goes at ${p.bpm} beats per minute.`,
    ]),
  ];
  if (rng.chance(0.6)) theory.push(rng.pick([`The chord sequence is ${chordList(p.chords)}.`, `The chord progression in this song is ${chordList(p.chords)}.`]));
  if (rng.chance(0.5)) theory.push(rng.pick([`The time signature is ${p.meter}.`, `The beat counts to ${beatsPerBar(p.meter)}.`, `The beat is ${beatsPerBar(p.meter)}.`]));
  if (rng.chance(0.6)) theory.push(rng.pick([`The key of this song is ${p.key}.`, `This song is in the key of ${p.key}.`]));
  return [...out, ...rng.shuffle(theory)].join(" ");
}

function short(c: Context): string {
  const { p, rng } = c;
  const instr = instrumentNames(c, 1)[0]!;
  return rng.pick([
    () => `${c.moodWord(0)} ${c.tempoWord()} ${c.genreName()}`,
    () => `${c.moodWord(0)} ${c.genreName()} with ${instr}`,
    () => `${instr} ${c.genreName()}`,
    () => `${c.moodWord(0)} ${instr} music`,
    () => `${c.genreName()} ${p.bpm} bpm`,
    () => `${c.tempoWord()} ${c.moodWord(0)} ${withNoun(c.genreName(), "music")}`,
    () => `${c.descriptor()} ${c.genreName()}`,
  ])().toLowerCase();
}

function usecase(c: Context): string {
  const { rng } = c;
  const instr = instrumentNames(c, 1)[0]!;
  return rng.pick([
    () => `music for ${c.use()}: ${c.moodWord(0)} ${c.genreName()}`,
    () => `background music for ${c.use()} — ${c.moodWord(0)}, ${c.tempoWord()}, with ${instr}`,
    () => `something ${c.moodWord(0)} for ${c.use()}`,
    () => `${c.moodWord(0)} ${c.genreName()} to play for ${c.use()}`,
    () => ((w: string) => `I need ${article(w)} ${w} ${withNoun(c.genreName(), "track")} for ${c.use()}`)(c.tempoWord()),
    () => `a ${c.descriptor()} ${c.genreName()} soundtrack for ${c.use()}`,
  ])();
}

// ——— helpers ———

function instrumentNames(c: Context, k: number): string[] {
  // A single named instrument should be a melodic one: "piano music", not "drum kit music".
  const pitched = c.p.parts.filter((x) => x.role !== "drums");
  const pool = k === 1 && pitched.length > 0 ? pitched : c.p.parts;
  return unique(c.rng.shuffle(pool).slice(0, k).map((x) => partName(x, c.rng)));
}

/** Chord symbols with immediate repeats collapsed ("Em7, Em7, C" reads as "Em7, C"). */
function chordList(chords: string[]): string {
  return chords.filter((ch, i) => i === 0 || ch !== chords[i - 1]).slice(0, 8).join(", ");
}

function describedPart(c: Context, part: PartParams): string {
  const { rng } = c;
  const name = partName(part, rng);
  switch (part.role) {
    case "drums": return `${rng.pick(["crisp", "steady", "tight", "punchy", "loose"])} ${name}`;
    case "bass": {
      if (rng.chance(0.5)) return `${withArticle(name)} playing ${bassLine(part.pattern ?? "", rng)}`;
      const adjective = rng.pick(["deep", "round", "groovy", "warm"]);
      return `${article(adjective)} ${adjective} ${name}`;
    }
    case "lead": return rng.pick([`${withArticle(name)} carrying the melody`, `${withArticle(name)} playing the tune`]);
    default: return `${rng.pick(["a warm", "a soft", "a lush", "a bright", "a gentle"])} ${name}`;
  }
}

function roleSentence(c: Context, part: PartParams): string {
  const { rng } = c;
  const name = partName(part, rng);
  const the = rng.chance(0.5) || isPluralName(name) ? "The" : capital(article(name));
  switch (part.role) {
    case "drums": return rng.pick([
      `The ${name} ${verb(name, "plays", "play")} ${drumBeat(part.pattern, rng)}.`,
      `The rhythmic background consists of ${withArticle(name)} playing ${drumBeat(part.pattern, rng)}.`,
    ]);
    case "bass": return rng.pick([`${the} ${name} ${verb(name, "plays", "play")} ${bassLine(part.pattern ?? "", rng)}.`, `The bass line is held down by ${article(name)} ${name}.`]);
    case "chords": return `${the} ${name} ${agree(name, compAction(part.pattern ?? "", rng))}.`;
    case "lead": return `${the} ${name} ${agree(name, leadAction(part.style, rng))}.`;
    case "counter": return `${the} ${name} ${agree(name, counterAction(part.style, rng))}.`;
  }
}

/** "lo-fi beats" + "piece" stays "lo-fi beats"; "techno" + "piece" becomes "techno piece". */
function withNoun(genreAlias: string, noun: string): string {
  return /\b(music|song|beats?|score|piece|track|tune|jam|quartet|orchestra)$/i.test(genreAlias) ? genreAlias : `${genreAlias} ${noun}`;
}

function isPluralName(name: string): boolean {
  return verb(name, "", "plural") === "plural";
}

/** "a harp", "an organ", but plain "panpipes". */
function withArticle(name: string): string {
  return isPluralName(name) ? name : `${article(name)} ${name}`;
}

function article(word: string): string {
  return /^[aeiou8]/i.test(word) && !/^(uni|eu|one)/i.test(word) ? "an" : "a";
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
