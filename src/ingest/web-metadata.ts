import type { CheerioAPI } from "cheerio";
import type { MetadataFetchConfig } from "../config.ts";
import { safeFetch } from "./safe-fetch.ts";

/** What one metadata page or JSON API said about a track. */
export interface WebMetadata {
  url: string;
  descriptions: string[];
  genre: string[];
  mood: string[];
  bpm: number | null;
}

export interface TrackKeys {
  externalId: string | null;
  title: string | null;
  artist: string | null;
  album: string | null;
}

/** The page answered, but nothing usable could be read from it. */
export class MetadataJunkError extends Error {}

const PLACEHOLDER_RE = /\{(externalId|title|artist|album)\}/g;

/** Fills `{externalId}`, `{title}`, `{artist}`, `{album}`; null when a placeholder has no value. */
export function expandTemplate(template: string, keys: TrackKeys): string | null {
  let missing = false;
  const url = template.replace(PLACEHOLDER_RE, (_m, k: keyof TrackKeys) => {
    const v = keys[k];
    if (!v) missing = true;
    return encodeURIComponent(v ?? "");
  });
  return missing ? null : url;
}

/**
 * The web metadata source: fetches each configured URL template for a track through the guarded
 * fetcher and reads descriptions, genres, moods and tempo from JSON or HTML (a real parser:
 * cheerio; JSON-LD, Open Graph and meta tags). A 404 means "no page for this track", not an error.
 */
export class WebMetadataSource {
  constructor(private readonly cfg: MetadataFetchConfig) {}

  get enabled(): boolean {
    return this.cfg.urlTemplates.length > 0;
  }

  /** With no allowlist configured, the hosts of the URL templates themselves are allowed. */
  private get allowedHosts(): string[] {
    if (this.cfg.allowedHosts.length) return this.cfg.allowedHosts;
    return this.cfg.urlTemplates.map((t) => new URL(t.replace(PLACEHOLDER_RE, "x")).hostname.toLowerCase());
  }

  async fetchFor(keys: TrackKeys): Promise<WebMetadata[]> {
    const out: WebMetadata[] = [];
    for (const template of this.cfg.urlTemplates) {
      const url = expandTemplate(template, keys);
      if (!url) continue;
      const page = await safeFetch(url, {
        allowedHosts: this.allowedHosts,
        allowPrivateAddresses: this.cfg.allowPrivateAddresses,
        timeoutMs: this.cfg.timeoutMs,
        maxBytes: this.cfg.maxBytes,
      });
      if (page.status === 404 || page.status === 410) continue;
      if (page.status >= 500 || page.status === 429) throw new Error(`${page.url} answered HTTP ${page.status}`);
      if (page.status !== 200) throw new MetadataJunkError(`${page.url} answered HTTP ${page.status}`);
      const parsed = /json/i.test(page.contentType) ? parseJson(page.body, page.url) : await parseHtml(page.body, page.url);
      if (!parsed.descriptions.length && !parsed.genre.length && !parsed.mood.length && parsed.bpm === null) {
        throw new MetadataJunkError(`${page.url}: no metadata found in the page`);
      }
      out.push(parsed);
    }
    return out;
  }
}

function clean(v: unknown, max = 1000): string[] {
  const list = Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
  return list
    .filter((x): x is string => typeof x === "string")
    .map((x) => x.replace(/\s+/g, " ").trim().slice(0, max))
    .filter((x) => x.length >= 2);
}

function splitTags(v: unknown): string[] {
  return clean(v).flatMap((s) => s.split(/\s*,\s*/)).filter(Boolean);
}

function bpmOf(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number.parseFloat(v) : NaN;
  return Number.isFinite(n) && n >= 20 && n <= 400 ? n : null;
}

function result(url: string, descriptions: string[], genre: string[], mood: string[], bpm: number | null): WebMetadata {
  return { url, descriptions: [...new Set(descriptions)].slice(0, 10), genre: [...new Set(genre)].slice(0, 10), mood: [...new Set(mood)].slice(0, 10), bpm };
}

/** JSON APIs: the usual field names at the top level or under `track`. */
export function parseJson(body: string, url: string): WebMetadata {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MetadataJunkError(`${url}: the response is not valid JSON`);
  }
  const root = (json && typeof json === "object" ? ((json as { track?: unknown }).track ?? json) : {}) as Record<string, unknown>;
  if (!root || typeof root !== "object") throw new MetadataJunkError(`${url}: the JSON is not an object`);
  return result(
    url,
    [...clean(root.description), ...clean(root.summary), ...clean(root.caption)],
    [...splitTags(root.genre), ...splitTags(root.genres), ...splitTags(root.tags)],
    [...splitTags(root.mood), ...splitTags(root.moods)],
    bpmOf(root.bpm ?? root.tempo),
  );
}

/** HTML pages: JSON-LD (schema.org MusicRecording), Open Graph, meta description/keywords, itemprop. */
export async function parseHtml(body: string, url: string): Promise<WebMetadata> {
  // cheerio (with parse5 and undici, ≈250 modules) loads with the first page, not with the server
  const cheerio = await import("cheerio");
  const $ = cheerio.load(body);
  const descriptions = [
    ...clean($('meta[name="description"]').attr("content")),
    ...clean($('meta[property="og:description"]').attr("content")),
    ...clean($('[itemprop="description"]').first().text()),
  ];
  const genre = [...splitTags($('meta[name="keywords"]').attr("content")), ...$('[itemprop="genre"]').map((_i, el) => $(el).attr("content") ?? $(el).text()).get().flatMap(splitTags)];
  const mood: string[] = [];
  let bpm: number | null = null;
  $('script[type="application/ld+json"]').each((_i, el) => {
    let data: unknown;
    try {
      data = JSON.parse($(el).text());
    } catch {
      return; // one broken block does not spoil the rest of the page
    }
    for (const node of Array.isArray(data) ? data : [data]) {
      if (!node || typeof node !== "object") continue;
      const n = node as Record<string, unknown>;
      descriptions.push(...clean(n.description));
      genre.push(...splitTags(n.genre));
      mood.push(...splitTags(n.mood));
      bpm ??= bpmOf(n.bpm ?? n.tempo);
    }
  });
  // Catalog pages (ccMixter, Bandcamp-like shops) state tempo as text: "BPM: 174", "174 bpm".
  bpm ??= bpmOf($('meta[name="bpm"]').attr("content") ?? $('[itemprop="tempo"], [itemprop="bpm"]').first().text()) ?? bpmInText(visibleText($));
  return result(url, descriptions, genre, mood, bpm);
}

/** The page's text with a space between elements ("<span>BPM</span><span>174</span>" → "BPM 174"), scripts left out. */
function visibleText($: CheerioAPI): string {
  const body = $("body").clone();
  body.find("script, style, noscript").remove();
  return (body.html() ?? "").replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ");
}

/**
 * The one tempo a page's text states ("BPM: 174", "tempo 90", "128 bpm"), or null when it states
 * none or several different ones (a list of related tracks is no statement about this one).
 */
export function bpmInText(text: string): number | null {
  const found = new Set<number>();
  for (const m of text.matchAll(/\b(?:bpm|tempo)\s*[:=]?\s*(\d{2,3}(?:\.\d+)?)(?!\d)|(?<![\d.])(\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats per minute)\b/gi)) {
    const v = bpmOf(m[1] ?? m[2]);
    if (v !== null) found.add(v);
  }
  return found.size === 1 ? [...found][0] : null;
}
