import { byId } from "./dom.ts";

export interface Playable {
  trackId: string;
  title: string;
  audioUrl: string;
  /** the ranked answer and position it was played from (interaction logging) */
  queryId: string | null;
  rank: number | null;
}

/**
 * One shared <audio> element in the footer bar: starting a track stops the previous one, and the
 * native controls give seeking, volume and keyboard control. Play buttons reflect its state
 * through aria-pressed.
 */
export class Player {
  readonly audio = byId<HTMLAudioElement>("audio");
  private current: Playable | null = null;

  constructor(private readonly onPlay: (item: Playable) => void) {
    const sync = () => this.syncButtons();
    for (const ev of ["play", "pause", "ended", "emptied"]) this.audio.addEventListener(ev, sync);
    this.audio.addEventListener("error", () => {
      // Signed URLs expire after an hour: a fresh search hands out new ones.
      byId("now-playing-title").textContent = `${this.current?.title ?? "This track"} could not be played (search again for a fresh link)`;
    });
  }

  get playingId(): string | null {
    return this.current && !this.audio.paused ? this.current.trackId : null;
  }

  toggle(item: Playable): void {
    if (this.current?.trackId === item.trackId && this.current.audioUrl === item.audioUrl) {
      if (this.audio.paused) void this.audio.play().catch(() => {});
      else this.audio.pause();
      return;
    }
    this.current = item;
    this.audio.src = item.audioUrl;
    byId("player").hidden = false;
    byId("now-playing-title").textContent = item.title;
    void this.audio.play().then(
      () => this.onPlay(item),
      () => {}, // refused autoplay or a failed load: the error listener explains
    );
  }

  /** Marks every play button of the current track as pressed (a track may be listed twice). */
  syncButtons(): void {
    const playing = this.playingId;
    for (const btn of document.querySelectorAll<HTMLButtonElement>("button.play")) {
      const on = btn.dataset.trackId === playing;
      btn.setAttribute("aria-pressed", String(on));
      btn.setAttribute("aria-label", `${on ? "Pause" : "Play"} ${btn.dataset.title ?? ""}`.trim());
    }
  }
}
