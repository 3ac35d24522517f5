/**
 * Drum grooves by style, as sixteenth-note grids ("1e&a 2e&a 3e&a 4e&a" for 4/4). The genre
 * definitions pick from these; several per genre so two clips of one genre still differ.
 */
import type { DrumPattern } from "./style.ts";

const P = (name: string, lanes: DrumPattern["lanes"]): DrumPattern => ({ name, lanes });

export const ROCK = [
  P("rock backbeat", { kick: "X... .... X... ....", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("rock push", { kick: "X... ..x. X.x. ....", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("rock ride", { kick: "X... ..x. X... ..x.", snare: ".... X... .... X...", ride: "x.x. x.x. x.x. x.x.", crash: "X... .... .... ...." }),
  P("rock sixteenths", { kick: "X... .x.. X.x. ....", snare: ".... X..o .... X...", hat: "xoxo xoxo xoxo xoxo" }),
];

export const PUNK = [
  P("punk drive", { kick: "X.x. X.x. X.x. X.x.", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("punk beat", { kick: "X... X... X... X...", snare: "..x. ..x. ..x. ..x.", crash: "x... x... x... x..." }),
];

export const METAL = [
  P("double kick", { kick: "xxxx xxxx xxxx xxxx", snare: ".... X... .... X...", crash: "x... x... x... x..." }),
  P("metal gallop", { kick: "X.xx X.xx X.xx X.xx", snare: ".... X... .... X...", china: "x... .... x... ...." }),
  P("half-time metal", { kick: "X..x X.x. X..x x.x.", snare: ".... .... X... ....", ride: "x.x. x.x. x.x. x.x." }),
];

export const POP = [
  P("pop groove", { kick: "X... ..x. X... ....", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("pop four", { kick: "X... X... X... X...", clap: ".... X... .... X...", hat: "..x. ..x. ..x. ..x.", shaker: "xoxo xoxo xoxo xoxo" }),
  P("pop sixteenths", { kick: "X... ..x. ..x. ....", snare: ".... X... .... X...", clap: ".... x... .... x...", hat: "xxxx xxxx xxxx xxxx" }),
];

export const HOUSE = [
  P("house", { kick: "X... X... X... X...", clap: ".... X... .... X...", open: "..x. ..x. ..x. ..x.", hat: "o.o. o.o. o.o. o.o." }),
  P("deep house", { kick: "X... X... X... X...", rim: "...x ..x. ...x .x..", open: "..x. ..x. ..x. ..x.", shaker: "oxoo oxoo oxoo oxoo" }),
  P("garage house", { kick: "X... X... X... X...", clap: ".... X... .... X..o", hat: "x.xx x.xx x.xx x.xx", open: "..x. ..x. ..x. ..x." }),
];

export const TECHNO = [
  P("techno", { kick: "X... X... X... X...", open: "..x. ..x. ..x. ..x.", hat: "xoxx xoxx xoxx xoxx", clap: ".... x... .... x..." }),
  P("minimal techno", { kick: "X... X... X... X...", rim: "...x ..x. ...x ..x.", hat: "..x. ..x. ..x. ..x." }),
  P("industrial techno", { kick: "X... X... X... X.x.", snare2: ".... x... .... x...", hat: "xxxx xxxx xxxx xxxx", tomL: "...x .... ..x. ...." }),
];

export const TRANCE = [
  P("trance", { kick: "X... X... X... X...", clap: ".... X... .... X...", open: "..X. ..X. ..X. ..X.", hat: "xxxx xxxx xxxx xxxx" }),
  P("trance roll", { kick: "X... X... X... X...", snare2: ".... .... .... xxxx", open: "..x. ..x. ..x. ..x." }),
];

export const DNB = [
  P("two-step", { kick: "X... .... ..X. ....", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("amen-style break", { kick: "X.X. .... ..X. ....", snare: ".... X..o .o.. X..o", ride: "x.x. x.x. x.x. x.x." }),
  P("rolling break", { kick: "X... .... ..X. .X..", snare: ".... X... .... X...", hat: "xxxx xxxx xxxx xxxx", shaker: "o.o. o.o. o.o. o.o." }),
];

export const BOOM_BAP = [
  P("boom bap", { kick: "X... ...x ..X. ....", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("head nod", { kick: "X..x .... X.x. ....", snare: ".... X... .... X..o", hat: "x.xx x.x. x.xx x.x." }),
];

export const LOFI = [
  P("lo-fi beat", { kick: "X... ..x. ..X. ....", snare: ".... x... .... x...", hat: "x.x. x.o. x.x. x.o." }),
  P("lazy beat", { kick: "X... .... X.x. ....", rim: ".... x... .... x...", shaker: "x.o. x.o. x.o. x.o." }),
];

export const TRAP = [
  P("trap", { kick: "X... .... ..X. ....  X..X .... .... ....", clap: ".... .... X... ....", hat: "x.x. x.x. xrx. xxrr" }),
  P("trap triplets", { kick: "X... ..X. .... ..x.", snare: ".... .... X... ....", hat: "xxxx x.x. xxxx rrrr", open: ".... .... .... ..x." }),
];

export const RNB = [
  P("neo soul", { kick: "X..x ..x. .x.. ....", snare: ".... X... .... X..o", hat: "xxxx xxxx xxxx xxxx" }),
  P("slow jam", { kick: "X... ..x. X... ....", rim: ".... X... .... X...", hat: "x.x. x.x. x.x. x.xx" }),
];

export const FUNK = [
  P("funk", { kick: "X..x ..x. ..X. .x..", snare: ".... X..o .o.. X..o", hat: "xxxx xxxx xxxx xxxx" }),
  P("funk break", { kick: "X.x. ..x. .xX. ....", snare: ".... X.o. .o.o X...", hat: "x.x. x.x. x.x. x.X." }),
];

export const DISCO = [
  P("disco", { kick: "X... X... X... X...", snare: ".... X... .... X...", open: "..X. ..X. ..X. ..X.", hat: "x.x. x.x. x.x. x.x." }),
  P("disco sixteenths", { kick: "X... X... X... X...", clap: ".... X... .... X...", hat: "xxXx xxXx xxXx xxXx", tamb: "..x. ..x. ..x. ..x." }),
];

export const JAZZ = [
  P("swing ride", { ride: "x... x.x. x... x.x.", pedal: ".... x... .... x...", kick: "o... o... o... o..." }),
  P("swing comping", { ride: "x... x.x. x... x.x.", pedal: ".... x... .... x...", snare: "...o .... ..o. ...." }),
];

export const BRUSH = [
  P("brush swing", { snare: "o.o. o.o. o.o. o.o.", pedal: ".... x... .... x...", kick: "o... .... o... ...." }),
];

export const BOSSA = [
  P("bossa nova", { rim: "x..x ..x. ..x. .x..", kick: "x..x x..x x..x x..x", hat: "x.x. x.x. x.x. x.x." }),
  P("samba-bossa", { rim: "x..x ..x. ..x. .x..", kick: "x..x x..x x..x x..x", shaker: "xoxo xoxo xoxo xoxo" }),
];

export const BLUES = [
  P("shuffle", { kick: "X... .... X... ....", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("slow blues", { kick: "X... .... X..x ....", snare: ".... X... .... X...", ride: "x.x. x.x. x.x. x.x." }),
];

export const REGGAE = [
  P("one drop", { kick: ".... .... X... ....", rim: ".... .... X... ....", hat: "x.x. x.x. x.x. x.x." }),
  P("steppers", { kick: "X... X... X... X...", rim: ".... X... .... X...", hat: "..x. ..x. ..x. ..x." }),
  P("rockers", { kick: "X... .... X... ....", snare: ".... .... X... ....", hat: "x.xx x.xx x.xx x.xx" }),
];

export const SALSA = [
  P("son clave", {
    claves: "x..x ...x .... ....  .... x... x... ....", cowbell: "X... x.x. X... x.x.",
    congaL: ".... ..x. .... ..xx", congaH: "..x. .... ..x. ....", kick: ".... ..x. .... ..x.",
  }),
  P("timbale groove", {
    claves: ".... x... x... ....  x..x ...x .... ....", timbaleH: "x.xx x.xx x.xx x.xx",
    congaL: ".... ..x. .... ..xx", guiro: "x.xx x.xx x.xx x.xx",
  }),
];

export const COUNTRY = [
  P("train beat", { snare: "oxoX oxoX oxoX oxoX", kick: "X... .... X... ...." }),
  P("boom chick", { kick: "X... .... X... ....", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
];

export const FOLK_44 = [
  P("folk stomp", { kick: "X... .... X... ....", tamb: ".... x... .... x...", shaker: "x.x. x.x. x.x. x.x." }),
];

export const WALTZ = [
  P("waltz", { kick: "X... .... ....", snare: ".... x... x...", hat: "x... x... x..." }),
  P("waltz brushes", { kick: "x... .... ....", rim: ".... o... o...", ride: "x... x.x. x..." }),
];

export const SIX_EIGHT = [
  P("six-eight", { kick: "X... .... x...", snare: ".... .... ....  .... X... ....", hat: "x.x. x.x. x.x." }),
  P("jig", { tomL: "X... x.x. x...", tamb: "..x. .... ..x.", kick: "X... .... ...." }),
];

export const CINEMATIC = [
  P("epic toms", { tomL: "X..x ..X. X..x ..x.", tomM: ".... x... .... x...", kick: "X... .... X... ....", crash: "X... .... .... ...." }),
  P("war drums", { tomL: "X.x. X.x. X.x. XxXx", kick: "X... X... X... X...", snare2: ".... X... .... X..." }),
];

export const SYNTHWAVE = [
  P("synthwave", { kick: "X... X... X... X...", snare: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
  P("eighties pop", { kick: "X... ..x. X... ....", snare: ".... X... .... X...", hat: "xxxx xxxx xxxx xxxx", tomM: ".... .... .... ..xx" }),
];

export const CHIPTUNE = [
  P("chip beat", { kick: "X... ..X. X... ....", snare2: ".... X... .... X...", hat: "x.x. x.x. x.x. x.x." }),
];

export const AMBIENT = [
  P("ambient pulse", { shaker: "x... .... x... ....", kick: "x... .... .... ...." }),
  P("soft rim", { rim: ".... .... x... ....", shaker: "o.o. o.o. o.o. o.o." }),
];

export const BALLAD = [
  P("ballad", { kick: "X... .... .... ....", rim: ".... .... x... ....", hat: "x.x. x.x. x.x. x.x." }),
  P("power ballad", { kick: "X... .... X.x. ....", snare: ".... .... X... ....", ride: "x.x. x.x. x.x. x.x." }),
];
