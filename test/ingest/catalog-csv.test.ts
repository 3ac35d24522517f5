import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverCatalog } from "../../src/ingest/catalog-source.ts";
import { tempDir } from "../helpers/audio-fixtures.ts";

/** Real: files on disk parsed by csv-parse. */
describe("tracks.csv catalogs", () => {
  it("reads rows like tracks.jsonl lines: quoted fields, multi-valued tags, labels never read", async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "tracks.csv"),
      [
        "id,file,title,artist,description,tags,genre,bpm,labels.genre",
        't1,audio/a.wav,Night Drive,Kavinsky,"Synths, bass and a long, dark road",synthwave;retro,electronic,118,secret',
        "t2,audio/b.wav,,,,,,,secret",
      ].join("\n"),
    );
    const items = await discoverCatalog(dir);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      file: path.join(dir, "audio/a.wav"),
      externalId: "t1",
      catalog: path.basename(dir),
      title: "Night Drive",
      artist: "Kavinsky",
      metadata: { title: "Night Drive", artist: "Kavinsky", tags: ["synthwave", "retro"], genre: "electronic", bpm: 118 },
    });
    expect(items[0].descriptions).toEqual(["Night Drive by Kavinsky", "Synths, bass and a long, dark road", "synthwave, retro", "electronic"]);
    expect(JSON.stringify(items)).not.toContain("secret");
    expect(items[1]).toMatchObject({ externalId: "t2", title: null, metadata: {}, descriptions: [] });
  });

  it("names the line of a bad row and refuses files outside the folder", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "tracks.csv"), "id,file\nok,audio/a.wav\n,audio/b.wav\n");
    await expect(discoverCatalog(dir)).rejects.toThrow(/tracks\.csv:3: needs "id" and "file"/);
    writeFileSync(path.join(dir, "tracks.csv"), "id,file\nx,../../etc/passwd\n");
    await expect(discoverCatalog(dir)).rejects.toThrow(/is outside/);
    writeFileSync(path.join(dir, "tracks.csv"), 'id,file\n"unterminated,audio/a.wav\n');
    await expect(discoverCatalog(dir)).rejects.toThrow(/not valid CSV/);
  });
});
