import "./style.css";
import { GraphqlError, apiKey, request, upload } from "./api.ts";
import { bindAudioSearch, type AudioSource } from "./audio-search.ts";
import { bindFilterForm, filtersFromUrl, hasFilters, toFilterInput, withChip, writeFilters, type Filters } from "./filters.ts";
import { byId, h } from "./dom.ts";
import { debugSettings, experimentInput, renderDebugStrip } from "./experiment.ts";
import {
  AudioPageDocument,
  RecordInteractionDocument,
  SearchPageDocument,
  SimilarPageDocument,
  type RankedPageFragment,
  type TrackCardFragment,
} from "./generated/graphql.ts";
import { Player, type Playable } from "./player.ts";
import { resultItem, seedCard, trackTitle, type Edge, type ItemActions } from "./results-view.ts";

const PAGE_SIZE = 10;
const EXAMPLES = ["calm piano with strings", "happy upbeat ragtime", "solo trumpet", "energetic drum and bass", "waltz for a music box"];

/** What the page shows; mirrored in the URL (?q= or ?like=) so views can be shared and Back works. */
type View = { kind: "home" } | { kind: "search"; text: string } | { kind: "similar"; trackId: string } | { kind: "audio"; source: AudioSource };

const form = byId<HTMLFormElement>("search-form");
const input = byId<HTMLInputElement>("q");
const status = byId("status");
const list = byId<HTMLOListElement>("result-list");
const context = byId("context");
const loadMore = byId<HTMLButtonElement>("load-more");
const debug = debugSettings(new URLSearchParams(location.search));
const experiment = experimentInput(debug);

let inflight: AbortController | null = null;
let next: (() => Promise<void>) | null = null;

const player = new Player((item) => logInteraction(item.queryId, item.trackId, "PLAY", item.rank));

const actions: ItemActions = {
  play(track, edge) {
    if (!track.audioUrl) return;
    const item: Playable = { trackId: track.id, title: trackTitle(track), audioUrl: track.audioUrl, queryId: edge ? currentQueryId : null, rank: edge?.rank ?? null };
    player.toggle(item);
  },
  moreLikeThis(track, edge) {
    if (edge) logInteraction(currentQueryId, track.id, "CLICK", edge.rank);
    navigate({ kind: "similar", trackId: track.id }, { focus: true });
  },
  filterBy(chip) {
    applyFilters(withChip(filters, chip));
  },
};

let currentQueryId: string | null = null;
/** the filters in force (mirrored in the URL) and the view they apply to */
let filters: Filters = filtersFromUrl(new URLSearchParams(location.search));
let currentView: View = { kind: "home" };
/** a dropped file cannot live in the URL: Back to its answer works while the page is open */
let lastFile: File | null = null;
const filterForm = bindFilterForm((f) => applyFilters(f));

/** Re-runs the current question under new filters (a new history entry, so Back undoes it). */
function applyFilters(f: Filters): void {
  filters = f;
  navigate(currentView);
}

/** Feedback for experiments; never in the way of the page. */
function logInteraction(queryId: string | null, trackId: string, type: "PLAY" | "CLICK", rank: number | null): void {
  if (!queryId || rank == null) return;
  request(RecordInteractionDocument, { input: { queryId, trackId, type, position: rank } }).catch(() => {});
}

function viewFromUrl(): View {
  const params = new URLSearchParams(location.search);
  filters = filtersFromUrl(params);
  const like = params.get("like");
  if (like) return { kind: "similar", trackId: like };
  const audio = params.get("audio");
  if (audio === "file" && lastFile) return { kind: "audio", source: { kind: "file", file: lastFile } };
  if (audio && /^https?:\/\//i.test(audio)) return { kind: "audio", source: { kind: "url", url: audio } };
  const q = params.get("q")?.trim();
  return q ? { kind: "search", text: q } : { kind: "home" };
}

function urlFor(view: View): string {
  // Keep the debug parameters (unit, experiment, variant) across navigation.
  const params = new URLSearchParams(location.search);
  params.delete("q");
  params.delete("like");
  params.delete("audio");
  if (view.kind === "search") params.set("q", view.text);
  if (view.kind === "similar") params.set("like", view.trackId);
  if (view.kind === "audio") params.set("audio", view.source.kind === "file" ? "file" : view.source.url);
  writeFilters(params, filters);
  const qs = params.toString();
  return qs ? `/?${qs}` : "/";
}

function navigate(view: View, opts: { focus?: boolean } = {}): void {
  history.pushState(null, "", urlFor(view));
  void show(view, opts);
}

function setStatus(text: string, busy = false): void {
  status.textContent = text;
  byId("results").setAttribute("aria-busy", String(busy));
}

function showError(err: unknown): void {
  if ((err as Error).name === "AbortError") return;
  const e = err as GraphqlError;
  list.replaceChildren();
  loadMore.hidden = true;
  if (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN") {
    setStatus("This server asks for an API key to search.");
    context.replaceChildren(keyForm());
    return;
  }
  setStatus(`Something went wrong: ${e.message}`);
}

/** Servers with anonymous search off: paste a key with the search scope (kept for this tab). */
function keyForm(): HTMLElement {
  const field = h("input", { id: "api-key", type: "password", autocomplete: "off", placeholder: "tl_…", required: true });
  return h(
    "form",
    {
      class: "key-form",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        apiKey.set(field.value.trim());
        void show(viewFromUrl());
      },
    },
    h("label", { for: "api-key" }, "API key (scope search)"),
    field,
    h("button", { type: "submit", class: "primary" }, "Use key"),
  );
}

