import { byId } from "./dom.ts";

/** What to search by sound: a file (dropped or chosen; kept in memory for paging) or a URL. */
export type AudioSource = { kind: "file"; file: File } | { kind: "url"; url: string };

/** Largest file the page sends (the server's default limit, TUNELENS_AUDIO_QUERY_MAX_MB). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * The "search by a clip" box: drop a file on it, choose one, or paste an http(s) URL. The file
 * never leaves the browser except in the search request itself; the server does not keep it.
 */
export function bindAudioSearch(onSearch: (source: AudioSource) => void, onRefuse: (message: string) => void): void {
  const zone = byId("drop-zone");
  const fileInput = byId<HTMLInputElement>("audio-file");
  const urlForm = byId<HTMLFormElement>("audio-url-form");
  const urlInput = byId<HTMLInputElement>("audio-url");

  const take = (file: File | undefined) => {
    if (!file) return;
    if (file.size === 0) return onRefuse(`${file.name} is empty.`);
    if (file.size > MAX_FILE_BYTES) return onRefuse(`${file.name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
    onSearch({ kind: "file", file });
  };
  fileInput.addEventListener("change", () => {
    take(fileInput.files?.[0]);
    fileInput.value = ""; // choosing the same file again searches again
  });
  zone.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (ev) => {
    ev.preventDefault();
    zone.classList.remove("dragging");
    take(ev.dataTransfer?.files?.[0]);
  });
  urlForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const url = urlInput.value.trim();
    if (!/^https?:\/\//i.test(url)) return onRefuse("Paste an http(s) link to an audio file.");
    onSearch({ kind: "url", url });
  });
}
