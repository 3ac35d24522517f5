import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEBIAN_MUSIC_PACKAGES, findAudioFiles, readWarzoneAlbums, sonicPiCategory, titleFromFileName, toTrack,
} from "../../src/corpus/debian-music.ts";

const pkg = (name: string) => DEBIAN_MUSIC_PACKAGES.find((p) => p.name === name)!;

describe("debian music metadata", () => {
  const root = mkdtemp(join(tmpdir(), "tunelens-deb-"));
  afterAll(async () => rm(await root, { recursive: true, force: true }));

  it("titles files and categorises sonic-pi samples", () => {
    expect(titleFromFileName("/x/battle-epic_02.ogg")).toBe("Battle Epic 02");
    expect(titleFromFileName("/x/NorthernSnow.ogg")).toBe("Northern Snow");
    expect(sonicPiCategory("/s/loop_amen.flac")).toBe("drum loop");
    expect(sonicPiCategory("/s/bd_haus.flac")).toBe("bass drum");
    expect(sonicPiCategory("/s/unknown.flac")).toBeNull();
  });

  it("reads warzone album.json and builds records", async () => {
    const dir = join(await root, "usr/share/games/warzone2100/music/albums/a");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "album.json"), JSON.stringify({
      title: "Legacy", author: "Someone", tracks: [{ filename: "track1.opus", title: "Uncertain Future", bpm: 80 }],
    }));
    await writeFile(join(dir, "track1.opus"), "");
    await writeFile(join(dir, "cover.png"), "");
    const files = await findAudioFiles(await root);
    expect(files).toEqual([join(dir, "track1.opus")]);
    const albums = await readWarzoneAlbums(await root);
    const track = toTrack({ pkg: pkg("warzone2100-music"), version: "4.3.3-3", root: await root, path: files[0]!, tags: {}, warzone: albums.get("track1.opus") });
    expect(track).toMatchObject({
      id: "warzone2100-track1", file: "audio/warzone2100-track1.opus", title: "Uncertain Future",
      bpm: 80, artist: "Someone", album: "Legacy", licence: "GPL-2+",
    });
    expect(track.source).toBe("debian:warzone2100-music@4.3.3-3:/usr/share/games/warzone2100/music/albums/a/track1.opus");
  });

  it("labels sonic-pi samples with their category and CC0", async () => {
    const t = toTrack({ pkg: pkg("sonic-pi-samples"), version: "1", root: "/r", path: "/r/usr/share/sonic-pi/samples/elec_bong.flac", tags: {} });
    expect(t.labels).toEqual({ category: "electronic sound" });
    expect(t.description).toContain("an electronic sound");
    expect(t.licence).toBe("CC0-1.0");
  });
});
