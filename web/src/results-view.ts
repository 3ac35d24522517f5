import { chipsOf, type Chip } from "./chips.ts";
import { h } from "./dom.ts";
import type { RankedPageFragment, TrackCardFragment } from "./generated/graphql.ts";

export type Edge = RankedPageFragment["edges"][number];

export interface ItemActions {
  play(track: TrackCardFragment, edge: Edge | null): void;
  moreLikeThis(track: TrackCardFragment, edge: Edge | null): void;
  /** narrow the current results to tracks sharing this label (tempo: a range around it) */
  filterBy?(chip: Chip): void;
}

export function trackTitle(t: TrackCardFragment): string {
  return t.title ?? t.externalId?.replace(/\.[a-z0-9]+$/i, "").replace(/[-_]+/g, " ") ?? t.id;
}

function duration(seconds: number | null): string | null {
  if (seconds == null) return null;
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function playButton(track: TrackCardFragment, edge: Edge | null, actions: ItemActions): HTMLElement {
  const title = trackTitle(track);
  if (!track.audioUrl) return h("span", { class: "play play-none", title: "no audio file" }, "–");
  return h(
    "button",
    {
      type: "button",
      class: "play",
      "aria-pressed": "false",
      "aria-label": `Play ${title}`,
      "data-track-id": track.id,
      "data-title": title,
      onclick: () => actions.play(track, edge),
    },
    h("span", { class: "play-icon", "aria-hidden": "true" }),
  );
}

function chipList(track: TrackCardFragment, actions: ItemActions): HTMLElement | null {
  const chips = chipsOf(track);
  if (!chips.length) return null;
  const filterable = (c: Chip) => actions.filterBy && c.kind !== "key";
  return h(
    "ul",
    { class: "chips", "aria-label": "Labels" },
    ...chips.map((c) => {
      const title =
        c.imputed
          ? `${c.kind} · imputed from similar tracks in this catalog${c.imputed.confidence != null ? ` (confidence ${Math.round(c.imputed.confidence * 100)} %)` : ""}`
          : c.percentile != null
          ? `${c.kind} · more than ${Math.round(c.percentile * 100)} % of this catalog (score ${c.score!.toFixed(2)})`
          : c.score != null
            ? `${c.kind} · score ${c.score.toFixed(2)}`
            : c.kind;
      const content = [
        c.label,
        c.imputed
          ? h("span", { class: "chip-imputed" }, " imputed")
          : c.percentile != null
          ? h("span", { class: "chip-score" }, ` top ${Math.max(1, Math.round((1 - c.percentile) * 100))}%`)
          : c.score != null
            ? h("span", { class: "chip-score" }, ` ${Math.round(c.score * 100)}%`)
            : null,
      ];
      // a clickable chip filters the current results by its label
      return h(
        "li",
        { class: `chip chip-${c.kind}` },
        filterable(c)
          ? h("button", { type: "button", class: "chip-button", "data-chip-kind": c.kind, title: `${title} · show only tracks with this ${c.kind}`, onclick: () => actions.filterBy!(c) }, ...content)
          : h("span", { title }, ...content),
      );
    }),
  );
}

/** Byline: artist, album, duration — whatever the catalog knows. */
function byline(track: TrackCardFragment): string {
  return [track.artist, track.album, duration(track.durationSeconds)].filter(Boolean).join(" · ") || (track.externalId ?? "");
}

/** One result: play, title and byline, chips, score, "More like this". */
export function resultItem(edge: Edge, actions: ItemActions, debug: { queryId: string; variant: string | null } | null): HTMLLIElement {
  const t = edge.node;
  const title = trackTitle(t);
  // the bar shows the calibrated relevance when the server has it (raw cosines are not comparable across queries)
  const pct = Math.max(0, Math.min(1, edge.relevance ?? edge.score)) * 100;
  return h(
    "li",
    { class: "result", "data-track-id": t.id },
    playButton(t, edge, actions),
    h(
      "div",
      { class: "result-main" },
      h("h3", { class: "result-title" }, title),
      h("p", { class: "result-byline" }, byline(t)),
      chipList(t, actions),
      debug &&
        h(
          "p",
          { class: "result-debug" },
          `rank ${edge.rank} · variant ${edge.variant ?? debug.variant ?? "default"} · queryId ${debug.queryId}`,
        ),
    ),
    h(
      "div",
      { class: "result-side" },
      h(
        "div",
        {
          class: "score",
          title:
            edge.relevance != null
              ? `relevance ${Math.round(edge.relevance * 100)} % (calibrated against unrelated queries); cosine similarity ${edge.score.toFixed(2)}`
              : "cosine similarity to your query (higher is closer)",
        },
        h("span", { class: "score-label" }, "match"),
        h("span", { class: "score-value" }, edge.relevance != null ? `${Math.round(edge.relevance * 100)}%` : edge.score.toFixed(2)),
        h("span", { class: "score-bar", "aria-hidden": "true" }, h("span", { style: `width: ${pct.toFixed(0)}%` })),
      ),
      h(
        "button",
        { type: "button", class: "secondary more-like", "aria-label": `More like ${title}`, onclick: () => actions.moreLikeThis(t, edge) },
        "More like this",
      ),
    ),
  );
}

/** The seed track above a "more like this" list. */
export function seedCard(track: TrackCardFragment, actions: ItemActions, back: (() => void) | null): HTMLElement {
  return h(
    "div",
    { class: "seed" },
    back && h("button", { type: "button", class: "link back", onclick: back }, "← Back"),
    h(
      "div",
      { class: "seed-card" },
      playButton(track, null, actions),
      h(
        "div",
        { class: "result-main" },
        h("p", { class: "eyebrow" }, "Tracks that sound like"),
        h("h2", { class: "seed-title", id: "seed-heading", tabindex: "-1" }, trackTitle(track)),
        h("p", { class: "result-byline" }, byline(track)),
        chipList(track, actions),
      ),
    ),
  );
}