function appendPage(page: RankedPageFragment): void {
  currentQueryId = page.queryId;
  const answer = { queryId: page.queryId, variant: page.variant };
  for (const edge of page.edges) list.append(resultItem(edge as Edge, actions, debug ? answer : null));
  if (debug) renderDebugStrip(byId("debug-strip"), debug, answer);
  player.syncButtons();
}

async function show(view: View, opts: { focus?: boolean } = {}): Promise<void> {
  inflight?.abort();
  const ctrl = (inflight = new AbortController());
  next = null;
  loadMore.hidden = true;
  currentView = view;
  filterForm.show(filters);
  const filter = toFilterInput(filters);
  const filtered = hasFilters(filters) ? " (filtered)" : "";
  if (view.kind === "home") {
    list.replaceChildren();
    context.replaceChildren();
    setStatus("");
    document.title = "tunelens: find music by words or by sound";
    return;
  }
  setStatus("Searching…", true);
  try {
    if (view.kind === "search") {
      input.value = view.text;
      document.title = `${view.text} · tunelens`;
      // HYBRID: words also match titles, artists, albums and tags (docs/hybrid-search.md)
      const fetchPage = (after: string | null) =>
        request(SearchPageDocument, { text: view.text, first: PAGE_SIZE, after, experiment, filter, ranking: { signal: "HYBRID", alpha: 0.5 } }, ctrl.signal).then(
          (d) => d.searchTracks,
        );
      const page = await fetchPage(null);
      context.replaceChildren();
      list.replaceChildren();
      appendPage(page);
      setStatus(
        !page.edges.length
          ? filter
            ? `No tracks match these filters.`
            : `No tracks yet. Ingest some: npx tunelens ingest <folder>`
          : page.noGoodMatch
            ? `No close match for “${view.text}”${filtered} — nearest tracks:`
            : `${page.edges.length}${page.pageInfo.hasNextPage ? "+" : ""} results for “${view.text}”${filtered}${understood(page.interpretedQuery)}`,
      );
      paginate(page, fetchPage, view.text);
    } else if (view.kind === "audio") {
      const source = view.source;
      const what = source.kind === "file" ? source.file.name : source.url;
      document.title = `Like ${what} · tunelens`;
      const vars = { first: PAGE_SIZE, experiment, filter };
      // the file goes again with every page: the server keeps nothing of it
      const fetchPage = (after: string | null) =>
        (source.kind === "file"
          ? upload(AudioPageDocument, { ...vars, after, file: null }, "file", source.file, ctrl.signal)
          : request(AudioPageDocument, { ...vars, after, url: source.url }, ctrl.signal)
        ).then((d) => d.searchByAudio);
      const page = await fetchPage(null);
      context.replaceChildren();
      list.replaceChildren();
      appendPage(page);
      setStatus(page.edges.length ? `${page.edges.length}${page.pageInfo.hasNextPage ? "+" : ""} tracks that sound like “${what}”${filtered}` : "No tracks match.");
      paginate(page, fetchPage, what);
    } else {
      const fetchPage = (after: string | null) =>
        request(SimilarPageDocument, { trackId: view.trackId, first: PAGE_SIZE, after, experiment, filter }, ctrl.signal);
      const data = await fetchPage(null);
      const seed: TrackCardFragment = data.track;
      const title = trackTitle(seed);
      document.title = `Like ${title} · tunelens`;
      context.replaceChildren(seedCard(seed, actions, history.length > 1 ? () => history.back() : null));
      list.replaceChildren();
      appendPage(data.similarTracks);
      setStatus(`${data.similarTracks.edges.length}${data.similarTracks.pageInfo.hasNextPage ? "+" : ""} tracks like “${title}”${filtered}`);
      paginate(data.similarTracks, (after) => fetchPage(after).then((d) => d.similarTracks), title);
      if (opts.focus) byId("seed-heading").focus();
    }
  } catch (err) {
    showError(err);
  }
}

/** What the server read from the text beyond words (tempo, key), so users see why a track ranks high. */
function understood(q: { bpm: number | null; key: string | null } | null): string {
  if (!q) return "";
  const parts = [q.bpm !== null ? `≈${Math.round(q.bpm)} bpm` : null, q.key].filter((p): p is string => !!p);
  return parts.length ? ` · matched on ${parts.join(", ")}` : "";
}

function paginate(first: RankedPageFragment, fetchPage: (after: string | null) => Promise<RankedPageFragment>, what: string): void {
  let page = first;
  next = async () => {
    loadMore.disabled = true;
    try {
      page = await fetchPage(page.pageInfo.endCursor);
      const firstNew = list.children.length;
      appendPage(page);
      setStatus(`${list.children.length}${page.pageInfo.hasNextPage ? "+" : ""} results for “${what}”`);
      // Keyboard users continue where the new results start.
      list.children[firstNew]?.querySelector<HTMLElement>("button")?.focus();
    } catch (err) {
      showError(err);
    } finally {
      loadMore.disabled = false;
      loadMore.hidden = !page.pageInfo.hasNextPage;
    }
  };
  loadMore.hidden = !first.pageInfo.hasNextPage;
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = input.value.trim();
  if (text) navigate({ kind: "search", text });
});
loadMore.addEventListener("click", () => void next?.());
bindAudioSearch(
  (source) => {
    if (source.kind === "file") lastFile = source.file;
    navigate({ kind: "audio", source });
  },
  (message) => setStatus(message),
);
window.addEventListener("popstate", () => void show(viewFromUrl()));

byId("examples").replaceChildren(
  h("span", { class: "examples-label" }, "Try:"),
  ...EXAMPLES.map((text) => h("button", { type: "button", class: "example", onclick: () => navigate({ kind: "search", text }) }, text)),
);
if (debug) renderDebugStrip(byId("debug-strip"), debug, null);
void show(viewFromUrl());
