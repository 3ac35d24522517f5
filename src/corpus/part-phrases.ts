/**
 * How captions describe what each part does, derived from the pattern that wrote it
 * ("a walking bass line", "strums chords", "skanks on the offbeats").
 */
import type { PartParams } from "./part-params.ts";
import { DRUM_KITS, instrument } from "./instruments.ts";
import type { Rng } from "../util/random.ts";

/** A caption name for the part's instrument ("Rhodes", "808 drums", "string section"). */
export function partName(part: PartParams, rng: Rng): string {
  if (part.role === "drums") return rng.pick(DRUM_KITS[part.kit ?? "standard"].names);
  const gm = instrument(part.program);
  // A lead or pad patch playing the bass line is heard as a synth bass, whatever its GM name.
  if (part.role === "bass" && (gm.family === "synth" || gm.family === "pad")) return rng.pick(SYNTH_BASS_NAMES);
  return rng.pick(gm.names);
}

const SYNTH_BASS_NAMES = ["synth bass", "deep synth bass", "bass synth"];

/** Canonical label of a part, with the same synth-bass rule as partName. */
export function partLabel(role: PartParams["role"], program: number): string {
  if (role === "drums") return "drums";
  const gm = instrument(program);
  return role === "bass" && (gm.family === "synth" || gm.family === "pad") ? "synth bass" : gm.label;
}

/** Whether an instrument name is grammatically plural ("drums", "strings", "keys"; not "bass", "brass"). */
export function isPlural(name: string): boolean {
  return /[^s]s$/.test(name) && !/rhodes$/i.test(name);
}

/** Subject–verb agreement for instrument names ("drums play", "drum machine plays"). */
export function verb(name: string, singular: string, plural: string): string {
  return isPlural(name) ? plural : singular;
}

/** Puts an action phrase written for a singular subject ("carries the melody") into agreement with `name`. */
export function agree(name: string, action: string): string {
  if (!isPlural(name)) return action;
  const [first, ...rest] = action.split(" ");
  const base = first!.endsWith("ies") ? `${first!.slice(0, -3)}y`
    : /(ch|sh|x|ss)es$/.test(first!) ? first!.slice(0, -2)
    : first!.replace(/s$/, "");
  return [base, ...rest].join(" ");
}

export function bassLine(pattern: string, rng: Rng): string {
  if (pattern.includes("W")) return rng.pick(["a walking bass line", "a walking bassline", "a swinging walking bass"]);
  if (/8/.test(pattern)) return rng.pick(["an octave-jumping bassline", "a bouncing octave bass line", "a disco-style octave bass"]);
  if ((pattern.match(/-/g)?.length ?? 0) >= 8) return rng.pick(["long, deep bass notes", "a sustained, booming bass", "a deep sub bass"]);
  if ((pattern.match(/R/g)?.length ?? 0) >= 8) return rng.pick(["a pulsing bassline", "a driving eighth-note bass", "a relentless, chugging bass"]);
  if (/^\.+R/.test(pattern)) return rng.pick(["an offbeat bassline", "a bass that bounces on the offbeats"]);
  return rng.pick(["a groovy bassline", "a melodic bass line", "a syncopated bass groove", "a steady bass line"]);
}

export function compAction(pattern: string, rng: Rng): string {
  if (pattern.includes("s")) return rng.pick(["strums chords", "strums the chords", "plays a strummed accompaniment"]);
  if (pattern.includes("r")) return rng.pick(["plays bass notes and chords", "keeps an oom-pah accompaniment", "alternates low notes and chords"]);
  if (pattern.includes("a")) return rng.pick(["plays arpeggiated chords", "plays flowing arpeggios", "arpeggiates the harmony"]);
  const hits = pattern.match(/x/g)?.length ?? 0;
  if (hits <= 2 && pattern.includes("---")) return rng.pick(["holds sustained chords", "plays long, lush chords", "lays down a soft chord bed"]);
  if (/^\.\.x\./.test(pattern) || /^\.\.\.\.x/.test(pattern)) return rng.pick(["plays offbeat chord stabs", "skanks on the offbeats", "punctuates the offbeats with chords"]);
  if (hits >= 8) return rng.pick(["plays rhythmic chords", "chops out busy, rhythmic chords", "drives the harmony with repeated chords"]);
  return rng.pick(["plays the chords", "comps the chords", "plays syncopated chords"]);
}

export function leadAction(style: string | undefined, rng: Rng): string {
  switch (style) {
    case "riff": return rng.pick(["repeats a catchy riff", "plays a short, hooky motif", "loops a memorable riff"]);
    case "arp": return rng.pick(["plays fast arpeggios", "runs an arpeggiated lead", "spins arpeggios over the chords"]);
    case "long": return rng.pick(["plays long, sustained notes", "holds long melodic notes", "sings out sustained tones"]);
    case "bluesy": return rng.pick(["plays a bluesy lead line", "solos with blue notes", "plays a soulful, bluesy melody"]);
    default: return rng.pick(["plays the main melody", "carries the melody", "plays a lyrical melody", "leads with a singing melody"]);
  }
}

export function counterAction(kind: string | undefined, rng: Rng): string {
  if (kind === "pad") return rng.pick(["adds a soft pad in the background", "fills the background with sustained harmony", "swells underneath"]);
  if (kind === "arp") return rng.pick(["adds a shimmering arpeggio", "adds a sparkling arpeggio on top"]);
  return rng.pick(["answers with a counter-melody", "adds a second melodic line", "weaves a counter-line around the melody"]);
}

export function drumBeat(pattern: string | undefined, rng: Rng): string {
  const name = pattern ?? "steady";
  const a = /^[aeiou]/i.test(name) ? "an" : "a";
  // Pattern names that already end in a noun ("amen-style break") take no second one.
  if (/(beat|groove|break|drive|stomp|shuffle|swing|roll|pulse|triplets|sixteenths)$/.test(name)) return `${a} ${name} pattern`;
  return rng.pick([`${a} ${name} beat`, `${a} ${name} groove`, `${a} ${name} rhythm`]);
}
